import {
	addDays,
	amountToMinors,
	FINDING_KINDS,
	idempotencyTag,
	journalsNeedingDetail,
	merchantFromJournalName,
	periodInstants,
	periodProblem,
	reconcile,
	startOfDayUtc,
	type ReconcileSettings,
} from '../../../../../nodes/Procountor/core';

const SETTINGS: ReconcileSettings = {
	from: '2026-03-01',
	to: '2026-03-31',
	timeZone: 'Europe/Helsinki',
	companyCurrency: 'EUR',
	contraAccounts: ['1940', '2940', '1910'],
	marginDays: 7,
};

let n = 0;
/** A Pleo AccountingEntryV1 as POST /v1/accounting-entries:search returns it. */
function entry(over: Record<string, unknown> = {}) {
	n++;
	return {
		id: `ae-${n}`,
		family: 'CARD_PURCHASE',
		exportStatus: 'EXPORTED',
		performedAt: '2026-03-14T10:00:00Z',
		bookkeepingDate: '2026-03-15T10:00:00Z',
		deletedAt: null,
		totalBillValue: { currency: 'EUR', minors: 5000 },
		receiptIds: ['r1'],
		note: 'Taxi',
		...over,
	};
}

let jid = 1000;
/** The list row (LedgerReceiptBasicInfo) and the full receipt of a journal for an entry. */
function journal(
	e: { id: string },
	over: {
		status?: string;
		receiptDate?: string;
		contra?: number | string;
		attachments?: unknown[] | undefined;
		name?: string;
		lines?: unknown[];
	} = {},
) {
	jid++;
	const name = over.name ?? `Pleo Taxi Helsinki – M. Meikäläinen ${idempotencyTag(e.id)}`;
	const row = {
		id: jid,
		type: 'JOURNAL',
		status: over.status ?? 'UNFINISHED',
		name,
		receiptDate: over.receiptDate ?? '2026-03-14',
		receiptNumber: jid - 1000,
	};
	const contra = over.contra ?? -50;
	const detail: Record<string, unknown> = {
		...row,
		transactions: over.lines ?? [
			{ transactionType: 'ENTRY', account: '6800', accountingValue: 39.84 },
			{ transactionType: 'ENTRY', account: '1940', accountingValue: contra },
		],
	};
	if (!('attachments' in over)) detail.attachments = [{ id: 1, name: 'receipt.pdf' }];
	else if (over.attachments !== undefined) detail.attachments = over.attachments;
	return { row, detail };
}

function run(
	entries: unknown[],
	journals: Array<{ row: { id: number }; detail: unknown }>,
	settings: Partial<ReconcileSettings> = {},
) {
	const details = new Map<number, unknown>(journals.map((j) => [j.row.id, j.detail]));
	return reconcile(
		entries,
		journals.map((j) => j.row),
		details,
		{ ...SETTINGS, ...settings },
	);
}
const kinds = (r: ReturnType<typeof run>) => r.findings.map((f) => f.kind).sort();

describe('reconcile: a clean export', () => {
	it('gives no finding when every exported expense has exactly one matching journal', () => {
		const es = [
			entry(),
			entry({ totalBillValue: { currency: 'EUR', minors: 1999 } }),
			entry({ receiptIds: [] }),
		];
		const js = [
			journal(es[0]),
			journal(es[1], { contra: '-19.99' }),
			journal(es[2], { attachments: [] }),
		];
		const r = run(es, js);
		expect(r.findings).toEqual([]);
		expect(r.summary.clean).toBe(true);
		expect(r.summary.findings).toBe(0);
		expect(Object.values(r.summary.counts).every((c) => c === 0)).toBe(true);
		expect(Object.keys(r.summary.counts).sort()).toEqual([...FINDING_KINDS].sort());
		expect(r.summary.pleoTotals).toEqual({
			EUR: { currency: 'EUR', minors: 11999, text: '119.99 EUR' },
		});
		expect(r.summary.procountorTotals).toEqual({
			EUR: { currency: 'EUR', minors: 11999, text: '119.99 EUR' },
		});
		expect(r.rows.map((x) => x.status)).toEqual(['ok', 'ok', 'ok']);
		expect(r.rows.every((x) => x.amountCompared)).toBe(true);
		expect(r.summary.expenses).toEqual({ inPeriod: 3, exported: 3, notExported: 0, deleted: 0 });
	});

	it('ignores untagged journals and journals of other periods', () => {
		const e = entry();
		const other = entry({ performedAt: '2026-02-20T10:00:00Z' });
		const r = run(
			[e, other],
			[
				journal(e),
				journal(other, { receiptDate: '2026-02-20' }),
				{
					row: {
						id: 5,
						type: 'JOURNAL',
						status: 'APPROVED',
						name: 'Rent March',
						receiptDate: '2026-03-01',
					} as never,
					detail: undefined,
				},
			],
		);
		expect(r.findings).toEqual([]);
		expect(r.summary.journals).toMatchObject({ read: 3, tagged: 2, untagged: 1 });
		expect(r.rows).toHaveLength(1);
	});

	it('counts a repeated Pleo entry or journal row (paging overlap) once', () => {
		const e = entry();
		const j = journal(e);
		const r = reconcile([e, e], [j.row, j.row], new Map([[j.row.id, j.detail]]), SETTINGS);
		expect(r.findings).toEqual([]);
		expect(r.summary.expenses.inPeriod).toBe(1);
		expect(r.summary.journals.read).toBe(1);
	});
});

describe('reconcile: each kind of finding', () => {
	it('missing_in_procountor: exported in Pleo, no journal carries its tag', () => {
		const e = entry();
		const r = run([e], []);
		expect(kinds(r)).toEqual(['missing_in_procountor']);
		const f = r.findings[0];
		expect(f.accountingEntryId).toBe(e.id);
		expect(f.expense).toMatchObject({
			accountingEntryId: e.id,
			date: '2026-03-14',
			amount: { minors: 5000, text: '50.00 EUR' },
			merchant: 'Taxi',
		});
		expect(f.action).toContain(idempotencyTag(e.id));
		expect(f.action).toMatch(/export it again/);
		expect(r.summary.clean).toBe(false);
	});

	it('duplicate_in_procountor: two matching copies; keeps the oldest, names the other', () => {
		const e = entry();
		const a = journal(e);
		const b = journal(e, { status: 'APPROVED' });
		const r = run([e], [b, a]);
		expect(kinds(r)).toEqual(['duplicate_in_procountor']);
		const f = r.findings[0];
		expect(f.journals.map((j) => j.ledgerReceiptId)).toEqual([a.row.id, b.row.id]);
		expect(f.journals.map((j) => j.matchesPleo)).toEqual([true, true]);
		expect(f).toMatchObject({ keep: a.row.id, invalidate: [b.row.id] });
		expect(f.action).toMatch(/Every copy matches Pleo \(amount, date, receipts\)/);
		expect(f.action).toContain(`invalidate ledger receipt ${b.row.id}`);
	});

	it('duplicate_in_procountor: every copy is compared; the matching one is kept, not the oldest', () => {
		const e = entry();
		const wrongAmount = journal(e, { contra: -60 });
		const wrongDate = journal(e, { receiptDate: '2026-03-20' });
		const right = journal(e);
		const r = run([e], [wrongAmount, wrongDate, right]);
		expect(kinds(r)).toEqual(['duplicate_in_procountor']);
		const f = r.findings[0];
		expect(f).toMatchObject({
			keep: right.row.id,
			invalidate: [wrongAmount.row.id, wrongDate.row.id],
		});
		expect(f.journals.map((j) => [j.ledgerReceiptId, j.matchesPleo, j.differences])).toEqual([
			[wrongAmount.row.id, false, ['credits 60.00 EUR (Pleo: 50.00 EUR)']],
			[wrongDate.row.id, false, ['is dated 2026-03-20 (Pleo: 2026-03-14)']],
			[right.row.id, true, []],
		]);
		expect(f.action).toMatch(/Only journal \d+ \(ledger receipt \d+.*\) matches Pleo/);
		expect(f.action).toContain(
			`Keep journal ${right.row.receiptNumber} (ledger receipt ${right.row.id}`,
		);
		expect(f.action).not.toContain('the one Export Expense reuses');
		expect(r.rows[0].amountCompared).toBe(true);
	});

	it('duplicate_in_procountor: two matching copies among three; the oldest of them is kept', () => {
		const e = entry();
		const noReceipt = journal(e, { attachments: [] });
		const first = journal(e);
		const second = journal(e);
		const f = run([e], [noReceipt, first, second]).findings[0];
		expect(f).toMatchObject({ keep: first.row.id, invalidate: [noReceipt.row.id, second.row.id] });
		expect(f.journals[0].differences).toEqual(['has 0 of the 1 receipt']);
		expect(f.action).toMatch(/the oldest matching one is kept/);
	});

	it('duplicate_in_procountor: no copy matches; the closest is kept and its mismatch reported too', () => {
		const e = entry();
		const a = journal(e, { contra: -70, receiptDate: '2026-03-20' });
		const b = journal(e, { contra: -60 });
		const r = run([e], [a, b]);
		expect(kinds(r)).toEqual(['amount_mismatch', 'duplicate_in_procountor']);
		const dup = r.findings.find((x) => x.kind === 'duplicate_in_procountor')!;
		expect(dup).toMatchObject({ keep: b.row.id, invalidate: [a.row.id] });
		expect(dup.action).toMatch(/None of the copies matches Pleo/);
		expect(dup.journals.every((j) => j.matchesPleo === false)).toBe(true);
		const mismatch = r.findings.find((x) => x.kind === 'amount_mismatch')!;
		expect(mismatch.journals.map((j) => j.ledgerReceiptId)).toEqual([b.row.id]);
	});

	it('an invalidated copy next to one valid journal is no duplicate', () => {
		const e = entry();
		const r = run([e], [journal(e, { status: 'INVALIDATED' }), journal(e)]);
		expect(r.findings).toEqual([]);
		expect(r.summary.journals.invalidated).toBe(1);
	});

	it('amount_mismatch: compared exactly in cents (one cent off is found)', () => {
		const e = entry({ totalBillValue: { currency: 'EUR', minors: 1001 } });
		const r = run([e], [journal(e, { contra: -10.0 })]);
		expect(kinds(r)).toEqual(['amount_mismatch']);
		expect(r.findings[0].journals[0].amount).toEqual({
			currency: 'EUR',
			minors: 1000,
			text: '10.00 EUR',
		});
		expect(r.findings[0].action).toContain('10.01 EUR');
	});

	it('amounts that floats would get wrong are equal in cents', () => {
		// 0.1 + 0.2 style: 1234567.89 and 0.07 are exact as decimal strings and numbers
		const a = entry({ totalBillValue: { currency: 'EUR', minors: 123456789 } });
		const b = entry({ totalBillValue: { currency: 'EUR', minors: 7 } });
		const c = entry({ totalBillValue: { currency: 'EUR', minors: 30 } });
		const r = run(
			[a, b, c],
			[
				journal(a, { contra: -1234567.89 }),
				journal(b, { contra: '-0.07' }),
				journal(c, {
					lines: [
						{ account: '1940', accountingValue: -0.1 },
						{ account: '1940', accountingValue: -0.2 },
						{ account: '6800', accountingValue: 0.3 },
					],
				}),
			],
		);
		expect(r.findings).toEqual([]);
		expect(r.summary.procountorTotals.EUR.minors).toBe(123456826);
	});

	it('a refund (negative in Pleo) matches a debit to the contra account', () => {
		const e = entry({ totalBillValue: { currency: 'EUR', minors: -2500 } });
		expect(run([e], [journal(e, { contra: 25 })]).findings).toEqual([]);
		const wrongSign = run([e], [journal(e, { contra: -25 })]);
		expect(kinds(wrongSign)).toEqual(['amount_mismatch']);
	});

	it('a reimbursement between two contra accounts compares the amount moved', () => {
		const e = entry({
			family: 'REIMBURSEMENT',
			totalBillValue: { currency: 'EUR', minors: 4200 },
			receiptIds: [],
		});
		const lines = [
			{ account: '2940', accountingValue: 42 },
			{ account: '1910', accountingValue: -42 },
		];
		expect(run([e], [journal(e, { lines })]).findings).toEqual([]);
		const off = [
			{ account: '2940', accountingValue: 41 },
			{ account: '1910', accountingValue: -41 },
		];
		expect(kinds(run([e], [journal(e, { lines: off })]))).toEqual(['amount_mismatch']);
	});

	it('a journal without a line on the contra accounts is an amount_mismatch that points at the setting', () => {
		const e = entry();
		const r = run([e], [journal(e)], { contraAccounts: ['1999'] });
		expect(kinds(r)).toEqual(['amount_mismatch']);
		expect(r.findings[0].action).toMatch(/Contra Accounts setting/);
		expect(r.findings[0].journals[0].amount).toBeNull();
	});

	it('does not compare amounts across currencies (a SEK wallet booked in EUR)', () => {
		const e = entry({ totalBillValue: { currency: 'SEK', minors: 50000 } });
		const r = run([e], [journal(e, { contra: -44.12 })]);
		expect(r.findings).toEqual([]);
		expect(r.summary.amountsNotCompared).toBe(1);
		expect(r.rows[0].amountCompared).toBe(false);
		expect(r.summary.pleoTotals.SEK.minors).toBe(50000);
	});

	it('date_mismatch: the receipt date differs from the expense date in the company time zone', () => {
		// 22:30 UTC on 14 March is 15 March in Helsinki: the journal must be dated the 15th
		const e = entry({ performedAt: '2026-03-14T22:30:00Z' });
		expect(run([e], [journal(e, { receiptDate: '2026-03-15' })]).findings).toEqual([]);
		const r = run([e], [journal(e, { receiptDate: '2026-03-14' })]);
		expect(kinds(r)).toEqual(['date_mismatch']);
		expect(r.findings[0].action).toContain('2026-03-15');
	});

	it('date_mismatch across the period boundary is found through the margin', () => {
		const e = entry({ performedAt: '2026-03-31T09:00:00Z' });
		const r = run([e], [journal(e, { receiptDate: '2026-04-02' })]);
		expect(kinds(r)).toEqual(['date_mismatch']);
		expect(r.findings[0].action).toMatch(/another month/);
	});

	it('orphan_journal: a journal of a deleted Pleo expense', () => {
		const e = entry({ deletedAt: '2026-03-20T10:00:00Z' });
		const r = run([e], [journal(e)]);
		expect(kinds(r)).toEqual(['orphan_journal']);
		expect(r.findings[0].accountingEntryId).toBe(e.id);
		expect(r.findings[0].action).toMatch(/deleted in Pleo/);
		expect(r.summary.expenses.deleted).toBe(1);
	});

	it('a deleted expense without a journal (or with an invalidated one) is fine', () => {
		const e = entry({ deletedAt: '2026-03-20T10:00:00Z' });
		const f = entry({ deletedAt: '2026-03-20T10:00:00Z' });
		const r = run([e, f], [journal(f, { status: 'INVALIDATED' })]);
		expect(r.findings).toEqual([]);
		expect(r.rows.map((x) => x.status)).toEqual(['deleted', 'deleted']);
	});

	it('orphan_journal: a tag no Pleo expense of the period has (one finding per tag)', () => {
		const ghost = { id: 'not-in-pleo' };
		const a = journal(ghost, { name: `Pleo Hotel Arthur – A. B. ${idempotencyTag(ghost.id)}` });
		const b = journal(ghost, { name: `Pleo Hotel Arthur – A. B. ${idempotencyTag(ghost.id)}` });
		const r = run([], [a, b]);
		expect(kinds(r)).toEqual(['orphan_journal']);
		expect(r.findings[0].accountingEntryId).toBeNull();
		expect(r.findings[0].journals).toHaveLength(2);
		expect(r.findings[0].action).toContain('Hotel Arthur');
		// what is booked there: the amount and the attachments of each journal, and in the totals
		expect(r.findings[0].journals.map((j) => [j.amount?.text, j.attachments])).toEqual([
			['50.00 EUR', 1],
			['50.00 EUR', 1],
		]);
		expect(r.findings[0].action).toMatch(
			/\(credits 50\.00 EUR to the contra accounts, 1 attachment\) and journal/,
		);
		expect(r.summary.procountorTotals).toEqual({
			EUR: { currency: 'EUR', minors: 10000, text: '100.00 EUR' },
		});
		expect(r.summary.pleoTotals).toEqual({});
	});

	it('procountorTotals cover every valid tagged journal of the period, orphans included', () => {
		const e = entry();
		const d = entry({
			deletedAt: '2026-03-20T10:00:00Z',
			totalBillValue: { currency: 'EUR', minors: 700 },
		});
		const ghost = { id: 'not-in-pleo-2' };
		const r = run(
			[e, d],
			[
				journal(e),
				journal(d, { contra: -7 }),
				journal(ghost, { contra: -12.5 }),
				journal(ghost, { contra: -99, receiptDate: '2026-04-05' }), // outside the period
			],
		);
		expect(r.summary.procountorTotals.EUR.minors).toBe(5000 + 700 + 1250);
		expect(r.summary.pleoTotals.EUR.minors).toBe(5000);
		const deleted = r.findings.find((f) => f.accountingEntryId === d.id)!;
		expect(deleted.action).toMatch(/credits 7\.00 EUR to the contra accounts/);
	});

	it('an unknown tag on a journal outside the period (margin only) is not reported', () => {
		const ghost = { id: 'ghost' };
		expect(run([], [journal(ghost, { receiptDate: '2026-04-03' })]).findings).toEqual([]);
	});

	it('an invalidated orphan is not reported', () => {
		expect(run([], [journal({ id: 'ghost2' }, { status: 'INVALIDATED' })]).findings).toEqual([]);
	});

	it('not_exported: informational, and can be left out', () => {
		const e = entry({ exportStatus: 'QUEUED' });
		const r = run([e], []);
		expect(kinds(r)).toEqual(['not_exported']);
		expect(r.summary.clean).toBe(true);
		expect(r.summary.expenses.notExported).toBe(1);
		expect(run([e], [], { includeNotExported: false }).findings).toEqual([]);
	});

	it('not_exported with a journal already there says the next export reuses it', () => {
		const e = entry({ exportStatus: 'EXPORTING' });
		const j = journal(e);
		const r = run([e], [j]);
		expect(kinds(r)).toEqual(['not_exported']);
		expect(r.findings[0].action).toMatch(/reuses that journal/);
		expect(r.findings[0].journals[0].ledgerReceiptId).toBe(j.row.id);
	});

	it('invalidated_but_exported: the only journal is invalidated', () => {
		const e = entry();
		const r = run([e], [journal(e, { status: 'INVALIDATED' })]);
		expect(kinds(r)).toEqual(['invalidated_but_exported']);
		expect(r.findings[0].journals[0].status).toBe('INVALIDATED');
	});

	it('receipt_missing: Pleo has receipts, the journal lists fewer attachments', () => {
		const e = entry({ receiptIds: ['r1', 'r2'] });
		const r = run([e], [journal(e)]);
		expect(kinds(r)).toEqual(['receipt_missing']);
		expect(r.findings[0].action).toMatch(/only 1 attachment/);
		// the entry is exported in Pleo: the advice says how to put it back in the export queue
		expect(r.findings[0].action).toMatch(
			/Put it back in Pleo's export queue \(in Pleo, open Export, find the expense among the exported ones and export it again/,
		);
		expect(r.findings[0].action).not.toMatch(/^.*\. Export the expense again/);
		expect(kinds(run([e], [journal(e, { attachments: [] })]))).toEqual(['receipt_missing']);
	});

	it('receipt_missing is not guessed when Procountor lists no attachments field, or when switched off', () => {
		const e = entry();
		const r = run([e], [journal(e, { attachments: undefined })]);
		expect(r.findings).toEqual([]);
		expect(r.summary.receiptsNotChecked).toBe(1);
		expect(run([e], [journal(e, { attachments: [] })], { checkReceipts: false }).findings).toEqual(
			[],
		);
	});

	it('several findings for one expense (amount and date) are all reported', () => {
		const e = entry();
		const r = run([e], [journal(e, { contra: -49.99, receiptDate: '2026-03-13' })]);
		expect(kinds(r)).toEqual(['amount_mismatch', 'date_mismatch']);
		expect(r.rows[0].kinds.sort()).toEqual(['amount_mismatch', 'date_mismatch']);
	});

	it('plants every kind at once and finds exactly those', () => {
		const ok = entry();
		const missing = entry();
		const dup = entry();
		const amount = entry();
		const date = entry();
		const deleted = entry({ deletedAt: '2026-03-20T00:00:00Z' });
		const queued = entry({ exportStatus: 'QUEUED' });
		const inval = entry();
		const receipt = entry({ receiptIds: ['a', 'b'] });
		const ghost = { id: 'ghost-x' };
		const r = run(
			[ok, missing, dup, amount, date, deleted, queued, inval, receipt],
			[
				journal(ok),
				journal(dup),
				journal(dup),
				journal(amount, { contra: -51 }),
				journal(date, { receiptDate: '2026-03-02' }),
				journal(deleted),
				journal(inval, { status: 'INVALIDATED' }),
				journal(receipt),
				journal(ghost),
			],
		);
		expect(kinds(r)).toEqual(
			[
				'missing_in_procountor',
				'duplicate_in_procountor',
				'amount_mismatch',
				'date_mismatch',
				'orphan_journal',
				'orphan_journal',
				'not_exported',
				'invalidated_but_exported',
				'receipt_missing',
			].sort(),
		);
		expect(r.summary.counts).toEqual({
			missing_in_procountor: 1,
			duplicate_in_procountor: 1,
			amount_mismatch: 1,
			date_mismatch: 1,
			orphan_journal: 2,
			not_exported: 1,
			invalidated_but_exported: 1,
			receipt_missing: 1,
		});
		const byKind = (k: string) => r.findings.find((f) => f.kind === k)!.accountingEntryId;
		expect(byKind('missing_in_procountor')).toBe(missing.id);
		expect(byKind('duplicate_in_procountor')).toBe(dup.id);
		expect(byKind('amount_mismatch')).toBe(amount.id);
		expect(byKind('date_mismatch')).toBe(date.id);
		expect(byKind('invalidated_but_exported')).toBe(inval.id);
		expect(byKind('receipt_missing')).toBe(receipt.id);
		expect(r.rows.find((x) => x.accountingEntryId === ok.id)!.status).toBe('ok');
		for (const f of r.findings) expect(f.action.length).toBeGreaterThan(40);
	});

	it('tolerates malformed input without throwing', () => {
		const r = reconcile(
			[null, 1, 'x', {}, { id: '' }, { id: 'a', totalBillValue: { minors: 1.5 } }],
			[null, { id: 'x' }, { id: -1 }, { id: 7, type: 'SALES_INVOICE', name: idempotencyTag('a') }],
			new Map(),
			SETTINGS,
		);
		expect(r.summary.journals.read).toBe(0);
		expect(r.findings).toEqual([]); // 'a' has no date: out of scope
	});

	it('rejects a bad period with a sentence naming the field', () => {
		expect(() => run([], [], { from: '2026-04-01' })).toThrow(/From \(2026-04-01\) is after To/);
		expect(() => run([], [], { to: '2026-02-30' })).toThrow(
			/To '2026-02-30' is not a calendar date/,
		);
		expect(periodProblem('1.3.2026', '2026-03-31')).toMatch(/From must be a date/);
	});
});

describe('reconcile helpers', () => {
	it('amountToMinors is exact and rounds half away from zero past the currency decimals', () => {
		expect(amountToMinors(39.84)).toBe(3984);
		expect(amountToMinors('-1234567.89')).toBe(-123456789);
		expect(amountToMinors(0.1 + 0.2)).toBe(30); // 0.30000000000000004 → 30
		expect(amountToMinors('0.005')).toBe(1);
		expect(amountToMinors(-0.005)).toBe(-1);
		expect(amountToMinors(1500, 0)).toBe(1500);
		expect(amountToMinors('abc')).toBeUndefined();
		expect(amountToMinors(null)).toBeUndefined();
		expect(amountToMinors(-0)).toBe(0);
	});

	it('period instants follow the time zone and daylight saving', () => {
		// Helsinki: UTC+2 in winter, UTC+3 from 29 March 2026
		expect(periodInstants('2026-03-01', '2026-03-31', 'Europe/Helsinki')).toEqual({
			start: '2026-02-28T22:00:00.000Z',
			end: '2026-03-31T20:59:59.999Z',
		});
		expect(periodInstants('2026-03-02', '2026-03-08', 'UTC', 1)).toEqual({
			start: '2026-03-01T00:00:00.000Z',
			end: '2026-03-09T23:59:59.999Z',
		});
		expect(new Date(startOfDayUtc('2026-03-29', 'Europe/Helsinki')).toISOString()).toBe(
			'2026-03-28T22:00:00.000Z',
		);
		expect(new Date(startOfDayUtc('2026-03-30', 'Europe/Helsinki')).toISOString()).toBe(
			'2026-03-29T21:00:00.000Z',
		);
		expect(new Date(startOfDayUtc('2026-01-01', 'America/New_York')).toISOString()).toBe(
			'2026-01-01T05:00:00.000Z',
		);
		expect(() => startOfDayUtc('2026-01-01', 'Mars/Base')).toThrow(RangeError);
	});

	it('addDays crosses months and leap days', () => {
		expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
		expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
		expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
	});

	it('reads the merchant back from the journal name', () => {
		expect(
			merchantFromJournalName(`Pleo Taxi Helsinki – M. Meikäläinen ${idempotencyTag('x')}`),
		).toBe('Taxi Helsinki');
		expect(merchantFromJournalName(`Pleo Card purchase ${idempotencyTag('x')}`)).toBe(
			'Card purchase',
		);
		expect(merchantFromJournalName('Rent')).toBe('Rent');
	});

	it('asks for the lines of every valid tagged journal (orphans of the period too)', () => {
		const e = entry();
		const d = entry({ deletedAt: '2026-03-02T00:00:00Z' });
		const a = journal(e);
		const b = journal(e, { status: 'INVALIDATED' });
		const c = journal(d);
		const g = journal({ id: 'ghost' });
		const late = journal({ id: 'ghost' }, { receiptDate: '2026-04-04' });
		const lateOwn = journal(e, { receiptDate: '2026-04-04' });
		const untagged = journal(e, { name: 'Rent' });
		const rows = [a.row, b.row, c.row, g.row, a.row, late.row, lateOwn.row, untagged.row];
		expect(journalsNeedingDetail([e, d], rows)).toEqual([
			a.row.id,
			c.row.id,
			g.row.id,
			late.row.id,
			lateOwn.row.id,
		]);
		expect(journalsNeedingDetail([e, d], rows, undefined, SETTINGS)).toEqual([
			a.row.id,
			c.row.id,
			g.row.id,
			lateOwn.row.id,
		]);
	});
});
