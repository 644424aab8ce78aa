import type { AxiosInstance } from 'axios';
import { ProcountorSandbox, startProcountorSandbox } from '../../sandbox/procountor';
import { api, hasError, journal } from './helpers/procountor';

let sb: ProcountorSandbox;
let http: AxiosInstance;

beforeAll(async () => {
	sb = await startProcountorSandbox({ rateLimitPerSecond: 0 });
	http = await api(sb);
});
afterAll(() => sb.close());

type J = Record<string, any>;
const line = (j: J, i: number, over: J) => {
	j.transactions[i] = { ...j.transactions[i], ...over };
	return j;
};
const mod = (f: (j: J) => J) => () => f(journal());

/** reversing counter line instead of the plain credit ENTRY */
const reversing = (j: J): J =>
	line(j, 1, { transactionType: 'REVERSING_ENTRY', vatStatus: undefined });

interface Rule {
	rule: string;
	good: () => J;
	bad: () => J;
	field: string;
	code: string;
	status?: number;
}

const rules: Rule[] = [
	{
		rule: 'type required',
		good: mod((j) => j),
		bad: mod((j) => ({ ...j, type: undefined })),
		field: 'type',
		code: 'FIELD_REQUIRED',
	},
	{
		rule: 'only JOURNAL can be posted',
		good: mod((j) => j),
		bad: mod((j) => ({ ...j, type: 'PURCHASE_INVOICE' })),
		field: 'type',
		code: 'INVALID_RECEIPT_TYPE',
	},
	{
		rule: 'name required',
		good: mod((j) => j),
		bad: mod((j) => ({ ...j, name: undefined })),
		field: 'name',
		code: 'FIELD_REQUIRED',
	},
	{
		rule: 'name <= 80',
		good: mod((j) => ({ ...j, name: 'n'.repeat(80) })),
		bad: mod((j) => ({ ...j, name: 'n'.repeat(81) })),
		field: 'name',
		code: 'FIELD_TOO_LONG',
	},
	{
		rule: 'receiptDate required',
		good: mod((j) => j),
		bad: mod((j) => ({ ...j, receiptDate: undefined })),
		field: 'receiptDate',
		code: 'FIELD_REQUIRED',
	},
	{
		rule: 'vatType required',
		good: mod((j) => j),
		bad: mod((j) => ({ ...j, vatType: undefined })),
		field: 'vatType',
		code: 'FIELD_REQUIRED',
	},
	{
		rule: 'vatStatus required',
		good: mod((j) => j),
		bad: mod((j) => ({ ...j, vatStatus: undefined })),
		field: 'vatStatus',
		code: 'FIELD_REQUIRED',
	},
	{
		rule: 'transactions >= 1',
		good: mod((j) => j),
		bad: mod((j) => ({ ...j, transactions: [] })),
		field: 'transactions',
		code: 'FIELD_REQUIRED',
	},
	{
		rule: 'line transactionType required',
		good: mod((j) => j),
		bad: mod((j) => line(j, 0, { transactionType: undefined })),
		field: 'transactions[0].transactionType',
		code: 'FIELD_REQUIRED',
	},
	{
		rule: 'line account required',
		good: mod((j) => j),
		bad: mod((j) => line(j, 1, { account: undefined })),
		field: 'transactions[1].account',
		code: 'FIELD_REQUIRED',
	},
	{
		rule: 'line accountingValue required',
		good: mod((j) => j),
		bad: mod((j) => line(j, 1, { accountingValue: undefined })),
		field: 'transactions[1].accountingValue',
		code: 'FIELD_REQUIRED',
	},
	{
		rule: 'line vatPercent required',
		good: mod((j) => j),
		bad: mod((j) => line(j, 0, { vatPercent: undefined })),
		field: 'transactions[0].vatPercent',
		code: 'FIELD_REQUIRED',
	},
	{
		rule: 'transactionDescription <= 255',
		good: mod((j) => ({ ...j, transactionDescription: 'd'.repeat(255) })),
		bad: mod((j) => ({ ...j, transactionDescription: 'd'.repeat(256) })),
		field: 'transactionDescription',
		code: 'FIELD_TOO_LONG',
	},
	{
		rule: 'accountantsNotes <= 255',
		good: mod((j) => ({ ...j, accountantsNotes: 'a'.repeat(255) })),
		bad: mod((j) => ({ ...j, accountantsNotes: 'a'.repeat(256) })),
		field: 'accountantsNotes',
		code: 'FIELD_TOO_LONG',
	},
	{
		rule: 'invoiceNotes <= 10000',
		good: mod((j) => ({ ...j, invoiceNotes: 'i'.repeat(10000) })),
		bad: mod((j) => ({ ...j, invoiceNotes: 'i'.repeat(10001) })),
		field: 'invoiceNotes',
		code: 'FIELD_TOO_LONG',
	},
	{
		rule: 'line description <= 255',
		good: mod((j) => line(j, 0, { description: 'x'.repeat(255) })),
		bad: mod((j) => line(j, 0, { description: 'x'.repeat(256) })),
		field: 'transactions[0].description',
		code: 'FIELD_TOO_LONG',
	},
	{
		rule: 'account exists',
		good: mod((j) => line(j, 0, { account: '6800' })),
		bad: mod((j) => line(j, 0, { account: '9999' })),
		field: 'transactions[0].account',
		code: 'ACCOUNT_NOT_FOUND',
	},
	{
		rule: 'account active',
		good: mod((j) => line(j, 0, { account: '7600' })),
		bad: mod((j) => line(j, 0, { account: '7999' })),
		field: 'transactions[0].account',
		code: 'ACCOUNT_INACTIVE',
	},
	{
		rule: 'vatPercent is a company rate',
		good: mod((j) => line(line(j, 0, { vatPercent: 14 }), 1, { accountingValue: -114 })),
		bad: mod((j) => line(line(j, 0, { vatPercent: 24 }), 1, { accountingValue: -124 })),
		field: 'transactions[0].vatPercent',
		code: 'INVALID_VAT_PERCENT',
	},
	{
		rule: 'header vatStatus exists',
		good: mod((j) => j),
		bad: mod((j) => ({ ...j, vatStatus: 99 })),
		field: 'vatStatus',
		code: 'INVALID_VAT_STATUS',
	},
	{
		rule: 'header vatStatus enabled for vatType',
		good: mod((j) => ({ ...j, vatStatus: 12 })),
		bad: mod((j) => ({ ...j, vatStatus: 5 })),
		field: 'vatStatus',
		code: 'VAT_STATUS_NOT_ALLOWED',
	},
	{
		rule: 'line vatStatus enabled for vatType (purchase flag)',
		good: mod((j) => line(line(j, 0, { vatStatus: 9 }), 1, { accountingValue: -100 })),
		bad: mod((j) => line(line(j, 0, { vatStatus: 5 }), 1, { accountingValue: -100 })),
		field: 'transactions[0].vatStatus',
		code: 'VAT_STATUS_NOT_ALLOWED',
	},
	{
		rule: 'line vatStatus enabled for vatType (sales flag)',
		good: mod((j) => ({
			...j,
			vatType: 'SALES',
			transactions: [
				{
					transactionType: 'ENTRY',
					account: '1910',
					accountingValue: 100,
					vatPercent: 0,
					vatStatus: 12,
				},
				{
					transactionType: 'ENTRY',
					account: '4000',
					accountingValue: -100,
					vatPercent: 25.5,
					vatStatus: 5,
				},
			],
		})),
		bad: mod((j) => ({
			...j,
			vatType: 'SALES',
			vatStatus: 12,
			transactions: [
				{
					transactionType: 'ENTRY',
					account: '1910',
					accountingValue: 100,
					vatPercent: 0,
					vatStatus: 12,
				},
				{
					transactionType: 'ENTRY',
					account: '4000',
					accountingValue: -100,
					vatPercent: 25.5,
					vatStatus: 9,
				},
			],
		})),
		field: 'transactions[1].vatStatus',
		code: 'VAT_STATUS_NOT_ALLOWED',
	},
	{
		rule: 'at most one REVERSING_ENTRY',
		good: mod(reversing),
		bad: mod((j) => {
			reversing(j);
			j.transactions[1].accountingValue = -100;
			j.transactions.push({
				transactionType: 'REVERSING_ENTRY',
				account: '2940',
				accountingValue: -25.5,
				vatPercent: 0,
			});
			return j;
		}),
		field: 'transactions[2].transactionType',
		code: 'TOO_MANY_REVERSING_ENTRIES',
	},
	{
		rule: 'at most one RECONCILIATION_ENTRY',
		good: mod((j) => {
			j.transactions[1].accountingValue = -125.49;
			j.transactions.push({
				transactionType: 'RECONCILIATION_ENTRY',
				account: '8990',
				accountingValue: -0.01,
				vatPercent: 0,
			});
			return j;
		}),
		bad: mod((j) => {
			j.transactions[1].accountingValue = -125.48;
			j.transactions.push({
				transactionType: 'RECONCILIATION_ENTRY',
				account: '8990',
				accountingValue: -0.01,
				vatPercent: 0,
			});
			j.transactions.push({
				transactionType: 'RECONCILIATION_ENTRY',
				account: '8990',
				accountingValue: -0.01,
				vatPercent: 0,
			});
			return j;
		}),
		field: 'transactions[3].transactionType',
		code: 'TOO_MANY_RECONCILIATION_ENTRIES',
	},
	{
		rule: 'REVERSING_ENTRY has vatPercent 0',
		good: mod(reversing),
		bad: mod((j) => line(reversing(j), 1, { vatPercent: 25.5 })),
		field: 'transactions[1].vatPercent',
		code: 'INVALID_VAT_PERCENT',
	},
	{
		rule: 'REVERSING_ENTRY has no vatStatus',
		good: mod(reversing),
		bad: mod((j) => line(reversing(j), 1, { vatStatus: 12 })),
		field: 'transactions[1].vatStatus',
		code: 'VAT_STATUS_NOT_ALLOWED',
	},
	{
		rule: 'RECONCILIATION_ENTRY has vatPercent 0 and no vatStatus',
		good: mod((j) => line(j, 1, { transactionType: 'RECONCILIATION_ENTRY', vatStatus: undefined })),
		bad: mod((j) => line(j, 1, { transactionType: 'RECONCILIATION_ENTRY', vatStatus: 12 })),
		field: 'transactions[1].vatStatus',
		code: 'VAT_STATUS_NOT_ALLOWED',
	},
	{
		rule: 'accountingValue has at most 2 decimals',
		good: mod((j) =>
			line(line(j, 0, { accountingValue: 100.1, dimensionItemValues: [] }), 1, {
				accountingValue: -125.63,
			}),
		),
		bad: mod((j) =>
			line(line(j, 0, { accountingValue: 100.001, dimensionItemValues: [] }), 1, {
				accountingValue: -125.5,
			}),
		),
		field: 'transactions[0].accountingValue',
		code: 'TOO_MANY_DECIMALS',
	},
	{
		rule: 'dimension exists',
		good: mod((j) => j),
		bad: mod((j) =>
			line(j, 0, { dimensionItemValues: [{ dimensionId: 999, itemId: 2011, value: 100 }] }),
		),
		field: 'transactions[0].dimensionItemValues[0].dimensionId',
		code: 'DIMENSION_NOT_FOUND',
	},
	{
		rule: 'dimension item exists',
		good: mod((j) => j),
		bad: mod((j) =>
			line(j, 0, { dimensionItemValues: [{ dimensionId: 201, itemId: 2021, value: 100 }] }),
		),
		field: 'transactions[0].dimensionItemValues[0].itemId',
		code: 'DIMENSION_ITEM_NOT_FOUND',
	},
	{
		rule: 'dimension item active',
		good: mod((j) => j),
		bad: mod((j) =>
			line(j, 0, { dimensionItemValues: [{ dimensionId: 201, itemId: 2015, value: 100 }] }),
		),
		field: 'transactions[0].dimensionItemValues[0].itemId',
		code: 'DIMENSION_ITEM_INACTIVE',
	},
	{
		rule: '(dimensionId,itemId) unique per line',
		good: mod((j) =>
			line(j, 0, {
				dimensionItemValues: [
					{ dimensionId: 201, itemId: 2011, value: 60 },
					{ dimensionId: 201, itemId: 2012, value: 40 },
					{ dimensionId: 202, itemId: 2021, value: 100 },
				],
			}),
		),
		bad: mod((j) =>
			line(j, 0, {
				dimensionItemValues: [
					{ dimensionId: 201, itemId: 2011, value: 60 },
					{ dimensionId: 201, itemId: 2011, value: 40 },
				],
			}),
		),
		field: 'transactions[0].dimensionItemValues[1]',
		code: 'DUPLICATE_DIMENSION_ITEM',
	},
	{
		rule: 'dimension values sum to accountingValue',
		good: mod((j) =>
			line(j, 0, {
				dimensionItemValues: [
					{ dimensionId: 201, itemId: 2011, value: 33.33 },
					{ dimensionId: 201, itemId: 2012, value: 66.67 },
				],
			}),
		),
		bad: mod((j) =>
			line(j, 0, {
				dimensionItemValues: [
					{ dimensionId: 201, itemId: 2011, value: 33.33 },
					{ dimensionId: 201, itemId: 2012, value: 66.66 },
				],
			}),
		),
		field: 'transactions[0].dimensionItemValues',
		code: 'DIMENSION_VALUES_DO_NOT_MATCH',
	},
	{
		rule: 'receiptDate in an open period (closed year)',
		good: mod((j) => ({ ...j, receiptDate: '2026-12-31' })),
		bad: mod((j) => ({ ...j, receiptDate: '2025-06-01' })),
		field: 'receiptDate',
		code: 'CLOSED_FISCAL_PERIOD',
		status: 409,
	},
	{
		rule: 'receiptDate in an open period (no fiscal year)',
		good: mod((j) => ({ ...j, receiptDate: '2027-01-01' })),
		bad: mod((j) => ({ ...j, receiptDate: '2030-01-01' })),
		field: 'receiptDate',
		code: 'CLOSED_FISCAL_PERIOD',
		status: 409,
	},
	{
		rule: 'name is Windows-1252',
		good: mod((j) => ({ ...j, name: 'Ødegård Åsa – Café “Ä” €5 ™' })),
		bad: mod((j) => ({ ...j, name: 'Taxi Ŕ' })),
		field: 'name',
		code: 'INVALID_CHARACTERS',
	},
	{
		rule: 'line description is Windows-1252',
		good: mod((j) => line(j, 0, { description: 'Jüri Tamm' })),
		bad: mod((j) => line(j, 0, { description: 'Такси' })),
		field: 'transactions[0].description',
		code: 'INVALID_CHARACTERS',
	},
	{
		rule: 'transactionDescription is Windows-1252',
		good: mod((j) => ({ ...j, transactionDescription: 'Matti Meikäläinen' })),
		bad: mod((j) => ({ ...j, transactionDescription: 'ೠ' })),
		field: 'transactionDescription',
		code: 'INVALID_CHARACTERS',
	},
	{
		rule: 'receipt balances (without createReconciliation)',
		good: mod((j) => j),
		bad: mod((j) => line(j, 1, { accountingValue: -125.49 })),
		field: 'transactions',
		code: 'RECEIPT_NOT_BALANCED',
	},
];

describe('POST /ledgerreceipts validation', () => {
	it.each(rules)('$rule', async (r) => {
		const good = await http.post('/ledgerreceipts', r.good());
		expect({ status: good.status, data: good.data }).toMatchObject({ status: 200 });
		const bad = await http.post('/ledgerreceipts', r.bad());
		expect(bad.status).toBe(r.status ?? 400);
		expect(bad.data.errors).toEqual(
			expect.arrayContaining([
				expect.objectContaining({
					field: r.field,
					message: expect.stringMatching(new RegExp(`^${r.code}: `)),
				}),
			]),
		);
		for (const e of bad.data.errors) expect(e.status).toBe(r.status ?? 400);
	});

	it('lists all errors of a request', async () => {
		const j = journal({ name: 'x'.repeat(81), vatStatus: 99 });
		line(j, 0, { account: '9999' });
		line(j, 1, { vatPercent: 24 });
		const res = await http.post('/ledgerreceipts', j);
		expect(res.status).toBe(400);
		expect(hasError(res.data, 'name', 'FIELD_TOO_LONG')).toBe(true);
		expect(hasError(res.data, 'vatStatus', 'INVALID_VAT_STATUS')).toBe(true);
		expect(hasError(res.data, 'transactions[0].account', 'ACCOUNT_NOT_FOUND')).toBe(true);
		expect(hasError(res.data, 'transactions[1].vatPercent', 'INVALID_VAT_PERCENT')).toBe(true);
	});

	it('nothing is stored for a rejected receipt', async () => {
		const before = sb.state.companies[1001].ledgerReceipts.length;
		await http.post('/ledgerreceipts', journal({ vatType: 'X' }));
		expect(sb.state.companies[1001].ledgerReceipts.length).toBe(before);
	});
});

describe('VAT and reconciliation', () => {
	it('stores the created receipt as UNFINISHED with ids, invoiceId, version and VAT postings', async () => {
		const res = await http.post('/ledgerreceipts', journal());
		expect(res.status).toBe(200);
		expect(res.data).toMatchObject({ type: 'JOURNAL', status: 'UNFINISHED' });
		expect(res.data.id).toBeGreaterThanOrEqual(500001);
		expect(res.data.invoiceId).toBeGreaterThanOrEqual(900001);
		expect(res.data.version).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d/);
		expect(res.data.transactions).toHaveLength(2);
		const stored = sb.state.companies[1001].ledgerReceipts.find((r) => r.id === res.data.id)!;
		expect(stored.vatPostings).toEqual([
			expect.objectContaining({ kind: 'DEDUCTIBLE_VAT', account: '1765', amountCents: 2550 }),
		]);
	});

	it('rounds VAT half away from zero, also for credits', async () => {
		// 1.00 @ 13.5 % = 0.135 -> 0.14 ; -1.00 -> -0.14
		const j = journal();
		j.transactions = [
			{
				transactionType: 'ENTRY',
				account: '7670',
				accountingValue: 1,
				vatPercent: 13.5,
				vatStatus: 1,
			},
			{
				transactionType: 'ENTRY',
				account: '1940',
				accountingValue: -1.14,
				vatPercent: 0,
				vatStatus: 12,
			},
		];
		expect((await http.post('/ledgerreceipts', j)).status).toBe(200);
		j.transactions[0].accountingValue = -1;
		j.transactions[1].accountingValue = 1.14;
		const refund = await http.post('/ledgerreceipts', j);
		expect(refund.status).toBe(200);
		const stored = sb.state.companies[1001].ledgerReceipts.find((r) => r.id === refund.data.id)!;
		expect(stored.vatPostings[0].amountCents).toBe(-14);
		j.transactions[1].accountingValue = 1.13;
		expect((await http.post('/ledgerreceipts', j)).status).toBe(400);
	});

	it('keeps the non-deductible VAT share on the expense account', async () => {
		const j = journal();
		line(j, 0, { vatDeductionPercent: 50 });
		const res = await http.post('/ledgerreceipts', j);
		expect(res.status).toBe(200);
		const stored = sb.state.companies[1001].ledgerReceipts.find((r) => r.id === res.data.id)!;
		expect(stored.vatPostings).toEqual([
			expect.objectContaining({ kind: 'DEDUCTIBLE_VAT', account: '1765', amountCents: 1275 }),
			expect.objectContaining({ kind: 'NON_DEDUCTIBLE_VAT', account: '7600', amountCents: 1275 }),
		]);
	});

	it('reverse-charge VAT (EU services) does not change the total', async () => {
		const j = journal();
		line(line(j, 0, { vatStatus: 9 }), 1, { accountingValue: -100 });
		const res = await http.post('/ledgerreceipts', j);
		expect(res.status).toBe(200);
		const stored = sb.state.companies[1001].ledgerReceipts.find((r) => r.id === res.data.id)!;
		expect(stored.vatPostings.map((v) => [v.account, v.amountCents])).toEqual([
			['1765', 2550],
			['2939', -2550],
		]);
	});

	it('createReconciliation appends one RECONCILIATION_ENTRY on 8990 for a small difference', async () => {
		const j = journal();
		line(j, 1, { accountingValue: -125.49 });
		const res = await http.post('/ledgerreceipts?createReconciliation=true', j);
		expect(res.status).toBe(200);
		expect(res.data.transactions).toHaveLength(3);
		expect(res.data.transactions[2]).toMatchObject({
			transactionType: 'RECONCILIATION_ENTRY',
			account: '8990',
			accountingValue: -0.01,
			vatPercent: 0,
		});
	});

	it('reconciles exactly 1.00 but refuses more', async () => {
		const j = journal();
		line(j, 1, { accountingValue: -124.5 });
		const ok = await http.post('/ledgerreceipts?createReconciliation=true', j);
		expect(ok.status).toBe(200);
		expect(ok.data.transactions[2].accountingValue).toBe(-1);
		line(j, 1, { accountingValue: -124.49 });
		const bad = await http.post('/ledgerreceipts?createReconciliation=true', j);
		expect(bad.status).toBe(400);
		expect(hasError(bad.data, 'transactions', 'RECONCILIATION_TOO_LARGE')).toBe(true);
		expect(bad.data.errors[0].message).toContain('1.01');
	});

	it('reports the difference when not balanced', async () => {
		const j = journal();
		line(j, 1, { accountingValue: -125 });
		const res = await http.post('/ledgerreceipts', j);
		expect(res.status).toBe(400);
		expect(res.data.errors[0].message).toMatch(/^RECEIPT_NOT_BALANCED: .*0\.50/);
	});
});

describe('status changes', () => {
	it('approve UNFINISHED -> APPROVED, then refuses a second approve', async () => {
		const { data } = await http.post('/ledgerreceipts', journal());
		const a = await http.put(`/ledgerreceipts/${data.id}/approve`);
		expect(a.status).toBe(200);
		expect(a.data.status).toBe('APPROVED');
		expect(a.data.version > data.version).toBe(true);
		const again = await http.put(`/ledgerreceipts/${data.id}/approve`);
		expect(again.status).toBe(409);
		expect(again.data.errors[0].message).toMatch(/^INVALID_STATUS: /);
	});

	it('invalidate works in an open period, twice -> 409, unknown id -> 404', async () => {
		const { data } = await http.post('/ledgerreceipts', journal());
		const r = await http.put(`/ledgerreceipts/${data.id}/invalidate`);
		expect(r.status).toBe(200);
		expect(r.data.status).toBe('INVALIDATED');
		expect((await http.put(`/ledgerreceipts/${data.id}/invalidate`)).status).toBe(409);
		expect((await http.put('/ledgerreceipts/1/invalidate')).status).toBe(404);
	});

	it('invalidate refuses a receipt whose period has been closed', async () => {
		const { data } = await http.post('/ledgerreceipts', journal({ receiptDate: '2026-02-10' }));
		const fy = sb.state.companies[1001].fiscalYears.find((y) => y.id === 2026)!;
		const feb = fy.trackingPeriods.find((p) => p.startDate === '2026-02-01')!;
		feb.status = 'CLOSED';
		try {
			const r = await http.put(`/ledgerreceipts/${data.id}/invalidate`);
			expect(r.status).toBe(409);
			expect(hasError(r.data, 'receiptDate', 'CLOSED_FISCAL_PERIOD')).toBe(true);
		} finally {
			feb.status = 'OPEN';
		}
	});
});
