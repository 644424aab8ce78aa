// Regression tests for the four bugs the core fuzzer found (test/unit/nodes/Procountor/core/core.fuzz.test.ts):
// 1. a non-string wallet currency crashed describeExpense → formatMoney;
// 2. line tags that are not an array crashed resolveLineDimensions and lineDescription;
// 3. impossible calendar dates (2026-02-30) were accepted because Date.parse rolls them over;
// 4. a mapping row setting only the VAT percent or only the VAT status gave a VAT model that
//    disagrees with what Procountor books for the final status/percent.
import {
	buildDescriptions,
	buildJournal,
	currencyDecimals,
	describeExpense,
	formatMoney,
	receiptDateOf,
	resolveContra,
	resolveLineDimensions,
	resolveLines,
	toWindows1252,
	vatContradiction,
	vatTreatment,
	type LineMapping,
	type MappingTable,
	type PleoExportItem,
	type PleoTag,
} from '../../../../../nodes/Procountor/core';
import { createSeedState } from '../../../../../sandbox/procountor/seed';
import { validateLedgerReceipt } from '../../../../../sandbox/procountor/rules';
import { cardItem, COA, CTX, DIMENSIONS, line, prepare, VATS } from './fixtures';

const CONTRA = { cardAccount: '1940', outOfPocketAccount: '2940', reimbursementAccount: '1910' };
const COMPANY = createSeedState().companies[1001];

/** Set Contra Accounts → Map Category → Export Expense, as the nodes chain them. */
function chain(item: unknown, table: MappingTable = { accountRows: [], taxRows: [] }) {
	const it = item as PleoExportItem;
	const contra = resolveContra(it, CONTRA);
	if (!contra.ok) return contra;
	const lines = resolveLines(it, table, 'usePleoCode', COA, VATS);
	if (!lines.ok) return lines;
	return buildJournal({ ...it, procountor: { contra: contra.contra, lines: lines.lines } }, CTX);
}

/** A JSON object whose String() throws (toString is not callable). */
const POISON = JSON.parse('{"toString": 1, "valueOf": 2}') as unknown;
const JUNK: unknown[] = [
	978,
	0,
	-1.5,
	true,
	false,
	[],
	['EUR'],
	{},
	{ code: 'EUR' },
	POISON,
	'',
	null,
];

describe('bug 1: non-string wallet currency', () => {
	it('formatting and decimals tolerate any JSON type', () => {
		for (const c of JUNK) {
			expect(() => formatMoney(1000, c as string)).not.toThrow();
			expect(currencyDecimals(c as string)).toBe(2);
		}
		expect(formatMoney(1000, 978 as unknown as string)).toBe('10.00');
		expect(formatMoney(1000, ' eur ')).toBe('10.00 EUR');
		expect(() => toWindows1252(POISON)).not.toThrow();
	});

	it('resolveContra, describeExpense and buildDescriptions do not throw', () => {
		for (const currency of JUNK) {
			const item = {
				accountingEntryId: 'ae-bug-1',
				type: 'card_purchase',
				date: '2026-05-05',
				amount: {
					inWalletCurrency: { currency, value: 1000 },
					inSupplierCurrency: { currency, value: 1000 },
				},
				accountingEntryLines: [
					{
						lineAmount: {
							inWalletCurrency: { currency, value: 1000 },
							inSupplierCurrency: { currency: 'USD', value: 1085 },
						},
						account: { code: '7600' },
					},
				],
			} as unknown as PleoExportItem;
			expect(() =>
				resolveContra(item, { cardAccount: '', outOfPocketAccount: '2940' }),
			).not.toThrow();
			expect(describeExpense(item)).toContain('ae-bug-1');
			const d = buildDescriptions(item);
			expect(typeof d.invoiceNotes).toBe('string');
			expect(typeof d.lineDescription(item.accountingEntryLines?.[0])).toBe('string');
		}
	});

	it('the chain fails the item with validation_failure naming the currency field', () => {
		for (const currency of [978, [], {}, true, POISON]) {
			const item = cardItem({
				amount: { inWalletCurrency: { currency, value: 5000 } },
			} as unknown as Partial<PleoExportItem>);
			const r = chain(item);
			expect(r.ok).toBe(false);
			if (r.ok) continue;
			expect(r.failure.failureReasonType).toBe('validation_failure');
			expect(r.failure.failureReason).toContain('ae-0001');
			expect(r.failure.failureReason).toContain('amount.inWalletCurrency.currency');
		}
	});

	it('any JSON value in any top-level or line field gives a result, never a throw', () => {
		const base = cardItem();
		const lineKeys = Object.keys(base.accountingEntryLines?.[0] ?? {});
		for (const value of [...JUNK, 'x', 12.5, { value: POISON, currency: POISON }]) {
			for (const key of Object.keys(base)) {
				expect(() => chain({ ...base, [key]: value })).not.toThrow();
			}
			for (const key of lineKeys) {
				const l = { ...line('l1', 5000, { net: 3984 }), [key]: value };
				expect(() => chain({ ...base, accountingEntryLines: [l] })).not.toThrow();
			}
			expect(() =>
				chain({ ...base, amount: { inWalletCurrency: { currency: 'EUR', value } } }),
			).not.toThrow();
		}
	});
});

describe('bug 2: line tags that are not an array', () => {
	const NOT_ARRAYS: unknown[] = [0, 7, {}, { code: '100' }, 'KUSTANNUSPAIKKA:100', true, POISON];

	it('resolveLineDimensions fails with validation_failure naming the line', () => {
		for (const tags of NOT_ARRAYS) {
			const r = resolveLineDimensions(
				tags as PleoTag[],
				DIMENSIONS,
				(d) => d.name.toUpperCase(),
				100,
				{
					unknownTags: 'fail',
					item: cardItem(),
					line: 'line 2',
				},
			);
			expect(r.ok).toBe(false);
			if (r.ok) continue;
			expect(r.failure.failureReasonType).toBe('validation_failure');
			expect(r.failure.failureReason).toContain('line 2');
			expect(r.failure.failureReason).toContain('tags');
			expect(r.failure.failureReason).toContain('ae-0001');
		}
	});

	it('null or undefined tags are no tags', () => {
		for (const tags of [null, undefined]) {
			const r = resolveLineDimensions(tags, DIMENSIONS, (d) => d.name.toUpperCase(), 100, {
				unknownTags: 'fail',
			});
			expect(r).toEqual({ ok: true, dimensionItemValues: [], skipped: [] });
		}
	});

	it('lineDescription ignores tags that are not an array (or not tag objects)', () => {
		const d = buildDescriptions(cardItem());
		for (const tags of [...NOT_ARRAYS, [POISON, 5, { code: POISON, groupCode: POISON }]]) {
			expect(() => d.lineDescription({ ...line('l1', 5000), tags } as never)).not.toThrow();
		}
		const ok = d.lineDescription({ ...line('l1', 5000), tags: 'KUSTANNUSPAIKKA:100' } as never);
		expect(ok).toBe('Taxi Helsinki – Travel');
	});

	it('the chain fails the item with validation_failure naming the line, and passes null tags', () => {
		for (const tags of NOT_ARRAYS) {
			const item = cardItem({
				amount: { inWalletCurrency: { currency: 'EUR', value: 6000 } },
				accountingEntryLines: [line('l1', 1000), { ...line('l2', 5000), tags } as never],
			});
			const r = chain(item);
			expect(r.ok).toBe(false);
			if (r.ok) continue;
			expect(r.failure.failureReasonType).toBe('validation_failure');
			expect(r.failure.failureReason).toMatch(/line 2/);
			expect(r.failure.failureReason).toMatch(/tags/);
		}
		const r = chain(
			cardItem({ accountingEntryLines: [{ ...line('l1', 5000, { net: 3984 }), tags: null }] }),
		);
		expect(r.ok).toBe(true);
	});
});

describe('bug 3: impossible calendar dates', () => {
	it('receiptDateOf refuses dates that do not exist', () => {
		for (const d of [
			'2026-02-30',
			'2026-02-29',
			'2026-04-31',
			'2026-13-01',
			'2026-00-10',
			'2026-01-00',
			'2026-02-30T10:00:00Z',
			'2026-02-30T10:00:00+02:00',
			'2026-03-14T24:30:00Z',
			'2026-03-14T10:61:00Z',
			'February 30, 2026',
			'2026/02/30',
		]) {
			expect([d, receiptDateOf(d, 'Europe/Helsinki')]).toEqual([d, undefined]);
		}
	});

	it('receiptDateOf keeps real dates', () => {
		expect(receiptDateOf('2028-02-29', 'Europe/Helsinki')).toBe('2028-02-29');
		expect(receiptDateOf('2026-12-31', 'UTC')).toBe('2026-12-31');
		expect(receiptDateOf('2026-02-28T23:30:00Z', 'Europe/Helsinki')).toBe('2026-03-01');
		expect(receiptDateOf('2026-03-14T10:15:00.123Z', 'Europe/Helsinki')).toBe('2026-03-14');
		expect(receiptDateOf(' 2026-03-14 ', 'Europe/Helsinki')).toBe('2026-03-14');
	});

	it('the chain fails the item with validation_failure naming the date field and the fix', () => {
		const r = chain(cardItem({ date: '2026-02-30' }));
		expect(r.ok).toBe(false);
		if (r.ok) return;
		expect(r.failure.failureReasonType).toBe('validation_failure');
		expect(r.failure.failureReason).toContain("'2026-02-30'");
		expect(r.failure.failureReason).toContain('date');
		expect(r.failure.failureReason).toMatch(/Pleo/);
		expect(r.failure.failureReason).toContain('ae-0001');
	});
});

describe('bug 4: VAT status and percent must agree with what Procountor books', () => {
	it('vatTreatment: only status 1 adds VAT, 3/8/9 self-assess, everything else books none', () => {
		expect(vatTreatment(1)).toBe('added');
		for (const s of [3, 8, 9]) expect(vatTreatment(s)).toBe('reverseCharge');
		for (const s of [12, 5, 0, NaN]) expect(vatTreatment(s)).toBe('none');
	});

	it('vatContradiction: a status that books no VAT with a non-zero percent (what Map Category rejects up front)', () => {
		expect(vatContradiction(12, 14)).toBe(
			'VAT status 12 (no VAT handling) books no VAT, but the VAT percent is 14 %',
		);
		expect(vatContradiction(12, 25.5)).toMatch(/25.5 %/);
		for (const [s, p] of [
			[12, 0],
			[1, 25.5],
			[9, 25.5],
			[3, 14],
			[8, 0],
			[12, null],
			[null, 14],
			[undefined, 14],
		]) {
			expect([s, p, vatContradiction(s, p)]).toEqual([s, p, undefined]);
		}
	});

	it('a row that sets only a VAT percent on a line without tax fails as invalid_configuration', () => {
		const table: MappingTable = {
			accountRows: [{ pleo: '7670', account: '7670', vatPercent: 14 }],
			taxRows: [],
		};
		const item = cardItem({
			accountingEntryLines: [line('l1', 5000, { code: '7670', rate: null })],
		});
		const r = resolveLines(item, table, 'usePleoCode', COA, VATS);
		expect(r.ok).toBe(false);
		if (r.ok) return;
		expect(r.failure.failureReasonType).toBe('invalid_configuration');
		expect(r.failure.failureReason).toContain("mapping row '7670'");
		expect(r.failure.failureReason).toMatch(/status 12/);
		expect(r.failure.failureReason).toMatch(/14 %/);
		expect(r.failure.failureReason).toContain('ae-0001');
	});

	it('a row setting status 12 over a taxed line, and a tax row 12 at 25.5 %, fail too', () => {
		const item = cardItem();
		const a = resolveLines(
			item,
			{ accountRows: [{ pleo: '7600', account: '7600', vatStatus: 12 }], taxRows: [] },
			'usePleoCode',
			COA,
			VATS,
		);
		expect(!a.ok && a.failure.failureReasonType).toBe('invalid_configuration');
		const t = resolveLines(
			item,
			{ accountRows: [], taxRows: [{ taxCode: 'VAT25.5', vatStatus: 12, vatPercent: 25.5 }] },
			'usePleoCode',
			COA,
			VATS,
		);
		expect(!t.ok && t.failure.failureReasonType).toBe('invalid_configuration');
		expect(!t.ok && t.failure.failureReason).toContain("tax code row 'VAT25.5'");
		// status 12 at 0 % stays fine
		const z = resolveLines(
			item,
			{
				accountRows: [{ pleo: '7600', account: '7600', vatStatus: 12, vatPercent: 0 }],
				taxRows: [],
			},
			'usePleoCode',
			COA,
			VATS,
		);
		expect(z.ok && z.lines[0]).toMatchObject({
			vatStatus: 12,
			vatPercent: 0,
			reverseCharge: false,
		});
	});

	it("the VAT treatment follows Pleo's tax type; a status that contradicts it is refused", () => {
		const inclusive = cardItem({
			accountingEntryLines: [line('l1', 5000, { code: '8380', rate: 0.255 })],
		});
		// inclusive (VAT paid to the supplier) on a reverse-charge status of the default list
		const r9 = resolveLines(
			inclusive,
			{ accountRows: [{ pleo: '8380', account: '8380', vatStatus: 9 }], taxRows: [] },
			'usePleoCode',
			COA,
			VATS,
		);
		expect(!r9.ok && r9.failure.failureReasonType).toBe('invalid_configuration');
		expect(!r9.ok && r9.failure.failureReason).toContain('reverse-charge status');
		const reverse = cardItem({
			accountingEntryLines: [
				line('l1', 5000, { code: '8380', rate: 0.255, taxType: 'reverse', taxCode: 'EURC' }),
			],
		});
		// reverse charge on the domestic status
		const r1 = resolveLines(
			reverse,
			{ accountRows: [], taxRows: [{ taxCode: 'EURC', vatStatus: 1, vatPercent: 25.5 }] },
			'usePleoCode',
			COA,
			VATS,
		);
		expect(!r1.ok && r1.failure.failureReason).toContain('reverse charge');
		// reverse charge on status 3 (outside the EU): self-assessed
		const r3 = resolveLines(
			reverse,
			{ accountRows: [], taxRows: [{ taxCode: 'EURC', vatStatus: 3, vatPercent: 25.5 }] },
			'usePleoCode',
			COA,
			VATS,
		);
		expect(r3.ok && r3.lines[0]).toMatchObject({
			vatStatus: 3,
			reverseCharge: true,
			vatTreatment: 'reverseCharge',
		});
		const r1ok = resolveLines(
			inclusive,
			{ accountRows: [], taxRows: [{ taxCode: 'VAT25.5', vatStatus: 1, vatPercent: 25.5 }] },
			'usePleoCode',
			COA,
			VATS,
		);
		expect(r1ok.ok && r1ok.lines[0]).toMatchObject({ reverseCharge: false, vatTreatment: 'added' });
	});

	it('journals from single-field VAT rows are either refused or accepted by Procountor as they are', () => {
		const cases: Array<[MappingTable, ReturnType<typeof line>]> = [
			[
				{ accountRows: [{ pleo: '7670', account: '7670', vatPercent: 14 }], taxRows: [] },
				line('l1', 100000, { code: '7670', rate: null }),
			],
			[
				{ accountRows: [{ pleo: '8380', account: '8380', vatStatus: 9 }], taxRows: [] },
				line('l1', 100000, { code: '8380', rate: 0.255 }),
			],
			[
				{ accountRows: [{ pleo: '7670', account: '7670', vatPercent: 14 }], taxRows: [] },
				line('l1', 100000, { code: '7670', rate: 0.255 }),
			],
		];
		for (const [table, l] of cases) {
			const r = chain(
				cardItem({
					amount: { inWalletCurrency: { currency: 'EUR', value: 100000 } },
					accountingEntryLines: [l],
				}),
				table,
			);
			if (!r.ok) {
				expect(r.failure.failureReasonType).toBe('invalid_configuration');
				continue;
			}
			const v = validateLedgerReceipt(
				COMPANY,
				JSON.parse(JSON.stringify(r.journal)),
				true,
				() => 1,
			);
			expect(v.ok ? [] : v.errors.map((e) => e.message)).toEqual([]);
			expect(r.totals.residualCents).toBe(0);
		}
	});

	it("buildJournal follows Pleo's tax type, not the reverseCharge flag", () => {
		const base = prepare(cardItem());
		const lines = base.procountor?.lines as LineMapping[];
		const withMapping = (m: Partial<LineMapping>) =>
			buildJournal(
				{ ...base, procountor: { ...base.procountor, lines: [{ ...lines[0], ...m }] } },
				CTX,
			);
		// the Pleo line is inclusive: VAT added whatever the flag says
		const r1 = withMapping({ vatStatus: 1, reverseCharge: true });
		expect(r1.ok && r1.journal.transactions[0].accountingValue).toBe(39.84);
		const r9 = withMapping({ vatStatus: 9, reverseCharge: true });
		expect(!r9.ok && r9.failure.failureReasonType).toBe('invalid_configuration');
		const r12 = withMapping({ vatStatus: 12, vatPercent: 14 });
		expect(!r12.ok && r12.failure.failureReasonType).toBe('invalid_configuration');
		expect(!r12.ok && r12.failure.step).toBe('exportExpense');
	});
});
