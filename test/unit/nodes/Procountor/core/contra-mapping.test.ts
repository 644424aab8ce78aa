import {
	resolveContra,
	resolveLines,
	type ContraConfig,
	type MappingTable,
} from '../../../../../nodes/Procountor/core';
import { cardItem, COA, line, VATS } from './fixtures';

const CFG: ContraConfig = {
	cardAccount: '1940',
	outOfPocketAccount: '2940',
	reimbursementAccount: '1910',
	currencyOverrides: { SEK: '1941' },
	preferPleoContra: false,
};

describe('resolveContra', () => {
	it('card purchase → card account from the parameters', () => {
		const r = resolveContra(cardItem(), CFG);
		expect(r).toEqual({
			ok: true,
			contra: expect.objectContaining({ account: '1940', role: 'card', source: 'parameter' }),
		});
		expect(r.ok && r.contra.reason).toMatch(/card account 1940/);
	});
	it.each([
		'refund',
		'fee',
		'cashback',
		'chargeback',
		'atm_withdrawal',
		'wallet_topup',
		'wallet_unload',
		'personal_spend',
		'invoice_payment',
		'card_invoice',
	])('%s is a wallet type', (type) => {
		const r = resolveContra(cardItem({ type }), CFG);
		expect(r.ok && r.contra.role).toBe('card');
	});
	it('currency override for the wallet currency', () => {
		const item = cardItem({ amount: { inWalletCurrency: { currency: 'sek', value: 100 } } });
		const r = resolveContra(item, { ...CFG, currencyOverrides: { ' sek ': '1941' } });
		expect(r.ok && r.contra).toMatchObject({ account: '1941', source: 'currencyOverride' });
	});
	it('prefers Pleo contra when asked and present', () => {
		const item = cardItem({ contraAccount: { code: '1945' } });
		expect(resolveContra(item, { ...CFG, preferPleoContra: true })).toMatchObject({
			ok: true,
			contra: { account: '1945', source: 'pleo' },
		});
		expect(
			resolveContra(cardItem({ contraAccount: null }), { ...CFG, preferPleoContra: true }),
		).toMatchObject({ ok: true, contra: { account: '1940', source: 'parameter' } });
	});
	it.each(['out_of_pocket', 'mileage', 'per_diem'])('%s → out-of-pocket account', (type) => {
		expect(resolveContra(cardItem({ type, contraAccount: null }), CFG)).toMatchObject({
			ok: true,
			contra: { account: '2940', role: 'outOfPocket' },
		});
	});
	it('reimbursements move money between reimbursement and out-of-pocket accounts', () => {
		const r = resolveContra(
			cardItem({ type: 'direct_reimbursement', subType: 'reimbursement_to_employee' }),
			CFG,
		);
		expect(r.ok && r.contra).toMatchObject({
			account: '1910',
			role: 'reimbursement',
			counterAccount: '2940',
			reversed: false,
		});
		const back = resolveContra(
			cardItem({ type: 'external_reimbursement', subType: 'reimbursement_to_company' }),
			CFG,
		);
		expect(back.ok && back.contra).toMatchObject({ reversed: true });
		expect(back.ok && back.contra.reason).toMatch(/to the company/);
		const pleo = resolveContra(
			cardItem({ type: 'direct_reimbursement', contraAccount: { code: '1940' } }),
			{ ...CFG, reimbursementAccount: undefined, preferPleoContra: true },
		);
		expect(pleo.ok && pleo.contra).toMatchObject({ account: '1940', source: 'pleo' });
	});
	it('fails clearly', () => {
		const missing = resolveContra(cardItem(), { ...CFG, cardAccount: ' ' });
		expect(!missing.ok && missing.failure).toMatchObject({
			failureReasonType: 'missing_configuration',
			step: 'setContraAccounts',
		});
		expect(!missing.ok && missing.failure.failureReason).toMatch(
			/Taxi Helsinki.*ae-0001.*Card Account/,
		);
		const oop = resolveContra(cardItem({ type: 'mileage' }), { ...CFG, outOfPocketAccount: '' });
		expect(!oop.ok && oop.failure.failureReasonType).toBe('missing_configuration');
		const reimb = resolveContra(cardItem({ type: 'direct_reimbursement' }), {
			...CFG,
			reimbursementAccount: '',
		});
		expect(!reimb.ok && reimb.failure.failureReason).toMatch(/Reimbursement Account/);
		const unknown = resolveContra(cardItem({ type: 'teleport' }), CFG);
		expect(!unknown.ok && unknown.failure).toMatchObject({
			failureReasonType: 'validation_failure',
		});
		expect(!unknown.ok && unknown.failure.failureReason).toMatch(/'teleport'/);
		const none = resolveContra(cardItem({ type: undefined }), CFG);
		expect(!none.ok && none.failure.failureReason).toMatch(/no Pleo expense type/);
		const inv = resolveContra(cardItem({ type: 'invoice' }), CFG);
		expect(!inv.ok && inv.failure.failureReasonType).toBe('invalid_configuration');
		expect(resolveContra(null as never, CFG).ok).toBe(false);
	});
});

const TABLE: MappingTable = {
	accountRows: [
		{ pleo: '7777', account: '7600' },
		{ pleo: 'entertainment', account: '7680', vatDeductionPercent: 0 },
		{ pleo: '6900', account: '7999' },
		{ pleo: '6901', account: '5555' },
	],
	taxRows: [{ taxCode: 'EXEMPT', vatStatus: 12, vatPercent: 0 }],
};

describe('resolveLines', () => {
	it('domestic 25.5 % inclusive with Pleo code', () => {
		const r = resolveLines(cardItem(), TABLE, 'usePleoCode', COA, VATS);
		expect(r).toEqual({
			ok: true,
			lines: [
				expect.objectContaining({
					accountingEntryLineId: 'l1',
					account: '7600',
					accountName: 'Matkakulut',
					vatStatus: 1,
					vatPercent: 25.5,
					vatDeductionPercent: 100,
					reverseCharge: false,
					source: 'pleoAccountCode',
					vatSource: 'pleoTaxCode',
				}),
			],
		});
	});
	it.each([
		[0.14, 14],
		[0.135, 13.5],
		[0.1, 10],
		[0, 0],
		['0.255', 25.5],
	])('rate %p → %p %%', (rate, pct) => {
		const item = cardItem({ accountingEntryLines: [line('l1', 1000, { rate: rate as number })] });
		const r = resolveLines(item, TABLE, 'usePleoCode', COA, VATS);
		expect(r.ok && r.lines[0]).toMatchObject({ vatPercent: pct, vatStatus: 1 });
	});
	it('reverse charge → status 9; no tax (mileage) → status 12 / 0 %', () => {
		const rev = resolveLines(
			cardItem({
				accountingEntryLines: [
					line('l1', 1000, { code: '8380', rate: 0.255, taxType: 'reverse', taxCode: 'EURC' }),
				],
			}),
			TABLE,
			'usePleoCode',
			COA,
			VATS,
		);
		expect(rev.ok && rev.lines[0]).toMatchObject({
			vatStatus: 9,
			vatPercent: 25.5,
			reverseCharge: true,
		});
		const mil = resolveLines(
			cardItem({
				type: 'mileage',
				accountingEntryLines: [line('l1', 4500, { code: '7620', rate: null })],
			}),
			TABLE,
			'usePleoCode',
			COA,
			VATS,
		);
		expect(mil.ok && mil.lines[0]).toMatchObject({
			account: '7620',
			vatStatus: 12,
			vatPercent: 0,
			vatSource: 'noTax',
		});
	});
	it('rows: by code first, then by name; tax rows; account-row VAT overrides', () => {
		const item = cardItem({
			accountingEntryLines: [
				line('a', 100, { code: '7777' }),
				line('b', 100, { code: '9999', name: 'Entertainment' }),
				line('c', 100, { code: '6800', rate: 0, taxCode: 'exempt' }),
			],
		});
		const r = resolveLines(item, TABLE, 'fail', COA, VATS);
		expect(r.ok).toBe(false); // 6800 has no row and policy is fail
		const r2 = resolveLines(item, TABLE, 'usePleoCode', COA, VATS);
		expect(
			r2.ok &&
				r2.lines.map((l) => [l.account, l.source, l.vatStatus, l.vatDeductionPercent, l.vatSource]),
		).toEqual([
			['7600', 'accountRow', 1, 100, 'pleoTaxCode'],
			['7680', 'categoryRow', 1, 0, 'accountRow'],
			['6800', 'pleoAccountCode', 12, 100, 'taxCodeRow'],
		]);
	});
	it('reimbursements need no category lines', () => {
		const r = resolveLines(
			cardItem({
				type: 'direct_reimbursement',
				accountingEntryLines: [line('r', 100, { code: null })],
			}),
			TABLE,
			'fail',
			COA,
			VATS,
		);
		expect(r).toEqual({ ok: true, lines: [] });
	});
	it('failures: account_unknown, inactive, tax_code_unknown, invalid status', () => {
		const unmapped = resolveLines(cardItem(), { accountRows: [], taxRows: [] }, 'fail', COA, VATS);
		expect(!unmapped.ok && unmapped.failure).toMatchObject({
			failureReasonType: 'account_unknown',
			step: 'mapCategory',
		});
		expect(!unmapped.ok && unmapped.failure.failureReason).toMatch(/'7600 Travel'.*Map Category/);
		const notInCoa = resolveLines(
			cardItem({ accountingEntryLines: [line('l', 1, { code: '6901' })] }),
			TABLE,
			'usePleoCode',
			COA,
			VATS,
		);
		expect(!notInCoa.ok && notInCoa.failure.failureReason).toMatch(/5555 .*does not exist/);
		const inactive = resolveLines(
			cardItem({ accountingEntryLines: [line('l', 1, { code: '6900' })] }),
			TABLE,
			'usePleoCode',
			COA,
			VATS,
		);
		expect(!inactive.ok && inactive.failure).toMatchObject({
			failureReasonType: 'validation_failure',
		});
		expect(!inactive.ok && inactive.failure.failureReason).toMatch(
			/7999 'Vanha kulutili' is inactive. Activate it/,
		);
		const noAccount = resolveLines(
			cardItem({ accountingEntryLines: [line('l', 1, { code: null })] }),
			TABLE,
			'usePleoCode',
			COA,
			VATS,
		);
		expect(!noAccount.ok && noAccount.failure).toMatchObject({
			failureReasonType: 'account_unknown',
		});
		const rate24 = resolveLines(
			cardItem({ accountingEntryLines: [line('l', 1, { rate: 0.24, taxCode: 'vat_24' })] }),
			TABLE,
			'usePleoCode',
			COA,
			VATS,
		);
		expect(!rate24.ok && rate24.failure).toMatchObject({ failureReasonType: 'tax_code_unknown' });
		expect(!rate24.ok && rate24.failure.failureReason).toMatch(/VAT 24 %.*vat_24/);
		const badRate = resolveLines(
			cardItem({ accountingEntryLines: [line('l', 1, { rate: 'abc' as never })] }),
			TABLE,
			'usePleoCode',
			COA,
			VATS,
		);
		expect(!badRate.ok && badRate.failure.failureReasonType).toBe('tax_code_unknown');
		const salesOnly = resolveLines(
			cardItem(),
			{ accountRows: [{ pleo: '7600', account: '7600', vatStatus: 5 }], taxRows: [] },
			'fail',
			COA,
			VATS,
		);
		expect(!salesOnly.ok && salesOnly.failure.failureReasonType).toBe('invalid_configuration');
		const noLines = resolveLines(
			cardItem({ accountingEntryLines: [] }),
			TABLE,
			'usePleoCode',
			COA,
			VATS,
		);
		expect(!noLines.ok && noLines.failure.failureReasonType).toBe('validation_failure');
		expect(resolveLines(undefined as never, TABLE, 'fail', COA, VATS).ok).toBe(false);
		const split = resolveLines(
			cardItem({ accountingEntryLines: [line('a', 1), line('b', 1, { code: '6900' })] }),
			TABLE,
			'usePleoCode',
			COA,
			VATS,
		);
		expect(!split.ok && split.failure.failureReason).toMatch(/split line 2 of 2/);
	});
});
