// The Pleo Trigger in a real n8n under the deliveries production sends: the same delivery again
// 1.5 s later while a 60-expense export still runs, the same delivery twice at the same instant,
// and deliveries that cannot be served (unknown job id, expired job). Every case must end with
// one execution per job, 60 journals for 60 expenses and every item reported to Pleo once;
// the undeliverable ones get 2xx and start nothing.
import { startPleoSandbox, signWebhook, type PleoSandbox } from '../../sandbox/pleo';
import { startProcountorSandbox, type ProcountorSandbox } from '../../sandbox/procountor';
import {
	EXAMPLE_FILES,
	createSandboxCredentials,
	executionError,
	loadExample,
	nodeByName,
	nodeOutput,
	packPackage,
	productionWebhookUrl,
	startN8n,
	type CredentialRefs,
	type N8nServer,
} from './lib';

jest.setTimeout(300_000);

const EXPENSES = 60;
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

let n8n: N8nServer;
let pc: ProcountorSandbox;
let pleo: PleoSandbox;
let refs: CredentialRefs;
let workflowId: string;
let hookUrl: string;

beforeAll(async () => {
	pc = await startProcountorSandbox();
	// a little latency per Procountor call, so a 60-expense export lasts well beyond 1.5 s
	pc.setFaults({ latencyMs: 40 });
	pleo = await startPleoSandbox({ webhookRetryDelaysMs: [500, 2000] });
	n8n = await startN8n({ packageTgz: await packPackage(), logName: 'n8n-trigger-redelivery' });
	refs = await createSandboxCredentials(n8n, { pleoUrl: pleo.url, procountorUrl: pc.url });
	const json = loadExample(EXAMPLE_FILES.exportWebhook, refs);
	hookUrl = productionWebhookUrl(n8n, nodeByName(json, 'Pleo Trigger'));
	workflowId = await n8n.importWorkflow(json);
	await n8n.activateWorkflow(workflowId);
}, 300_000);

afterAll(async () => {
	await n8n?.stop();
	await pc?.close();
	await pleo?.close();
}, 30_000);

const company = () => pc.state.companies[1001];

function subscription() {
	const subs = [...pleo.state.subscriptions.values()].filter(
		(s) => s.endpointUrl === hookUrl && !s.deletedAt,
	);
	expect(subs).toHaveLength(1);
	return subs[0];
}

/** A delivery signed with the subscription's secret, exactly as Pleo sends it. */
function signedDelivery(body: string, webhookId: string) {
	const ts = Math.floor(Date.now() / 1000);
	return {
		'content-type': 'application/json',
		'webhook-id': webhookId,
		'webhook-timestamp': String(ts),
		'webhook-signature': signWebhook(subscription().secretKey, webhookId, ts, body),
	};
}

async function deliver(body: string, webhookId: string): Promise<{ status: number; json: any }> {
	const res = await fetch(hookUrl, {
		method: 'POST',
		headers: signedDelivery(body, webhookId),
		body,
	});
	const text = await res.text();
	let json: any = text;
	try {
		json = JSON.parse(text);
	} catch {
		// keep the text
	}
	return { status: res.status, json };
}

/** The event body Pleo sends for a job (data = the job as it was created). */
function jobCreatedBody(jobId: string): string {
	const job = pleo.getJob(jobId)!;
	return JSON.stringify({
		data: { ...job, status: 'pending' },
		eventType: 'v1.export-job.created',
		eventId: `evt_${jobId}`,
	});
}

/** A job of `count` new expenses, created while the subscription is paused (no delivery). */
async function quietJob(count = EXPENSES): Promise<string> {
	const ids = pleo.addExpenses(count);
	const sub = subscription();
	sub.status = 'INACTIVE';
	try {
		return (await pleo.clickExport({ accountingEntryIds: ids })).id;
	} finally {
		sub.status = 'ACTIVE';
	}
}

async function executionsNow(): Promise<number> {
	return (await n8n.listExecutions(workflowId)).length;
}

/** Waits for `count` finished executions, then a while longer to catch a late second one. */
async function settle(count: number) {
	await n8n.waitForExecutions(workflowId, count, 180_000);
	await sleep(3000);
	return await n8n.listExecutions(workflowId);
}

/** One journal per expense of the job, and every item reported to Pleo exactly once. */
function expectExportedOnce(jobId: string) {
	const rec = pleo.state.jobs.get(jobId)!;
	const ids = rec.items.map((i) => i.accountingEntryId);
	expect(ids).toHaveLength(EXPENSES);
	const reportsPerItem = new Map<string, number>();
	for (const r of rec.reports) {
		reportsPerItem.set(r.accountingEntryId, (reportsPerItem.get(r.accountingEntryId) ?? 0) + 1);
	}
	expect([...reportsPerItem.keys()].sort()).toEqual([...ids].sort());
	expect([...reportsPerItem.values()].every((n) => n === 1)).toBe(true);
	expect(rec.items.every((i) => i.status === 'successful')).toBe(true);
	expect(rec.job.status).toBe('completed');
	const externalIds = new Set(rec.items.map((i) => String(i.externalId)));
	const journals = company().ledgerReceipts.filter((j) => externalIds.has(String(j.id)));
	expect(journals).toHaveLength(EXPENSES);
	// and no other journal of these expenses: the name carries the expense, so count by job
	return journals.length;
}

describe('a redelivery during a running export', () => {
	it('the same delivery again 1.5 s later (while 60 expenses export) starts nothing', async () => {
		const before = await executionsNow();
		const journalsBefore = company().ledgerReceipts.length;
		const ids = pleo.addExpenses(EXPENSES);
		const clickedAt = Date.now();
		const job = await pleo.clickExport({ accountingEntryIds: ids });
		// Pleo's own first delivery
		let first: (typeof pleo.deliveries)[number] | undefined;
		for (let i = 0; i < 100 && !first; i++) {
			first = pleo.deliveries.find(
				(d) => d.eventType === 'v1.export-job.created' && d.at >= clickedAt,
			);
			if (!first) await sleep(50);
		}
		expect(first).toMatchObject({ status: 200 });
		await sleep(Math.max(0, first!.at + 1500 - Date.now()));
		// the export is still running: the job is in progress, not finished
		expect(pleo.getJob(job.id)?.status).toBe('in_progress');
		const remembered = async () =>
			(await n8n.getWorkflow(workflowId)).staticData?.['node:Pleo Trigger']?.acceptedWebhookIds;
		console.log(
			`remembered webhook-ids in the database 1.5 s after the first delivery: ${JSON.stringify(await remembered())}`,
		);
		// the same webhook-id, by hand (so the answer can be read) and by Pleo's own redelivery
		const again = await deliver(jobCreatedBody(job.id), first!.id);
		expect(again.status).toBe(200);
		// either the remembered webhook-id or the job's state answers it; never a new execution
		expect(['duplicate', 'in_progress']).toContain(again.json.status);
		console.log(`redelivery 1.5 s later answered ${JSON.stringify(again.json)}`);
		console.log(
			`remembered webhook-ids after the redelivery: ${JSON.stringify(await remembered())}`,
		);
		await pleo.redeliver(first!.id);
		const lastAttempt = pleo.deliveries.filter((d) => d.id === first!.id).at(-1);
		expect(lastAttempt?.status).toBe(200);

		const all = await settle(before + 1);
		expect(all).toHaveLength(before + 1);
		const exec = await n8n.getExecution(all[0].id, true);
		expect(executionError(exec)).toBeUndefined();
		expect(nodeOutput(exec, 'Pleo Trigger')).toHaveLength(EXPENSES);
		// Export Expense's output carries no signed receipt link (those stay in the trigger's output)
		const exported = JSON.stringify(nodeOutput(exec, 'Export Expense'));
		expect(exported).not.toContain('/_files/');
		expect(JSON.stringify(nodeOutput(exec, 'Pleo Trigger'))).toContain('/_files/');
		expect(expectExportedOnce(job.id)).toBe(EXPENSES);
		expect(company().ledgerReceipts.length - journalsBefore).toBe(EXPENSES);
		expect(
			pleo.state.events.filter((e) => e.type === 'job_started' && e.jobId === job.id),
		).toHaveLength(1);
	});

	it('the same delivery twice at the same instant: one execution, 60 journals', async () => {
		const before = await executionsNow();
		const journalsBefore = company().ledgerReceipts.length;
		const jobId = await quietJob();
		const body = jobCreatedBody(jobId);
		const webhookId = `msg_same_instant_${jobId}`;
		const answers = await Promise.all([deliver(body, webhookId), deliver(body, webhookId)]);
		expect(answers.map((a) => a.status)).toEqual([200, 200]);
		const started = answers.filter((a) => a.json?.status === 'started');
		const refused = answers.filter((a) => a.json?.status !== 'started');
		expect(started.map((a) => a.json)).toEqual([
			{ status: 'started', jobId, webhookId, items: EXPENSES },
		]);
		expect(refused).toHaveLength(1);
		expect(['already_in_progress', 'in_progress', 'duplicate']).toContain(refused[0].json.status);
		console.log(
			`twice at the same instant: the second answered ${JSON.stringify(refused[0].json)}`,
		);

		const all = await settle(before + 1);
		expect(all).toHaveLength(before + 1);
		expect(expectExportedOnce(jobId)).toBe(EXPENSES);
		expect(company().ledgerReceipts.length - journalsBefore).toBe(EXPENSES);
	});
});

describe('deliveries that cannot be served', () => {
	it('an unknown job id: 2xx "unknown_job", no execution, one warning line', async () => {
		const before = await executionsNow();
		const webhookId = 'msg_unknown_job_1';
		const body = JSON.stringify({
			data: { id: 'job_that_pleo_never_made', status: 'pending' },
			eventType: 'v1.export-job.created',
			eventId: 'evt_unknown',
		});
		const res = await deliver(body, webhookId);
		expect(res.status).toBe(200);
		expect(res.json).toMatchObject({ status: 'unknown_job', jobId: 'job_that_pleo_never_made' });
		await sleep(2000);
		expect(await executionsNow()).toBe(before);
		const warnings = n8n
			.logTail(400)
			.split('\n')
			.filter((l) => l.includes(webhookId) && l.includes('job_that_pleo_never_made'));
		expect(warnings).toHaveLength(1);
		expect(warnings[0]).toMatch(/cannot be served \(unknown_job\)/);
	});

	it('an expired job: 2xx "job_expired", no execution', async () => {
		const jobId = await quietJob(2);
		pleo.advanceClock(61 * 60_000);
		expect(pleo.getJob(jobId)?.status).toBe('failed');
		const before = await executionsNow();
		const res = await deliver(jobCreatedBody(jobId), `msg_expired_${jobId}`);
		expect(res.status).toBe(200);
		expect(res.json).toMatchObject({ status: 'job_expired', jobId });
		await sleep(2000);
		expect(await executionsNow()).toBe(before);
		expect(n8n.logTail(400)).toContain(`export job ${jobId} cannot be served (job_expired)`);
	});
});
