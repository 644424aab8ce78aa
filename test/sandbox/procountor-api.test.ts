import type { AxiosInstance } from 'axios';
import { ProcountorSandbox, startProcountorSandbox } from '../../sandbox/procountor';
import { api, client, journal, multipart } from './helpers/procountor';

let sb: ProcountorSandbox;
let http: AxiosInstance;
let clock = Date.UTC(2026, 2, 1, 8, 0, 0);

beforeAll(async () => {
	sb = await startProcountorSandbox({ rateLimitPerSecond: 0, now: () => clock });
	http = await api(sb);
});
afterAll(() => sb.close());

describe('reads', () => {
	it('company, sessioninfo, users', async () => {
		expect((await http.get('/company')).data).toMatchObject({
			id: 1001,
			name: 'Pleo Demo Oy',
			companyCurrency: 'EUR',
			country: 'FINLAND',
		});
		expect((await http.get('/sessioninfo')).data).toMatchObject({ companyId: 1001, userId: 3001 });
		expect((await http.get('/users')).data).toMatchObject({ id: 3001, username: 'demo' });
	});

	it('chart of accounts with translations and the inactive account', async () => {
		const { data } = await http.get('/coa');
		expect(data.ledgerAccounts).toHaveLength(18);
		expect(data.ledgerAccounts).toContainEqual({
			ledgerAccountCode: '7600',
			name: 'Matkakulut',
			active: true,
			translations: [{ languageCode: 'en', translation: 'Travel expenses' }],
		});
		expect(data.ledgerAccounts.find((a: any) => a.ledgerAccountCode === '7999').active).toBe(false);
	});

	it('VAT defaults and country percentages', async () => {
		const { data } = await http.get('/vats/default');
		expect(data.vatInformation[0].percentages.map((p: any) => p.vatPercent)).toEqual([
			25.5, 14, 13.5, 10, 0,
		]);
		expect(data.vatStatuses.map((s: any) => s.vatStatus)).toEqual([1, 3, 5, 8, 9, 12]);
		expect(data.vatStatuses.find((s: any) => s.vatStatus === 5)).toMatchObject({
			sales: true,
			purchase: false,
		});
		expect((await http.get('/vats/country?countryCode=FI')).data).toEqual({
			vatPercentages: [25.5, 14, 13.5, 10, 0],
		});
	});

	it('dimensions list, name filter and single dimension', async () => {
		const all = (await http.get('/dimensions')).data;
		expect(all.map((d: any) => d.id)).toEqual([201, 202]);
		const f = (await http.get('/dimensions?name=proj')).data;
		expect(f.map((d: any) => d.name)).toEqual(['Projekti']);
		const one = (await http.get('/dimensions/201')).data;
		expect(one.items.find((i: any) => i.id === 2015)).toMatchObject({
			codeName: '900',
			status: 'P',
		});
		expect((await http.get('/dimensions/999')).status).toBe(404);
	});

	it('fiscal years newest first with tracking periods', async () => {
		const { data } = await http.get('/fiscalyears');
		expect(data.fiscalYears.map((y: any) => [y.startDate, y.isOpen])).toEqual([
			['2027-01-01', true],
			['2026-01-01', true],
			['2025-01-01', false],
		]);
		expect(data.fiscalYears[1].trackingPeriods).toHaveLength(12);
		expect(data.fiscalYears[2].trackingPeriods.every((p: any) => p.status === 'CLOSED')).toBe(true);
	});

	it('exchange rates, per-day override, unknown currency', async () => {
		const q = 'baseCurrency=EUR&day=2026-03-14&rateType=PROCOUNTOR_ACCOUNTING_EXCHANGE_RATE';
		expect((await http.get(`/currencies/exchangerate?currency=USD&${q}`)).data).toMatchObject({
			queryDay: '2026-03-14',
			currency: 'USD',
			day: '2026-03-14',
			rate: 1.085,
		});
		sb.state.companies[1001].exchangeRatesByDay['2026-03-14'] = { USD: 1.1 };
		expect((await http.get(`/currencies/exchangerate?currency=USD&${q}`)).data.rate).toBe(1.1);
		const bad = await http.get(`/currencies/exchangerate?currency=XYZ&${q}`);
		expect(bad.status).toBe(404);
		expect(bad.data.errors[0].message).toMatch(/^CURRENCY_NOT_FOUND: /);
	});

	it('unknown endpoint -> 404 in error shape', async () => {
		const res = await http.get('/nope');
		expect(res.status).toBe(404);
		expect(res.data.errors[0].status).toBe(404);
	});
});

describe('ledger receipt search, paging and batch get', () => {
	const ids: number[] = [];
	beforeAll(async () => {
		for (let i = 0; i < 7; i++) {
			clock += 60_000;
			const day = `2026-04-0${i + 1}`;
			const res = await http.post('/ledgerreceipts', journal({ name: `R${i}`, receiptDate: day }));
			ids.push(res.data.id);
		}
		await http.put(`/ledgerreceipts/${ids[0]}/approve`);
	});

	it('pages with page/size (default DESC) and reports meta', async () => {
		const seen: number[] = [];
		for (let page = 0; page < 3; page++) {
			const { data } = await http.get(
				`/ledgerreceipts?startDate=2026-04-01&endDate=2026-04-30&size=3&page=${page}`,
			);
			expect(data.meta).toEqual({
				pageNumber: page,
				pageSize: 3,
				resultCount: page < 2 ? 3 : 1,
				totalCount: 7,
			});
			seen.push(...data.results.map((r: any) => r.id));
		}
		expect(seen).toEqual([...ids].reverse());
	});

	it('pages with previousId + orderById=ASC (keyset)', async () => {
		const seen: number[] = [];
		let previousId = 0;
		for (;;) {
			const { data } = await http.get(
				`/ledgerreceipts?startDate=2026-04-01&endDate=2026-04-30&size=2&orderById=ASC&previousId=${previousId}`,
			);
			seen.push(...data.results.map((r: any) => r.id));
			if (data.meta.resultCount < data.meta.pageSize) break;
			previousId = data.results[data.results.length - 1].id;
		}
		expect(seen).toEqual(ids);
	});

	it('search results are basic info without invoiceId', async () => {
		const { data } = await http.get('/ledgerreceipts?startDate=2026-04-01&endDate=2026-04-01');
		expect(data.results).toHaveLength(1);
		expect(Object.keys(data.results[0]).sort()).toEqual(
			[
				'created',
				'id',
				'invoiceNumber',
				'name',
				'receiptDate',
				'receiptNumber',
				'status',
				'type',
				'version',
			].sort(),
		);
	});

	it('filters by types, status and created range', async () => {
		const approved = (
			await http.get('/ledgerreceipts?types=JOURNAL&status=APPROVED&startDate=2026-04-01')
		).data;
		expect(approved.results.map((r: any) => r.id)).toEqual([ids[0]]);
		expect(
			(await http.get('/ledgerreceipts?types=SALES_INVOICE,PURCHASE_INVOICE')).data.results,
		).toHaveLength(0);
		const created = sb.state.companies[1001].ledgerReceipts.find((r) => r.id === ids[5])!.created;
		const { data } = await http.get(
			`/ledgerreceipts?createdStartDate=${created.slice(0, 19)}&startDate=2026-04-01`,
		);
		expect(data.results.map((r: any) => r.id).sort()).toEqual([ids[5], ids[6]]);
	});

	it('size > 200 -> 400', async () => {
		const res = await http.get('/ledgerreceipts?size=201');
		expect(res.status).toBe(400);
		expect(res.data.errors[0].field).toBe('size');
	});

	it('single and batch get', async () => {
		const one = await http.get(`/ledgerreceipts/${ids[0]}`);
		expect(one.data).toMatchObject({
			id: ids[0],
			invoiceId: expect.any(Number),
			transactions: expect.any(Array),
			attachments: [],
		});
		const batch = await http.get(`/ledgerreceipts/${ids[0]},${ids[1]},123,abc`);
		expect(batch.data.results.map((r: any) => r.id)).toEqual([ids[0], ids[1]]);
		expect((await http.get('/ledgerreceipts/1,2')).status).toBe(404);
		expect((await http.get('/ledgerreceipts/42')).status).toBe(404);
		const many = Array.from({ length: 201 }, (_, i) => i + 1).join(',');
		expect((await http.get(`/ledgerreceipts/${many}`)).status).toBe(400);
	});
});

describe('attachments', () => {
	let receipt: any;
	beforeAll(async () => {
		receipt = (await http.post('/ledgerreceipts', journal())).data;
	});
	const upload = (
		meta: unknown,
		file: Buffer | undefined,
		metaType = 'application/json',
		filename = 'r.jpg',
	) => {
		const parts = [{ name: 'meta', data: JSON.stringify(meta), contentType: metaType }];
		if (file)
			parts.push({ name: 'file', data: file as any, contentType: 'image/jpeg', filename } as any);
		const mp = multipart(parts);
		return http.post('/attachments', mp.body, {
			headers: { 'content-type': mp.contentType },
			maxBodyLength: Infinity,
		});
	};
	const meta = (over: Record<string, unknown> = {}) => ({
		name: 'receipt-t1.jpg',
		referenceType: 'INVOICE',
		referenceId: receipt.invoiceId,
		sendWithInvoice: false,
		...over,
	});

	it('attaches a file to the journal via its invoiceId', async () => {
		const res = await upload(meta(), Buffer.from('fake jpeg bytes'));
		expect(res.status).toBe(200);
		expect(res.data).toEqual({
			id: expect.any(Number),
			name: 'receipt-t1.jpg',
			referenceType: 'INVOICE',
			referenceId: receipt.invoiceId,
			mimeType: 'image/jpeg',
			sendWithInvoice: false,
		});
		const r = (await http.get(`/ledgerreceipts/${receipt.id}`)).data;
		expect(r.attachments).toEqual([
			{
				id: res.data.id,
				name: 'receipt-t1.jpg',
				mimeType: 'image/jpeg',
				referenceType: 'INVOICE',
				referenceId: receipt.invoiceId,
			},
		]);
		const stored = sb.state.companies[1001].attachments.find((a) => a.id === res.data.id)!;
		expect(stored.size).toBe(15);
		expect(stored.sha256).toMatch(/^[0-9a-f]{64}$/);
	});

	it('accepts LEDGERRECEIPT references and derives the mime type from the extension', async () => {
		const res = await upload(
			meta({ name: 'scan.PDF', referenceType: 'LEDGERRECEIPT', referenceId: receipt.id }),
			Buffer.from('%PDF'),
		);
		expect(res.status).toBe(200);
		expect(res.data.mimeType).toBe('application/pdf');
	});

	it('accepts exactly 10,000,000 bytes and refuses one more', async () => {
		expect((await upload(meta({ name: 'big.png' }), Buffer.alloc(10_000_000))).status).toBe(200);
		const res = await upload(meta({ name: 'big.png' }), Buffer.alloc(10_000_001));
		expect(res.status).toBe(400);
		expect(res.data.errors[0].message).toContain('File size too big');
	});

	it('name without extension -> 400', async () => {
		const res = await upload(meta({ name: 'receipt' }), Buffer.from('x'));
		expect(res.status).toBe(400);
		expect(res.data.errors[0]).toMatchObject({
			field: 'name',
			message: expect.stringMatching(/^INVALID_FILE_EXTENSION/),
		});
	});

	it('meta part without application/json content type -> 400', async () => {
		const res = await upload(meta(), Buffer.from('x'), 'text/plain');
		expect(res.status).toBe(400);
		expect(res.data.errors[0].field).toBe('meta');
	});

	it('unknown reference -> 404; missing file -> 400', async () => {
		expect((await upload(meta({ referenceId: 123 }), Buffer.from('x'))).status).toBe(404);
		expect((await upload(meta(), undefined)).status).toBe(400);
	});
});

describe('dimension items', () => {
	it('creates an item, refuses a duplicate codeName, updates it', async () => {
		const created = await http.post('/dimensions/201/items', {
			codeName: '500',
			description: 'Asiakaspalvelu',
		});
		expect(created.status).toBe(200);
		expect(created.data).toMatchObject({
			id: expect.any(Number),
			codeName: '500',
			description: 'Asiakaspalvelu',
		});
		const dup = await http.post('/dimensions/201/items', { codeName: '500' });
		expect(dup.status).toBe(400);
		expect(dup.data.errors[0].message).toMatch(/^DUPLICATE_CODE_NAME/);
		expect((await http.post('/dimensions/201/items', { codeName: 'x'.repeat(41) })).status).toBe(
			400,
		);
		expect((await http.post('/dimensions/999/items', { codeName: 'A' })).status).toBe(404);
		const upd = await http.put('/dimensions/201/items', {
			id: created.data.id,
			codeName: '500',
			description: 'Customer care',
			status: 'P',
		});
		expect(upd.status).toBe(200);
		expect(upd.data).toEqual({
			id: created.data.id,
			codeName: '500',
			description: 'Customer care',
			status: 'P',
		});
		const dim = (await http.get('/dimensions/201')).data;
		expect(dim.items.find((i: any) => i.id === created.data.id)).toMatchObject({
			description: 'Customer care',
			status: 'P',
		});
		expect((await http.put('/dimensions/201/items', { id: 1, codeName: 'Z' })).status).toBe(404);
		expect(
			(await http.put('/dimensions/201/items', { id: created.data.id, codeName: '100' })).status,
		).toBe(400);
	});
});

describe('invoices', () => {
	it('creates a BILL_OF_CHARGES and finds it by originalInvoiceNumber', async () => {
		const body = {
			type: 'BILL_OF_CHARGES',
			date: '2026-03-20',
			counterParty: { counterPartyAddress: { name: 'Matti Meikäläinen' } },
			paymentInfo: {
				paymentMethod: 'BANK_TRANSFER',
				currency: 'EUR',
				dueDate: '2026-03-27',
				currencyRate: 1,
			},
			invoiceRows: [
				{
					product: 'Taxi',
					quantity: 1,
					unit: 'PIECE',
					unitPrice: 50,
					discountPercent: 0,
					vatPercent: 25.5,
				},
			],
			originalInvoiceNumber: 'exp-8f3c21',
		};
		const res = await http.post('/invoices', body);
		expect(res.status).toBe(200);
		expect(res.data).toMatchObject({ id: expect.any(Number), status: 'UNFINISHED' });
		const found = await http.get(
			'/invoices?originalInvoiceNumber=exp-8f3c21&types=BILL_OF_CHARGES',
		);
		expect(found.data.results.map((i: any) => i.id)).toEqual([res.data.id]);
		expect((await http.get('/invoices?originalInvoiceNumber=other')).data.results).toEqual([]);
		expect((await http.get(`/invoices/${res.data.id}`)).data.originalInvoiceNumber).toBe(
			'exp-8f3c21',
		);
		expect((await http.post('/invoices', { ...body, invoiceRows: [] })).status).toBe(400);
	});
});

describe('admin API', () => {
	it('state, requests, faults, expire-tokens and reset', async () => {
		const admin = client(sb.url);
		const state = (await admin.get('/_sandbox/state')).data;
		expect(state.companies['1001'].journals.length).toBeGreaterThan(0);
		expect(state.companies['1001'].journals[0]).toHaveProperty('lines');
		expect(state.companies['1001'].dimensions[0].items.length).toBeGreaterThan(0);
		const withAttachment = state.companies['1001'].journals.find(
			(j: any) => j.attachments.length > 0,
		);
		expect(withAttachment.attachments).toContain('receipt-t1.jpg');

		const reqs = (await admin.get('/_sandbox/requests')).data;
		expect(
			reqs.some(
				(r: any) => r.path === '/api/coa' && r.status === 200 && r.clientId === 'pleo-n8n-demo',
			),
		).toBe(true);

		const f = await admin.post('/_sandbox/faults', { fail5xxNext: 1 });
		expect(f.data.fail5xxNext).toBe(1);
		expect((await http.get('/company')).status).toBe(503);
		expect((await admin.post('/_sandbox/faults', { bogus: 1 })).status).toBe(400);

		expect((await admin.post('/_sandbox/expire-tokens')).status).toBe(200);
		expect((await http.get('/company')).status).toBe(401);
		http = await api(sb);

		expect((await admin.post('/_sandbox/reset')).status).toBe(200);
		expect(sb.state.companies[1001].ledgerReceipts).toHaveLength(0);
		expect(sb.requests).toHaveLength(0);
		expect(sb.state.companies[1001].dimensions[0].items).toHaveLength(5);
		expect((await http.get('/company')).status).toBe(200);
	});
});
