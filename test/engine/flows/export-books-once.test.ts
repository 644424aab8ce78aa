// Books exactly once, whatever Procountor shows (issue 9). The export chain (Set Contra Accounts →
// Map Category → Export Expense → Pleo › Report Results) runs in n8n-core's engine against both
// sandboxes, once per Procountor sandbox variant of what the API reference leaves open:
// ledger receipts that list their invoice's attachments or not (or have no such field), an
// attachment search that is licensed or answers 403, a company whose VAT statuses differ from the
// default (no 8 or 9, reverse charge on 6), invalidation limited to UNFINISHED journals with
// invalidated journals hidden from the search, and closed tracking periods. Each variant exports,
// re-exports, re-exports after a bookkeeper invalidated a journal, and runs two executions of
// the same expenses at the same moment.
import type { IDataObject, INode } from 'n8n-workflow';
import { findTagInName, idempotencyTag } from '../../../nodes/Procountor/core';
import { startPleoSandbox, type PleoSandbox } from '../../../sandbox/pleo';
import {
	startProcountorSandbox,
	type LedgerReceipt,
	type ProcountorBehaviours,
	type ProcountorSandbox,
} from '../../../sandbox/procountor';
import { searchBarrierTimeout } from '../../../sandbox/procountor/barrier';
import { exportItemsOf, exportWorkflow } from '../../../bench/common';
import { createHarness, findOne, getOne, node, type Harness } from '../../harness';
import { api } from '../../sandbox/helpers/procountor';
import { procountorApiKeyCredentials } from '../helpers';

const TEST_TIMEOUT_MS = 180_000;
jest.setTimeout(TEST_TIMEOUT_MS);

// The search barrier (concurrentExecutions) opens when the searches of all n executions arrived.
// Its own timeout (10 s, for a barrier armed by hand) opened it early on a loaded machine, with
// the race not run. Here it waits for the searches: only the test's timeout ends a wait for one
// that never comes.
const barrierTimeoutMs = searchBarrierTimeout.ms;
beforeAll(() => {
	searchBarrierTimeout.ms = TEST_TIMEOUT_MS;
});
afterAll(() => {
	searchBarrierTimeout.ms = barrierTimeoutMs;
});

interface Env {
	pc: ProcountorSandbox;
	pleo: PleoSandbox;
	harness(): Promise<Harness>;
}

const open: Array<{ close(): Promise<void> }> = [];
afterAll(async () => {
	await Promise.all(open.map((s) => s.close()));
});

async function env(behaviours: Partial<ProcountorBehaviours> = {}): Promise<Env> {
	const pc = await startProcountorSandbox({ rateLimitPerSecond: 0, behaviours });
	const pleo = await startPleoSandbox();
	open.push(pc, pleo);
	return {
		pc,
		pleo,
		harness: () =>
			createHarness({
				credentials: {
					// the sandbox's rate limit is off: a budget far above Procountor's
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

async function startJob(e: Env, ids?: string[]) {
	const job = await e.pleo.clickExport(ids ? { accountingEntryIds: ids } : undefined);
	const res = await fetch(`${e.pleo.url}/v3/export-job-events`, {
		method: 'POST',
		headers: {
			authorization: `Basic ${Buffer.from(`${e.pleo.apiKey}:`).toString('base64')}`,
			'content-type': 'application/json',
		},
		body: JSON.stringify({ jobId: job.id, event: 'started' }),
	});
	expect(res.status).toBe(202);
	return { jobId: job.id, items: await exportItemsOf(e.pleo, job.id) };
}

/** Completes a Pleo job (Pleo runs one job per company at a time). */
async function endJob(e: Env, jobId: string) {
	const res = await fetch(`${e.pleo.url}/v3/export-job-events`, {
		method: 'POST',
		headers: {
			authorization: `Basic ${Buffer.from(`${e.pleo.apiKey}:`).toString('base64')}`,
			'content-type': 'application/json',
		},
		body: JSON.stringify({ jobId, event: 'completed_with_errors' }),
	});
	expect(res.status).toBe(202);
}

interface ChainOptions {
	exportOptions?: IDataObject;
	taxRows?: IDataObject[];
	report?: boolean;
}

/** The chain as a user configures it, plus Report Results into the Pleo job. */
async function runChain(h: Harness, items: IDataObject[], o: ChainOptions = {}) {
	const wf = exportWorkflow({ concurrency: 4, ...(o.exportOptions ?? {}) });
	const map = wf.nodes.find((n) => n.name === 'Map Category') as INode;
	if (o.taxRows) map.parameters.taxCodeMappings = { mappings: o.taxRows } as never;
	if (o.report !== false) {
		wf.nodes.push(
			node(
				'Report Results',
				'pleo',
				{ resource: 'exportItem', operation: 'reportResults' },
				{ credentials: { pleoApi: { id: '3', name: 'Pleo key' } } },
			),
		);
		wf.connections['Export Expense'] = {
			main: [[{ node: 'Report Results', type: 'main' as never, index: 0 }]],
		};
	}
	const r = await h.run(wf, { input: { node: 'Set Contra Accounts', items } });
	expect(r.error).toBeUndefined();
	return r.json('Export Expense');
}

const journals = (e: Env): LedgerReceipt[] => e.pc.state.companies[1001].ledgerReceipts;
const tagOf = (id: unknown) => idempotencyTag(String(id));
const validFor = (e: Env, id: unknown) =>
	journals(e).filter((j) => j.status !== 'INVALIDATED' && findTagInName(j.name) === tagOf(id));
const filesOf = (e: Env, invoiceId: number) =>
	e.pc.state.companies[1001].attachments
		.filter((a) => a.referenceType === 'INVOICE' && a.referenceId === invoiceId)
		.map((a) => a.name);
const writes = (e: Env, path: string) =>
	e.pc.requests.filter((r) => r.method === 'POST' && r.path === `/api${path}`).length;
const proc = (o: IDataObject) => (o.procountor ?? {}) as IDataObject;
/** An execution's result for one expense. */
const resultFor = (out: IDataObject[], id: unknown) =>
	findOne(out, (x) => x.accountingEntryId === id, `result for expense ${String(id)}`);

/** Every expense: at most one valid journal. Returns the expenses with exactly one. */
function expectAtMostOneValid(e: Env, ids: string[]): number {
	let one = 0;
	const twice: string[] = [];
	for (const id of ids) {
		const n = validFor(e, id).length;
		if (n > 1) twice.push(`${id}: ${validFor(e, id).map((j) => j.id)}`);
		if (n === 1) one++;
	}
	expect(twice).toEqual([]);
	return one;
}

/**
 * Runs `n` executions of the chain on the same items at the same moment (each with its own
 * harness, like separate workers). The sandbox's search barrier holds the idempotency searches
 * until all `n` have arrived, so no execution sees another's journals and every one posts every
 * expense: the race really happens, each time. Then the promise: per expense exactly one valid
 * journal, the lowest id of all posted, carrying the receipt; the others invalidated by the
 * executions that posted them; every execution's result and Pleo name the survivor.
 */
async function concurrentExecutions(e: Env, n: number, count: number, o: ChainOptions = {}) {
	const ids = e.pleo.addExpenses(count);
	const { jobId, items } = await startJob(e, ids);
	const harnesses = await Promise.all(Array.from({ length: n }, () => e.harness()));
	// warm each worker up (node loading, token) with a Dry Run, so that they really start together
	for (const h of harnesses) {
		await runChain(h, items.slice(0, 1), { ...o, exportOptions: { dryRun: true }, report: false });
	}
	const postsBefore = writes(e, '/ledgerreceipts');
	e.pc.setBehaviours({ searchBarrier: n });
	const outs = await Promise.all(harnesses.map((h) => runChain(h, items, o)));
	// the barrier opened because all n searches arrived (it disarms itself), not left armed
	expect(e.pc.state.behaviours.searchBarrier).toBe(0);
	const ours = (id: string) => journals(e).filter((j) => findTagInName(j.name) === tagOf(id));
	// every execution posted every expense: n journals per expense, n - 1 of them invalidated
	const posted = writes(e, '/ledgerreceipts') - postsBefore;
	expect(posted).toBe(n * ids.length);
	const invalidated = journals(e).filter(
		(j) => j.status === 'INVALIDATED' && ids.some((id) => findTagInName(j.name) === tagOf(id)),
	);
	expect(invalidated).toHaveLength((n - 1) * ids.length);
	expect(expectAtMostOneValid(e, ids)).toBe(ids.length);
	const job = getOne(e.pleo.state.jobs, jobId, 'Pleo job');
	for (const id of ids) {
		const all = ours(id);
		expect(all).toHaveLength(n);
		const survivor = validFor(e, id)[0];
		expect(survivor.id).toBe(Math.min(...all.map((j) => j.id)));
		for (const out of outs) {
			expect(resultFor(out, id)).toMatchObject({
				status: 'successful',
				externalId: String(survivor.id),
			});
		}
		expect(job.items.find((i) => i.accountingEntryId === id)).toMatchObject({
			status: 'successful',
			externalId: String(survivor.id),
		});
		// the survivor carries the receipt even when its own execution's upload was the loser's
		expect(filesOf(e, survivor.invoiceId).length).toBeGreaterThanOrEqual(1);
	}
	// each execution but the one that posted the survivor reports the duplicate it invalidated
	const reportedDuplicates = outs.flat().filter((x) => proc(x).duplicateInvalidated !== undefined);
	expect(reportedDuplicates).toHaveLength((n - 1) * ids.length);
	await endJob(e, jobId);
	return { ids, posted, invalidated: invalidated.length, outs };
}

interface Variant {
	behaviours: Partial<ProcountorBehaviours>;
	/** whether the node can tell which receipts a journal that exists already carries */
	verifiable: boolean;
	taxRows?: IDataObject[];
	/** VAT status the reverse-charge expense is booked with */
	reverseStatus: number;
}

const VARIANTS: Array<[string, Variant]> = [
	[
		'ledger receipts list their invoice attachments (default)',
		{ behaviours: {}, verifiable: true, reverseStatus: 9 },
	],
	[
		'ledger receipts list only their own attachments; attachment search licensed',
		{ behaviours: { receiptAttachments: 'ledgerReceiptOnly' }, verifiable: true, reverseStatus: 9 },
	],
	[
		'no attachments field; attachment search answers 403',
		{
			behaviours: { receiptAttachments: 'absent', attachmentSearch: 'forbidden' },
			verifiable: false,
			reverseStatus: 9,
		},
	],
	[
		'ledger receipts list only their own attachments; attachment search answers 403',
		{
			behaviours: { receiptAttachments: 'ledgerReceiptOnly', attachmentSearch: 'forbidden' },
			verifiable: false,
			reverseStatus: 9,
		},
	],
	[
		'VAT statuses without 8 and 9, reverse charge on 6 (EURC → 6, 25.5 %)',
		{
			behaviours: { vatStatuses: 'alternative' },
			verifiable: true,
			taxRows: [{ taxCode: 'EURC', vatStatus: 6, vatPercent: 25.5 }],
			reverseStatus: 6,
		},
	],
	[
		'reverse-charge statuses under other numbers, described in Finnish (EURC → 4 without a row)',
		{ behaviours: { vatStatuses: 'renumbered' }, verifiable: true, reverseStatus: 4 },
	],
	[
		'invalidation of UNFINISHED journals only; invalidated journals hidden from the search',
		{
			behaviours: { invalidation: 'unfinishedOnly', invalidatedInSearch: 'hidden' },
			verifiable: true,
			reverseStatus: 9,
		},
	],
];

describe.each(VARIANTS)('Procountor variant: %s', (_name, v) => {
	let e: Env;
	let h: Harness;
	let seeded: { jobId: string; items: IDataObject[] };
	let first: IDataObject[];
	const chain = (items: IDataObject[], o: ChainOptions = {}) =>
		runChain(h, items, { taxRows: v.taxRows, ...o });

	beforeAll(async () => {
		e = await env(v.behaviours);
		h = await e.harness();
		seeded = await startJob(e);
	});

	test('export and re-export: one valid journal per expense, reverse charge by Pleo tax type, receipts attached once where Procountor can tell', async () => {
		first = await chain(seeded.items);
		const ok = first.filter((o) => o.status === 'successful');
		expect(ok.length).toBeGreaterThanOrEqual(10);
		expect(
			expectAtMostOneValid(
				e,
				ok.map((o) => String(o.accountingEntryId)),
			),
		).toBe(ok.length);
		for (const o of ok) expect(proc(o).receiptsVerified).toBe(true);

		// the EU reverse-charge purchase: Pleo type reverse → self-assessed, net = gross
		const note = 'Nordic finance conference ticket';
		const conf = findOne(seeded.items, (i) => i.note === note, `item "${note}"`);
		const confOut = resultFor(first, conf.accountingEntryId);
		expect(confOut.status).toBe('successful');
		const j = validFor(e, conf.accountingEntryId)[0];
		const debit = findOne(j.transactions, (t) => t.accountingValue > 0, 'debit');
		const credit = findOne(j.transactions, (t) => t.accountingValue < 0, 'credit');
		expect(debit).toMatchObject({ vatStatus: v.reverseStatus, vatPercent: 25.5 });
		expect(debit.accountingValue).toBe(-credit.accountingValue);
		expect(j.vatPostings.map((p) => p.kind).sort()).toEqual([
			'DEDUCTIBLE_VAT',
			'REVERSE_CHARGE_PAYABLE',
		]);

		// re-export: nothing posted again; receipts uploaded again only where nobody could tell
		const journalsBefore = writes(e, '/ledgerreceipts');
		const uploadsBefore = writes(e, '/attachments');
		const again = await chain(seeded.items);
		expect(writes(e, '/ledgerreceipts')).toBe(journalsBefore);
		const reused = again.filter((o) => o.status === 'successful');
		expect(reused).toHaveLength(ok.length);
		const withFiles = reused.filter((o) => (proc(o).attachments as string[]).length > 0);
		expect(withFiles.length).toBeGreaterThan(0);
		for (const o of reused) expect(proc(o).reused).toBe(true);
		if (v.verifiable) {
			expect(writes(e, '/attachments')).toBe(uploadsBefore);
			for (const o of reused) expect(proc(o).receiptsVerified).toBe(true);
		} else {
			expect(writes(e, '/attachments')).toBeGreaterThan(uploadsBefore);
			for (const o of withFiles) {
				expect(proc(o).receiptsVerified).toBe(false);
				expect(String(proc(o).receiptsNote)).toMatch(/uploaded again/);
			}
		}
		// never a receipt missing
		for (const o of withFiles) {
			const files = filesOf(e, Number(proc(o).invoiceId));
			for (const name of proc(o).attachments as string[]) expect(files).toContain(name);
		}
	});

	test('a journal the bookkeeper invalidated is exported again; the others are reused', async () => {
		const target = findOne(first, (o) => o.status === 'successful', 'successful export');
		const http = await api(e.pc);
		const res = await http.put(`/ledgerreceipts/${String(target.externalId)}/invalidate`);
		expect(res.status).toBe(200);
		const before = writes(e, '/ledgerreceipts');
		const out = await chain(seeded.items);
		expect(writes(e, '/ledgerreceipts')).toBe(before + 1);
		const again = resultFor(out, target.accountingEntryId);
		expect(again.status).toBe('successful');
		expect(proc(again).reused).toBe(false);
		expect(again.externalId).not.toBe(target.externalId);
		const valid = validFor(e, target.accountingEntryId);
		expect(valid.map((j) => String(j.id))).toEqual([String(again.externalId)]);
		expect(filesOf(e, valid[0].invoiceId).length).toBeGreaterThanOrEqual(1);
		for (const o of out.filter((x) => x.accountingEntryId !== target.accountingEntryId)) {
			if (o.status === 'successful') expect(proc(o).reused).toBe(true);
		}
	});

	test('two executions of the same expenses at the same moment leave one valid journal each, reported with the survivor', async () => {
		await endJob(e, seeded.jobId);
		await concurrentExecutions(e, 2, 30, { taxRows: v.taxRows });
	});

	test('closed periods: refused before posting, or posted on the first open day with the original date kept; Dry Run decides the same', async () => {
		e.pc.setBehaviours({ closedPeriods: ['2026-01', '2026-02'] });
		const jobs: string[] = [];
		try {
			const ids = e.pleo.addExpenses(24);
			const { jobId, items } = await startJob(e, ids);
			jobs.push(jobId);
			const closed = (i: IDataObject) => /^2026-0[12]-/.test(String(i.date));
			// dates near midnight UTC may shift a day in Helsinki; the generator uses 06–20 UTC
			expect(items.filter(closed).length).toBeGreaterThan(0);
			expect(items.filter((i) => !closed(i)).length).toBeGreaterThan(0);

			const dry = await chain(items, {
				exportOptions: { dryRun: true, closedPeriods: 'firstOpenDay' },
				report: false,
			});
			const before = writes(e, '/ledgerreceipts');
			const failing = await chain(items, { report: false });
			for (const item of items) {
				const o = resultFor(failing, item.accountingEntryId);
				const d = resultFor(dry, item.accountingEntryId);
				if (closed(item)) {
					expect(o).toMatchObject({ status: 'failed', failureReasonType: 'validation_failure' });
					expect(String(o.failureReason)).toContain(String(item.date).slice(0, 10));
					expect(String(o.failureReason)).toMatch(/tracking period 2026-0[12]-01 – .*\(CLOSED\)/);
					expect(String(o.failureReason)).toMatch(/Reopen the period/);
					expect(validFor(e, item.accountingEntryId)).toHaveLength(0);
					expect(proc(d)).toMatchObject({
						dateMoved: true,
						originalDate: String(item.date).slice(0, 10),
					});
					expect((proc(d).journal as IDataObject).receiptDate).toBe('2026-03-01');
				} else {
					expect(o.status).toBe('successful');
					expect(proc(d).dateMoved).toBeUndefined();
				}
			}
			expect(writes(e, '/ledgerreceipts')).toBe(before + items.filter((i) => !closed(i)).length);

			const moved = await chain(items, { exportOptions: { closedPeriods: 'firstOpenDay' } });
			for (const item of items.filter(closed)) {
				const o = resultFor(moved, item.accountingEntryId);
				expect(o.status).toBe('successful');
				expect(proc(o)).toMatchObject({
					receiptDate: '2026-03-01',
					dateMoved: true,
					originalDate: String(item.date).slice(0, 10),
				});
				const j = validFor(e, item.accountingEntryId);
				expect(j).toHaveLength(1);
				expect(j[0].receiptDate).toBe('2026-03-01');
				expect(String(j[0].transactionDescription)).toContain(
					`Expense date ${String(item.date).slice(0, 10)}`,
				);
			}
			// exported again with the option: the moved journals are found, nothing is posted twice
			const count = writes(e, '/ledgerreceipts');
			const again = await chain(items, { exportOptions: { closedPeriods: 'firstOpenDay' } });
			expect(writes(e, '/ledgerreceipts')).toBe(count);
			expect(again.every((o) => o.status === 'successful' && proc(o).reused === true)).toBe(true);
			expect(expectAtMostOneValid(e, ids)).toBe(ids.length);
		} finally {
			e.pc.setBehaviours({ closedPeriods: [] });
			for (const id of jobs) await endJob(e, id);
		}
	});
});

describe.each([2, 3])('post, then verify: %i executions of the same 200 expenses at once', (n) => {
	test('0 expenses with more than one valid journal; every execution and Pleo report the survivor', async () => {
		const e = await env();
		const { ids, posted, invalidated } = await concurrentExecutions(e, n, 200);
		expect(ids).toHaveLength(200);
		console.log(
			`${n} executions × 200 expenses: ${posted} journals posted, ${invalidated} invalidated, ${posted - invalidated} valid`,
		);
	});
});

describe('post, then verify when Procountor refuses the invalidation', () => {
	test('the item fails naming both journals; the other execution keeps the survivor', async () => {
		const e = await env({ invalidation: 'forbidden' });
		const ids = e.pleo.addExpenses(20);
		const { items } = await startJob(e, ids);
		const [h1, h2] = await Promise.all([e.harness(), e.harness()]);
		for (const h of [h1, h2]) {
			await runChain(h, items.slice(0, 1), { exportOptions: { dryRun: true }, report: false });
		}
		// the barrier makes both executions post every expense (see concurrentExecutions)
		e.pc.setBehaviours({ searchBarrier: 2 });
		const outs = await Promise.all([h1, h2].map((h) => runChain(h, items, { report: false })));
		expect(e.pc.state.behaviours.searchBarrier).toBe(0);
		for (const id of ids) {
			const valid = validFor(e, id).sort((a, b) => a.id - b.id);
			const results = outs.map((out) => resultFor(out, id));
			// the invalidation was refused: both journals stay valid, and the item says so
			expect(valid).toHaveLength(2);
			const [keep, extra] = valid;
			const failedOne = findOne(results, (r) => r.status === 'failed', 'failed result');
			expect(failedOne.failureReasonType).toBe('accounting_system_validation_failure');
			expect(String(failedOne.failureReason)).toContain(String(keep.id));
			expect(String(failedOne.failureReason)).toContain(String(extra.id));
			expect(String(failedOne.failureReason)).toMatch(
				/Invalidate ledger receipt \d+ in Procountor/,
			);
			expect(results.find((r) => r.status === 'successful')?.externalId).toBe(String(keep.id));
		}
	});
});
