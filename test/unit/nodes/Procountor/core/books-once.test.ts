// Issue 9, pure parts: the closed-period decision, the duplicate-survivor decision and the VAT
// treatment by Pleo's tax type.
import {
	buildJournal,
	decidePeriod,
	decideSurvivors,
	firstOpenDayAfter,
	idempotencyTag,
	lineVatTreatment,
	moveJournalDate,
	placeOf,
	resolveLines,
	vatContradiction,
	type FiscalYearInfo,
	type VatInfo,
	vatInfoOf,
} from '../../../../../nodes/Procountor/core';
import { cardItem, COA, CTX, line, prepare, VATS } from './fixtures';

function year(y: number, isOpen: boolean, closedMonths: number[] = []): FiscalYearInfo {
	const periods = [];
	for (let m = 1; m <= 12; m++) {
		const mm = String(m).padStart(2, '0');
		const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
		periods.push({
			id: y * 100 + m,
			startDate: `${y}-${mm}-01`,
			endDate: `${y}-${mm}-${last}`,
			status: !isOpen || closedMonths.includes(m) ? 'CLOSED' : 'OPEN',
		});
	}
	return {
		id: y,
		startDate: `${y}-01-01`,
		endDate: `${y}-12-31`,
		isOpen,
		trackingPeriods: periods,
	};
}

// newest first, as Procountor lists them: 2026 open except Jan–Feb, 2025 closed
const YEARS = [year(2026, true, [1, 2]), year(2025, false)];
const WHAT = "The expense 'Taxi' of 2026-02-14 (Pleo accounting entry ae-1)";

describe('closed periods (decidePeriod)', () => {
	it('an open period books on the expense date', () => {
		expect(decidePeriod(WHAT, '2026-03-14', YEARS, 'fail')).toEqual({ kind: 'open' });
	});

	it('a closed tracking period fails before posting, naming expense, date, period and fix', () => {
		const d = decidePeriod(WHAT, '2026-02-14', YEARS, 'fail');
		expect(d.kind).toBe('refused');
		if (d.kind !== 'refused') return;
		expect(d.failure.failureReasonType).toBe('validation_failure');
		expect(d.failure.failureReason).toContain(WHAT);
		expect(d.failure.failureReason).toContain('2026-02-14');
		expect(d.failure.failureReason).toContain('tracking period 2026-02-01 – 2026-02-28 (CLOSED)');
		expect(d.failure.failureReason).toContain('Reopen the period in Procountor');
		expect(d.failure.failureReason).toContain(
			"'Post on the First Open Day' to book it on 2026-03-01",
		);
	});

	it('a closed fiscal year and a date in no fiscal year fail too', () => {
		const closedYear = decidePeriod(WHAT, '2025-06-30', YEARS, 'fail');
		expect(closedYear.kind === 'refused' && closedYear.failure.failureReason).toContain(
			'closed fiscal year 2025-01-01 – 2025-12-31',
		);
		const none = decidePeriod(WHAT, '2027-01-05', YEARS, 'firstOpenDay');
		expect(none.kind).toBe('refused');
		expect(none.kind === 'refused' && none.failure.failureReason).toContain('is in no fiscal year');
		expect(none.kind === 'refused' && none.failure.failureReason).toContain(
			'Create the fiscal year for 2027-01-05',
		);
	});

	it('Post on the First Open Day moves to the start of the next open period', () => {
		expect(decidePeriod(WHAT, '2026-01-20', YEARS, 'firstOpenDay')).toMatchObject({
			kind: 'moved',
			from: '2026-01-20',
			to: '2026-03-01',
		});
		expect(decidePeriod(WHAT, '2025-12-31', YEARS, 'firstOpenDay')).toMatchObject({
			kind: 'moved',
			to: '2026-03-01',
		});
		// nothing open after it: refused even with the option
		const last = [year(2026, true, [12])];
		const d = decidePeriod(WHAT, '2026-12-02', last, 'firstOpenDay');
		expect(d.kind === 'refused' && d.failure.failureReason).toContain('no open period after it');
	});

	it('a PENDING period is left to Procountor; a year without periods follows isOpen', () => {
		const pending: FiscalYearInfo[] = [
			{
				startDate: '2026-01-01',
				endDate: '2026-12-31',
				isOpen: true,
				trackingPeriods: [{ startDate: '2026-01-01', endDate: '2026-12-31', status: 'PENDING' }],
			},
		];
		expect(decidePeriod(WHAT, '2026-05-05', pending, 'fail').kind).toBe('uncertain');
		const bare: FiscalYearInfo[] = [
			{ startDate: '2026-01-01', endDate: '2026-12-31', isOpen: true },
		];
		expect(placeOf('2026-05-05', bare).state).toBe('open');
		expect(firstOpenDayAfter('2025-05-05', bare)).toBe('2026-01-01');
	});

	it('moveJournalDate keeps the original date in the description and the notes', () => {
		const built = buildJournal(prepare(cardItem()), CTX);
		if (!built.ok) throw new Error(built.failure.failureReason);
		const moved = moveJournalDate(built.journal, '2026-02-14', '2026-03-01');
		expect(moved.receiptDate).toBe('2026-03-01');
		expect(
			moved.transactionDescription.startsWith('Expense date 2026-02-14, booked on 2026-03-01'),
		).toBe(true);
		expect(moved.transactionDescription.length).toBeLessThanOrEqual(255);
		expect(moved.invoiceNotes).toContain('Expense date 2026-02-14');
		expect(moved.transactions).toEqual(built.journal.transactions);
		expect(moved.name).toBe(built.journal.name);
	});
});

describe('post, then verify (decideSurvivors)', () => {
	const A = idempotencyTag('ae-A');
	const B = idempotencyTag('ae-B');
	const j = (id: number, tag: string, status = 'UNFINISHED') => ({
		id,
		name: `Pleo Taxi ${tag}`,
		status,
	});

	it('the lowest valid id survives; the execution that posted a higher one yields', () => {
		const seen = [j(10, A), j(12, A), j(11, B)];
		const mine = new Map([
			[A, 12],
			[B, 11],
		]);
		const d = decideSurvivors(seen, mine);
		expect(d.get(A)).toEqual({
			kind: 'yield',
			tag: A,
			mine: 12,
			survivor: 10,
			others: [10],
			mineInvalidated: false,
		});
		expect(d.get(B)).toEqual({ kind: 'keep', tag: B, mine: 11, others: [] });
	});

	it('every execution reaches the same survivor for three journals', () => {
		const seen = [j(7, A), j(5, A), j(9, A)];
		for (const mine of [5, 7, 9]) {
			const d = decideSurvivors(seen, new Map([[A, mine]])).get(A);
			expect(d?.kind === 'keep' ? d.mine : d?.kind === 'yield' ? d.survivor : undefined).toBe(5);
		}
	});

	it('INVALIDATED journals never survive; ours is counted even if the search missed it', () => {
		const d = decideSurvivors([j(3, A, 'INVALIDATED'), j(8, A)], new Map([[A, 6]])).get(A);
		expect(d).toEqual({ kind: 'keep', tag: A, mine: 6, others: [8] });
		const gone = decideSurvivors([j(6, A, 'INVALIDATED')], new Map([[A, 6]])).get(A);
		expect(gone).toEqual({ kind: 'gone', tag: A, mine: 6 });
		const yielded = decideSurvivors([j(4, A), j(6, A, 'INVALIDATED')], new Map([[A, 6]])).get(A);
		expect(yielded).toMatchObject({ kind: 'yield', survivor: 4, mineInvalidated: true });
	});

	it('journals of other expenses and untagged journals are ignored', () => {
		const d = decideSurvivors([{ id: 1, name: 'Manual journal' }, j(2, B)], new Map([[A, 9]])).get(
			A,
		);
		expect(d).toEqual({ kind: 'keep', tag: A, mine: 9, others: [] });
	});
});

describe("reverse charge follows Pleo's tax type", () => {
	// a company whose reverse-charge status is 6 and that has no 8 or 9
	const ALT: VatInfo = {
		percentages: [25.5, 14, 13.5, 10, 0],
		statuses: [
			{ status: 1, purchase: true, sales: true },
			{ status: 6, purchase: true, sales: false },
			{ status: 12, purchase: true, sales: true },
		],
		reverseCharge: vatInfoOf({
			vatStatuses: [
				{ vatStatus: 1, description: 'Domestic' },
				{ vatStatus: 6, description: 'EU purchases (reverse charge)' },
				{ vatStatus: 12, description: 'No VAT handling' },
			],
		}).reverseCharge,
	};
	const eurc = () =>
		cardItem({
			accountingEntryLines: [
				line('l1', 10000, { code: '7600', rate: 0.255, taxType: 'reverse', taxCode: 'EURC' }),
			],
			amount: {
				inSupplierCurrency: { currency: 'EUR', value: 10000 },
				inWalletCurrency: { currency: 'EUR', value: 10000 },
			},
		});

	it('lineVatTreatment: the type decides, the number only without a type', () => {
		expect(lineVatTreatment('reverse', 6)).toBe('reverseCharge');
		expect(lineVatTreatment('reverse', 9)).toBe('reverseCharge');
		expect(lineVatTreatment('inclusive', 6)).toBe('added');
		expect(lineVatTreatment(undefined, 9)).toBe('reverseCharge');
		expect(lineVatTreatment(null, 6)).toBe('none');
		expect(vatContradiction(6, 25.5, 'reverse')).toBeUndefined();
		expect(vatContradiction(6, 25.5)).toContain('books no VAT');
		expect(vatContradiction(12, 25.5, 'reverse')).toContain('no VAT handling');
	});

	it('EURC → VAT status 6, 25.5 % with Pleo type reverse: net = gross, self-assessed', () => {
		const lines = resolveLines(
			eurc(),
			{ accountRows: [], taxRows: [{ taxCode: 'EURC', vatStatus: 6, vatPercent: 25.5 }] },
			'usePleoCode',
			COA,
			ALT,
		);
		if (!lines.ok) throw new Error(lines.failure.failureReason);
		expect(lines.lines[0]).toMatchObject({
			vatStatus: 6,
			vatPercent: 25.5,
			reverseCharge: true,
			vatTreatment: 'reverseCharge',
		});
		const built = buildJournal(
			{
				...eurc(),
				procountor: {
					contra: { account: '1940', role: 'card', source: 'parameter', reason: '' },
					lines: lines.lines,
				},
			},
			{ ...CTX, purchaseVatStatuses: [1, 6, 12] },
		);
		if (!built.ok) throw new Error(built.failure.failureReason);
		expect(built.journal.transactions[0]).toMatchObject({
			accountingValue: 100,
			vatPercent: 25.5,
			vatStatus: 6,
		});
		expect(built.journal.transactions[1].accountingValue).toBe(-100);
		expect(built.totals).toMatchObject({ grossCents: 10000, netCents: 10000, vatCents: 0 });
	});

	it('a reverse code without a row, where the company list cannot tell its status, fails that expense naming code, candidates and where to map', () => {
		const r = resolveLines(eurc(), { accountRows: [], taxRows: [] }, 'usePleoCode', COA, ALT);
		expect(r.ok).toBe(false);
		if (r.ok) return;
		expect(r.failure.failureReasonType).toBe('invalid_configuration');
		expect(r.failure.failureReason).toContain("Pleo tax code 'EURC' is reverse charge");
		expect(r.failure.failureReason).toContain(
			"does not tell which status serves EU purchases of services (6 'EU purchases (reverse charge)')",
		);
		expect(r.failure.failureReason).toContain(
			"Add a row for 'EURC' in Map Category › Tax Code Mappings",
		);
		// an account row's VAT status is enough too
		const byRow = resolveLines(
			eurc(),
			{ accountRows: [{ pleo: '7600', account: '7600', vatStatus: 6 }], taxRows: [] },
			'usePleoCode',
			COA,
			ALT,
		);
		expect(byRow.ok && byRow.lines[0]).toMatchObject({ vatStatus: 6, reverseCharge: true });
	});

	it('Export Expense refuses a line status the company has not enabled for purchases, before posting', () => {
		const lines = resolveLines(
			eurc(),
			{ accountRows: [], taxRows: [{ taxCode: 'EURC', vatStatus: 9, vatPercent: 25.5 }] },
			'usePleoCode',
			COA,
			VATS,
		);
		if (!lines.ok) throw new Error(lines.failure.failureReason);
		const built = buildJournal(
			{
				...eurc(),
				procountor: {
					contra: { account: '1940', role: 'card', source: 'parameter', reason: '' },
					lines: lines.lines,
				},
			},
			{ ...CTX, purchaseVatStatuses: [1, 6, 12] },
		);
		expect(built.ok).toBe(false);
		if (built.ok) return;
		expect(built.failure.failureReason).toContain("Pleo tax code 'EURC'");
		expect(built.failure.failureReason).toContain('VAT status 9');
		expect(built.failure.failureReason).toContain('1, 6, 12');
	});
});
