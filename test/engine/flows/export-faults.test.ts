// Fault injection: the real export chain (Set Contra Accounts → Map Category → Export Expense →
// Pleo › Report Results) in n8n-core's engine against both sandboxes, under 429 storms, 5xx bursts,
// timeouts, connections dropped after Procountor committed, a Pleo job expiring mid-run, a
// redelivered webhook, an execution retried and a restart in the middle of a job.
// Invariants over every scenario (> 1,000 exports in total):
//  - 0 duplicate journals: no two ledger receipts carry the same idempotency tag;
//  - 0 lost expenses: every expense ends as a journal or as a failed item result in Pleo with a
//    known failureReasonType and a non-empty failureReason.
import type { IDataObject } from 'n8n-workflow';
import { findTagInName, idempotencyTag } from '../../../nodes/Procountor/core';
import { ITEM_FAILURE_REASONS, startPleoSandbox, type PleoSandbox } from '../../../sandbox/pleo';
import { startProcountorSandbox, type ProcountorSandbox } from '../../../sandbox/procountor';
import { exportItemsOf, exportWorkflow } from '../../../bench/common';
import { createHarness, node, type Harness } from '../../harness';
import { procountorApiKeyCredentials } from '../helpers';

jest.setTimeout(150_000);

let exportsRun = 0;
const open: Array<{ close(): Promise<void> }> = [];
afterAll(async () => {
	await Promise.all(open.map((s) => s.close()));
	// the suite as a whole must have pushed more than 1,000 exports through the chain
	expect(exportsRun).toBeGreaterThanOrEqual(1000);
});

interface Env {
	pc: ProcountorSandbox;
	pleo: PleoSandbox;
	harness(): Promise<Harness>;
}

async function env(rateLimitPerSecond = 0): Promise<Env> {
	const pc = await startProcountorSandbox({ rateLimitPerSecond });
	const pleo = await startPleoSandbox();
	open.push(pc, pleo);
	return {
		pc,
		pleo,
		harness: () =>
			createHarness({
				credentials: {
					// the sandbox's rate limit is off unless a scenario tests it: a budget far above it
					procountorApi: { ...procountorApiKeyCredentials(pc), requestsPerSecond: 200 },
					pleoApi: {
						apiKey: pleo.apiKey,
						environment: 'custom',
						baseUrl: pleo.url,
						companyId: pleo.companyId,
					},
				},
			}),
	};
}

async function pleoPost(pleo: PleoSandbox, path: string, body: unknown) {
	const res = await fetch(`${pleo.url}${path}`, {
		method: 'POST',
		headers: {
			authorization: `Basic ${Buffer.from(`${pleo.apiKey}:`).toString('base64')}`,
			'content-type': 'application/json',
		},
		body: JSON.stringify(body),
	});
	return res.status;
}

/** Queues n generated expenses (one receipt each), clicks Export and starts the job. */
async function newJob(e: Env, ids: string[]) {
	const job = await e.pleo.clickExport({ accountingEntryIds: ids });
	expect(await pleoPost(e.pleo, '/v3/export-job-events', { jobId: job.id, event: 'started' })).toBe(
		202,
	);
	return { jobId: job.id, items: await exportItemsOf(e.pleo, job.id) };
}

/** The chain plus Pleo's Report Results; `report: false` stops after Export Expense. */
async function runChain(
	h: Harness,
	items: IDataObject[],
	opts: { report?: boolean; exportOptions?: IDataObject } = {},
) {
	// the credential allows 200/s (the sandbox's rate limit is off unless a scenario tests it)
	const wf = exportWorkflow({ concurrency: 4, ...(opts.exportOptions ?? {}) });
	if (opts.report !== false) {
		const report = node(
			'Report Results',
			'pleo',
			{ resource: 'exportItem', operation: 'reportResults' },
			{
				credentials: { pleoApi: { id: '3', name: 'Pleo key' } },
			},
		);
		wf.nodes.push(report);
		wf.connections['Export Expense'] = {
			main: [[{ node: 'Report Results', type: 'main' as never, index: 0 }]],
		};
	}
	exportsRun += items.length;
	const r = await h.run(wf, { input: { node: 'Set Contra Accounts', items } });
	return { r, out: r.json('Export Expense') };
}

function journals(e: Env) {
	return e.pc.state.companies[1001].ledgerReceipts;
}

/** 0 duplicate journals. */
function expectNoDuplicates(e: Env) {
	const tags = journals(e).map((j) => findTagInName(j.name));
	const dup = tags.filter((t, i) => t !== null && tags.indexOf(t) !== i);
	expect(dup).toEqual([]);
}

/** 0 lost: each expense has a journal, or a clear failed result in the given Pleo job. */
function expectNoneLost(e: Env, jobId: string, ids: string[]) {
	const job = e.pleo.state.jobs.get(jobId);
	expect(job).toBeDefined();
	const byId = new Map(job!.items.map((i) => [i.accountingEntryId, i]));
	const tags = new Set(journals(e).map((j) => findTagInName(j.name)));
	const lost: string[] = [];
	const partial: string[] = [];
	for (const id of ids) {
		const inPleo = byId.get(id);
		if (tags.has(idempotencyTag(id))) {
			// exported; or half-exported (journal posted, receipt upload failed) and reported as a
			// clear failure, which the next export completes by reusing the journal
			if (inPleo && inPleo.status !== 'successful') {
				partial.push(`${id}: ${inPleo.failureReasonType}: ${inPleo.failureReason}`);
				if (!clearFailure(inPleo))
					lost.push(`${id}: journal exists but Pleo says ${inPleo.status}`);
			}
			continue;
		}
		if (inPleo && clearFailure(inPleo)) continue;
		lost.push(`${id}: no journal and Pleo item ${inPleo?.status ?? 'missing'}`);
	}
	expect(lost).toEqual([]);
	return partial;
}

function clearFailure(i: {
	status: string;
	failureReasonType?: string | null;
	failureReason?: string | null;
}) {
	return (
		i.status === 'failed' &&
		typeof i.failureReasonType === 'string' &&
		(ITEM_FAILURE_REASONS as readonly string[]).includes(i.failureReasonType) &&
		typeof i.failureReason === 'string' &&
		i.failureReason.trim().length > 0
	);
}

describe('fault injection over the export chain', () => {
	test('a storm of 429s (sandbox limit 8 req/s, node paced at 18): retried, nothing duplicated or lost', async () => {
		const e = await env(8);
		const ids = e.pleo.addExpenses(60);
		const { jobId, items } = await newJob(e, ids);
		const { r, out } = await runChain(await e.harness(), items, {
			exportOptions: { requestsPerSecond: 18 },
		});
		expect(r.error).toBeUndefined();
		expect(e.pc.requests.filter((q) => q.status === 429).length).toBeGreaterThan(0);
		expect(out.filter((o) => o.status === 'successful').length).toBe(ids.length);
		expectNoDuplicates(e);
		expectNoneLost(e, jobId, ids);
	});

	test('bursts of 5xx (20 % of calls): retried or failed per item, never duplicated', async () => {
		const e = await env();
		e.pc.setFaults({ errorRate: 0.2 });
		const ids = e.pleo.addExpenses(150);
		const { jobId, items } = await newJob(e, ids);
		const h = await e.harness();
		const { r } = await runChain(h, items);
		expect(r.error).toBeUndefined();
		expectNoDuplicates(e);
		expectNoneLost(e, jobId, ids);
		// the failed ones are retryable: the next export (faults gone) completes every expense
		e.pc.setFaults({ errorRate: 0 });
		expect(
			await pleoPost(e.pleo, '/v3/export-job-events', { jobId, event: 'completed_with_errors' }),
		).toBe(202);
		const again = await newJob(
			e,
			ids.filter((id) => e.pleo.state.expenses.get(id)?.exportStatus !== 'EXPORTED'),
		);
		await runChain(h, again.items);
		expect(journals(e)).toHaveLength(ids.length);
		expect(journals(e).every((j) => j.attachments.length === 1)).toBe(true);
		expectNoDuplicates(e);
		expect(
			expectNoneLost(
				e,
				again.jobId,
				again.items.map((i) => String(i.accountingEntryId)),
			),
		).toEqual([]);
	});

	test('connections dropped after Procountor committed (25 %): found again by tag, never re-posted', async () => {
		const e = await env();
		e.pc.setFaults({ dropAfterCommitRate: 0.25 });
		const ids = e.pleo.addExpenses(150);
		const { jobId, items } = await newJob(e, ids);
		const { r } = await runChain(await e.harness(), items);
		expect(r.error).toBeUndefined();
		expect(e.pc.requests.some((q) => q.status === 0)).toBe(true);
		expectNoDuplicates(e);
		expectNoneLost(e, jobId, ids);
	});

	test('timeouts (a request hangs until the connection is cut): the chain finishes, nothing duplicated or lost', async () => {
		const e = await env();
		e.pc.setFaults({ timeoutNext: 1 });
		const ids = e.pleo.addExpenses(30);
		const { jobId, items } = await newJob(e, ids);
		const { r } = await runChain(await e.harness(), items);
		expect(r.error).toBeUndefined();
		expectNoDuplicates(e);
		expectNoneLost(e, jobId, ids);
	});

	test('the execution retried (Retry On Fail / re-run on the same items) after faults: no duplicates, all exported', async () => {
		const e = await env();
		e.pc.setFaults({ errorRate: 0.15, dropAfterCommitRate: 0.15 });
		const ids = e.pleo.addExpenses(120);
		const { jobId, items } = await newJob(e, ids);
		const h = await e.harness();
		await runChain(h, items, { report: false });
		e.pc.setFaults({ errorRate: 0, dropAfterCommitRate: 0 });
		const { r, out } = await runChain(h, items);
		expect(r.error).toBeUndefined();
		expect(out.filter((o) => o.status === 'successful').length).toBe(ids.length);
		expect(journals(e)).toHaveLength(ids.length);
		expectNoDuplicates(e);
		expectNoneLost(e, jobId, ids);
	});

	test('a webhook redelivered: the same job exported twice gives one journal per expense', async () => {
		const e = await env();
		const ids = e.pleo.addExpenses(100);
		const { jobId, items } = await newJob(e, ids);
		const h = await e.harness();
		await runChain(h, items);
		const { r, out } = await runChain(h, items);
		expect(r.error).toBeUndefined();
		expect(out.every((o) => (o.procountor as IDataObject | undefined)?.reused === true)).toBe(true);
		expect(journals(e)).toHaveLength(ids.length);
		expectNoDuplicates(e);
		expectNoneLost(e, jobId, ids);
	});

	test('a restart in the middle of a job: a fresh harness re-runs the whole job, no duplicates', async () => {
		const e = await env();
		const ids = e.pleo.addExpenses(150);
		const { jobId, items } = await newJob(e, ids);
		await runChain(await e.harness(), items.slice(0, 75), { report: false });
		const { r, out } = await runChain(await e.harness(), items);
		expect(r.error).toBeUndefined();
		expect(
			out.filter((o) => (o.procountor as IDataObject | undefined)?.reused === true),
		).toHaveLength(75);
		expect(journals(e)).toHaveLength(ids.length);
		expectNoDuplicates(e);
		expectNoneLost(e, jobId, ids);
	});

	test('the Pleo job expires mid-run: reporting fails, the next job reuses the journals', async () => {
		const e = await env();
		const ids = e.pleo.addExpenses(100);
		const first = await newJob(e, ids);
		const h = await e.harness();
		await runChain(h, first.items, { report: false });
		e.pleo.advanceClock(2 * 3_600_000);
		// reporting into the expired job fails as a whole; the expenses go back to Pleo's queue
		const late = await runChain(h, first.items);
		expect(e.pleo.getJob(first.jobId)?.status).toBe('failed');
		expect(late.r.error ?? late.r.json('Report Results').length === 0).toBeTruthy();
		const second = await newJob(e, ids);
		const { r, out } = await runChain(h, second.items);
		expect(r.error).toBeUndefined();
		expect(out.every((o) => o.status === 'successful')).toBe(true);
		expect(journals(e)).toHaveLength(ids.length);
		expectNoDuplicates(e);
		expectNoneLost(e, second.jobId, ids);
	});
});
