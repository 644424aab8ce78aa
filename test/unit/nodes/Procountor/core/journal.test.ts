import {
	buildJournal,
	idempotencyTag,
	receiptDateOf,
	type JournalContext,
	type PleoExportItem,
} from '../../../../../nodes/Procountor/core';
import { cardItem, CTX, line, prepare } from './fixtures';

function ok(item: PleoExportItem, ctx: Partial<JournalContext> = {}) {
	const r = buildJournal(prepare(item), { ...CTX, ...ctx });
	if (!r.ok) throw new Error(r.failure.failureReason);
	return r;
}
function failed(item: PleoExportItem, ctx: Partial<JournalContext> = {}) {
	const r = buildJournal(item, { ...CTX, ...ctx });
	if (r.ok) throw new Error('expected a failure');
	return r.failure;
}

describe('buildJournal', () => {
	it('50.00 EUR at 25.5 % → 39.84 net + 10.16 VAT, credit −50.00, cost centre', () => {
		const r = ok(cardItem());
		expect(r.tag).toBe(idempotencyTag('ae-0001'));
		expect(r.needsReconciliation).toBe(false);
		expect(r.totals).toEqual({
			grossCents: 5000,
			netCents: 3984,
			vatCents: 1016,
			residualCents: 0,
		});
		expect(r.journal).toMatchObject({
			type: 'JOURNAL',
			name: `Pleo Taxi Helsinki – M. Meikäläinen ${r.tag}`,
			receiptDate: '2026-03-14',
			vatType: 'PURCHASE',
			vatStatus: 1,
		});
		expect(r.journal.transactions).toEqual([
			{
				transactionType: 'ENTRY',
				account: '7600',
				accountingValue: 39.84,
				vatPercent: 25.5,
				vatType: 'PURCHASE',
				vatStatus: 1,
				vatDeductionPercent: 100,
				description: expect.any(String),
				dimensionItemValues: [{ dimensionId: 201, itemId: 2011, value: 39.84 }],
			},
			{
				transactionType: 'ENTRY',
				account: '1940',
				accountingValue: -50,
				vatPercent: 0,
				vatType: 'PURCHASE',
				vatStatus: 12,
				description: 'Pleo card account – Taxi Helsinki',
			},
		]);
	});
	it('63.66 at 25.5 % has no exact net → 1 cent residual, needs reconciliation', () => {
		const r = ok(
			cardItem({
				amount: { inWalletCurrency: { currency: 'EUR', value: 6366 } },
				accountingEntryLines: [line('l', 6366)],
			}),
		);
		expect(r.needsReconciliation).toBe(true);
		expect(Math.abs(r.totals.residualCents)).toBe(1);
		expect(r.totals.netCents + r.totals.vatCents + r.totals.residualCents).toBe(6366);
	});
	it('split hotel bill: 10 % room + 25.5 % minibar, two projects on one line', () => {
		const r = ok(
			cardItem({
				amount: { inWalletCurrency: { currency: 'EUR', value: 23000 } },
				accountingEntryLines: [
					line('room', 22000, {
						rate: 0.1,
						tags: [
							{ code: 'PRJ1001', groupCode: 'PROJEKTI' },
							{ code: 'PRJ1002', groupCode: 'PROJEKTI' },
						],
					}),
					line('bar', 1000, { code: '7670', rate: 0.255 }),
				],
			}),
		);
		const [room, bar, credit] = r.journal.transactions;
		expect(room).toMatchObject({ account: '7600', accountingValue: 200, vatPercent: 10 });
		expect(room.dimensionItemValues).toEqual([
			{ dimensionId: 202, itemId: 2021, value: 100 },
			{ dimensionId: 202, itemId: 2022, value: 100 },
		]);
		expect(bar).toMatchObject({ account: '7670', accountingValue: 7.97, vatPercent: 25.5 });
		expect(credit).toMatchObject({ account: '1940', accountingValue: -230 });
		expect(r.totals.residualCents).toBe(0); // 7.97 + 2.03 = 10.00
	});
	it('USD purchase from the EUR wallet uses the wallet amounts (no rate needed)', () => {
		const item = cardItem({
			amount: {
				inSupplierCurrency: { currency: 'USD', value: 5425 },
				inWalletCurrency: { currency: 'EUR', value: 5000 },
			},
			accountingEntryLines: [
				{
					...line('l', 5000, { code: '8380' }),
					lineAmount: {
						inSupplierCurrency: { currency: 'USD', value: 5425 },
						inWalletCurrency: { currency: 'EUR', value: 5000 },
					},
				},
			],
		});
		const r = ok(item);
		expect(r.journal.transactions[0]).toMatchObject({ account: '8380', accountingValue: 39.84 });
		// Pleo converted it: the original amount and the rate its two amounts imply (54.25 / 50.00)
		expect(r.journal.transactions[0].description).toContain('orig. 54.25 USD at 1.085 USD/EUR');
		expect(r.journal.invoiceNotes).toContain('Amount in supplier currency: 54.25 USD');
	});
	it('SEK wallet converts with the Procountor rate (SEK per EUR) and splits exactly', () => {
		const item = cardItem({
			amount: { inWalletCurrency: { currency: 'SEK', value: 100000 } },
			accountingEntryLines: [
				line('a', 33333, { currency: 'SEK' }),
				line('b', 66667, { currency: 'SEK', rate: 0.14 }),
			],
		});
		const r = ok(item, { rate: '11.4200' });
		expect(r.totals.grossCents).toBe(8757); // 1000.00 SEK / 11.42 = 87.566…
		expect(r.lines.map((l) => l.grossCents).reduce((a, b) => a + b)).toBe(8757);
		expect(r.journal.transactions[2].accountingValue).toBe(-87.57);
		// the same words as a Pleo-converted line: the original amount and Procountor's rate used
		expect(r.journal.transactions[0].description).toContain('orig. 333.33 SEK at 11.42 SEK/EUR');
		expect(r.journal.transactions[1].description).toContain('orig. 666.67 SEK at 11.42 SEK/EUR');
		const missing = buildJournal(prepare(item), CTX);
		expect(!missing.ok && missing.failure.failureReason).toMatch(/SEK .*no SEK exchange rate/);
		const bad = buildJournal(prepare(item), { ...CTX, rate: '0' });
		expect(!bad.ok && bad.failure.failureReason).toMatch(/not a positive number/);
		const tiny = buildJournal(
			prepare(
				cardItem({
					amount: { inWalletCurrency: { currency: 'SEK', value: 5 } },
					accountingEntryLines: [line('a', 5, { currency: 'SEK' })],
				}),
			),
			{ ...CTX, rate: '11.42' },
		);
		expect(!tiny.ok && tiny.failure.failureReason).toMatch(/converts to 0.00 EUR/);
	});
	it('refunds reverse the signs (positive refund type or negative amount)', () => {
		for (const item of [
			cardItem({ type: 'refund' }),
			cardItem({
				amount: { inWalletCurrency: { currency: 'EUR', value: -5000 } },
				accountingEntryLines: [
					line('l', -5000, { net: -3984, tags: [{ code: '100', groupCode: 'KUSTANNUSPAIKKA' }] }),
				],
			}),
		]) {
			const r = ok(item);
			expect(r.journal.transactions[0].accountingValue).toBe(-39.84);
			expect(r.journal.transactions[0].dimensionItemValues).toEqual([
				{ dimensionId: 201, itemId: 2011, value: -39.84 },
			]);
			expect(r.journal.transactions[1].accountingValue).toBe(50);
			expect(r.totals).toEqual({
				grossCents: -5000,
				netCents: -3984,
				vatCents: -1016,
				residualCents: 0,
			});
		}
		expect(ok(cardItem({ type: 'refund' })).sign).toBe(-1);
	});
	it('mileage: no VAT, credits the out-of-pocket account', () => {
		const r = ok(
			cardItem({
				type: 'mileage',
				supplier: null,
				note: 'Helsinki–Tampere 180 km',
				accountingEntryLines: [line('m', 5000, { code: '7620', rate: null })],
			}),
		);
		expect(r.journal.vatStatus).toBe(12);
		expect(r.journal.transactions).toEqual([
			expect.objectContaining({
				account: '7620',
				accountingValue: 50,
				vatPercent: 0,
				vatStatus: 12,
			}),
			expect.objectContaining({
				account: '2940',
				accountingValue: -50,
				description: 'Owed to Matti Meikäläinen – Helsinki–Tampere 180 km',
			}),
		]);
	});
	it('reverse charge: net = gross, no VAT in the balance', () => {
		const r = ok(
			cardItem({
				accountingEntryLines: [
					line('l', 5000, { code: '8380', taxType: 'reverse', taxCode: 'EURC' }),
				],
			}),
		);
		expect(r.journal.transactions[0]).toMatchObject({
			accountingValue: 50,
			vatStatus: 9,
			vatPercent: 25.5,
		});
		expect(r.totals).toMatchObject({ netCents: 5000, vatCents: 0, residualCents: 0 });
	});
	it('reimbursement: debit out-of-pocket, credit the reimbursement account; reversed to company', () => {
		const reimb = cardItem({
			type: 'direct_reimbursement',
			subType: 'reimbursement_to_employee',
			supplier: null,
			accountingEntryLines: [line('r', 5000, { code: null, rate: null })],
		});
		const r = ok(reimb);
		expect(
			r.journal.transactions.map((t) => [t.account, t.accountingValue, t.vatPercent, t.vatStatus]),
		).toEqual([
			['2940', 50, 0, 12],
			['1910', -50, 0, 12],
		]);
		const back = ok({ ...reimb, subType: 'reimbursement_to_company' });
		expect(back.journal.transactions.map((t) => [t.account, t.accountingValue])).toEqual([
			['1910', 50],
			['2940', -50],
		]);
	});
	it('a reimbursement from a SEK wallet says what was converted, in the same words as a line', () => {
		const reimb = cardItem({
			type: 'direct_reimbursement',
			subType: 'reimbursement_to_employee',
			supplier: null,
			amount: { inWalletCurrency: { currency: 'SEK', value: 114200 } },
			accountingEntryLines: [line('r', 114200, { code: null, rate: null, currency: 'SEK' })],
		});
		const r = ok(reimb, { rate: '11.42' });
		expect(r.journal.transactions.map((t) => [t.accountingValue, t.description])).toEqual([
			[100, 'Pleo reimbursement to the employee – orig. 1142.00 SEK at 11.42 SEK/EUR'],
			[-100, 'Pleo reimbursement to the employee – orig. 1142.00 SEK at 11.42 SEK/EUR'],
		]);
	});
	it('receipt date is the company-time-zone date', () => {
		expect(receiptDateOf('2026-03-14T22:30:00Z', 'Europe/Helsinki')).toBe('2026-03-15');
		expect(receiptDateOf('2026-07-14T20:59:59.123456789Z', 'Europe/Helsinki')).toBe('2026-07-14');
		expect(receiptDateOf('2026-07-14', 'Europe/Helsinki')).toBe('2026-07-14');
		expect(receiptDateOf('yesterday', 'Europe/Helsinki')).toBeUndefined();
		expect(() => receiptDateOf('2026-07-14T00:00:00Z', 'Mars/Olympus')).toThrow(RangeError);
	});
	it('fails clearly on malformed items', () => {
		const prepared = prepare(cardItem());
		const cases: Array<[PleoExportItem, RegExp, string?]> = [
			[{ ...prepared, accountingEntryId: '' }, /no accountingEntryId/],
			[{ ...prepared, date: 'nope' }, /invalid date 'nope'/],
			[{ ...prepared, date: undefined }, /no date/],
			[
				{ ...prepared, amount: { inWalletCurrency: { currency: 'EUR', value: 50.5 } } },
				/not a whole number of minor units/,
			],
			[
				{ ...prepared, amount: { inWalletCurrency: { currency: 'UNDEFINED', value: 5000 } } },
				/no valid wallet currency/,
			],
			[
				{ ...prepared, amount: { inWalletCurrency: { currency: 'EUR', value: 5001 } } },
				/lines add up to 50.00 EUR but the expense total is 50.01 EUR/,
			],
			[
				{
					...prepared,
					amount: { inWalletCurrency: { currency: 'EUR', value: 0 } },
					accountingEntryLines: [line('l', 0)],
				},
				/total of 0.00/,
			],
			[{ ...prepared, accountingEntryLines: [] }, /no accounting lines/],
			[
				{ ...prepared, accountingEntryLines: [line('l', 5000, { currency: 'USD' })] },
				/currency USD instead of EUR/,
			],
			[
				{ ...prepared, procountor: { lines: prepared.procountor!.lines } },
				/run the Set Contra Accounts step/,
				'missing_configuration',
			],
			[
				{ ...prepared, procountor: { contra: prepared.procountor!.contra } },
				/run the Map Category step/,
				'missing_configuration',
			],
			[
				{
					...prepared,
					accountingEntryLines: [
						line('zz', 5000, { tags: [{ code: '999', groupCode: 'KUSTANNUSPAIKKA' }] }),
					],
				},
				/'999'/,
				'tag_unknown',
			],
			[
				{
					...prepared,
					procountor: {
						...prepared.procountor,
						lines: [{ ...prepared.procountor!.lines![0], vatPercent: 24 }],
					},
				},
				/VAT 24 %/,
				'tax_code_unknown',
			],
		];
		for (const [item, re, type] of cases) {
			const f = failed(item);
			expect(f.failureReason).toMatch(re);
			expect(f.step).toBe('exportExpense');
			if (type) expect(f.failureReasonType).toBe(type);
		}
		expect(failed(prepared, { timeZone: 'Mars/Olympus' }).failureReasonType).toBe(
			'invalid_configuration',
		);
		expect(failed(null as never).failureReasonType).toBe('validation_failure');
	});
	it('passes an earlier failure through untouched', () => {
		const failure = {
			failureReasonType: 'account_unknown' as const,
			failureReason: 'x',
			step: 'mapCategory' as const,
		};
		const r = buildJournal({ ...cardItem(), procountor: { failure } }, CTX);
		expect(r).toEqual({ ok: false, failure });
	});
	it('skips unknown tags when configured', () => {
		const r = ok(
			cardItem({
				accountingEntryLines: [
					line('l', 5000, { tags: [{ code: '999', groupCode: 'KUSTANNUSPAIKKA' }] }),
				],
			}),
			{ unknownTags: 'skip' },
		);
		expect(r.skippedTags).toHaveLength(1);
		expect(r.journal.transactions[0].dimensionItemValues).toBeUndefined();
	});
});
