// Pleo Export › Reconcile Exports against a stub Procountor client and Pleo routes: what it
// reads (period ± margin, in the company's time zone), what it outputs per Output mode, the
// parameter checks, a failed Pleo read, Continue On Fail. The matching itself is core/reconcile's
// (test/unit/nodes/Procountor/core/reconcile.test.ts).
import * as op from '../../../../../nodes/Procountor/actions/pleoExport/reconcileExports.operation';
import {
	inputs,
	pairing,
	pleoContext,
	pleoPage,
	run,
	status,
	stubProcountor,
	type FakeOptions,
	type Routes,
} from '../../stubs';
import { referenceRoutes } from '../reference';

const entry = {
	id: 'ae-1',
	family: 'CARD_PURCHASE',
	exportStatus: 'EXPORTED',
	performedAt: '2026-03-14T10:00:00Z',
	bookkeepingDate: '2026-03-15T10:00:00Z',
	deletedAt: null,
	totalBillValue: { currency: 'EUR', minors: 5000 },
	receiptIds: ['r1'],
	note: 'Taxi',
};

const params = (extra: object = {}) => ({
	from: '2026-03-01',
	to: '2026-03-31T12:00:00',
	contraAccounts: '1940, 2940',
	output: 'findingsAndSummary',
	options: {},
	...extra,
});

const procountor = () => stubProcountor({ ...referenceRoutes(), 'GET /ledgerreceipts': [] });

/** The operation's own PleoClient answers from these routes (its context's Pleo requests). */
const pleo = (
	opts: FakeOptions,
	routes: Routes = { 'POST /v1/accounting-entries:search': pleoPage([entry]) },
) => pleoContext(routes, opts);

describe('Procountor › Pleo Export › Reconcile Exports', () => {
	it('reads both sides for the period ± the margin, in the time zone, and reports what is missing', async () => {
		const client = procountor();
		const { ctx, calls } = pleo({
			params: params({ options: { marginDays: 2, timeZone: 'Europe/Stockholm' } }),
		});
		const out = await run(op, ctx, client);
		expect(client.getAllPages).toHaveBeenCalledWith('/ledgerreceipts', {
			types: 'JOURNAL',
			startDate: '2026-02-27',
			endDate: '2026-04-02',
		});
		expect(calls.map((c) => `${c.method} ${c.path}`)).toEqual([
			'POST /v1/accounting-entries:search',
		]);
		expect(calls[0].options).toMatchObject({
			qs: { company_id: 'company-1' },
			// midnight in Stockholm (UTC+1 in winter) two days before the 1st
			body: { includeDeleted: true, performedAtStart: '2026-02-26T23:00:00.000Z' },
		});
		const findings = out.filter((o) => o.json.type === 'finding');
		expect(findings.map((f) => [f.json.kind, f.json.accountingEntryId])).toEqual([
			['missing_in_procountor', 'ae-1'],
		]);
		const summary = out[out.length - 1].json;
		expect(summary).toMatchObject({
			type: 'summary',
			read: { pleoEntries: 1, procountorJournals: 0 },
			calls: { procountor: 2 },
		});
		expect(pairing(out)).toEqual(out.map(() => ({ item: 0 })));
	});

	it('Summary Only outputs one item; Bookkeeping Date searches on that date', async () => {
		const { ctx, calls } = pleo({
			params: params({ output: 'summaryOnly', options: { dateField: 'bookkeepingDate' } }),
		});
		const out = await run(op, ctx, procountor());
		expect(out.map((o) => o.json.type)).toEqual(['summary']);
		expect(Object.keys(calls[0].options.body as object)).toEqual([
			'includeDeleted',
			'bookkeepingDateStart',
			'bookkeepingDateEnd',
		]);
	});

	it('refuses a bad period, no contra accounts and an unknown time zone, naming the fix', async () => {
		const client = procountor();
		const { ctx: badPeriod, calls } = pleo({ params: params({ from: '2026-04-01' }) });
		await expect(run(op, badPeriod, client)).rejects.toMatchObject({
			message: expect.stringMatching(/^The period is not valid/),
			description: 'Set From and To to dates such as 2026-03-01 and 2026-03-31.',
		});
		await expect(
			run(op, pleo({ params: params({ contraAccounts: ' , ' }) }).ctx, client),
		).rejects.toMatchObject({
			message: 'Contra Accounts is empty.',
		});
		await expect(
			run(op, pleo({ params: params({ options: { timeZone: 'Mars/Base' } }) }).ctx, client),
		).rejects.toMatchObject({
			message: "The time zone 'Mars/Base' is not a valid IANA time zone.",
			context: { itemIndex: 0 },
		});
		expect(client.request).not.toHaveBeenCalled();
		expect(calls).toEqual([]);
	});

	it("a failed Pleo read names the period and keeps Pleo's hint; Continue On Fail gives an error item per input", async () => {
		const client = procountor();
		const refused = {
			'POST /v1/accounting-entries:search': status(401, {
				type: 'UNAUTHORIZED',
				message: 'bad key',
			}),
		};
		await expect(run(op, pleo({ params: params() }, refused).ctx, client)).rejects.toMatchObject({
			message:
				'Reading the Pleo accounting entries of 2026-03-01 – 2026-03-31 failed: Pleo API error 401 – UNAUTHORIZED: bad key',
			description: expect.stringContaining('API key'),
		});
		const out = await run(
			op,
			pleo({ items: inputs({}, {}), params: params(), continueOnFail: true }, refused).ctx,
			client,
		);
		expect(out.map((o) => o.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
		expect(
			out.every((o) => String(o.json.error).startsWith('Reading the Pleo accounting entries')),
		).toBe(true);
	});
});
