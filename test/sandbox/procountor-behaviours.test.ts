// The Procountor sandbox's behaviour switches for what the reference leaves open
// (sandbox/procountor/behaviours.ts): attachments on ledger receipts, the attachment search,
// VAT status lists, invalidation, closed tracking periods and the search barrier.
import axios, { type AxiosInstance } from 'axios';
import { ProcountorSandbox, startProcountorSandbox } from '../../sandbox/procountor';
import { searchBarrierTimeout } from '../../sandbox/procountor/barrier';
import { api, journal, multipart } from './helpers/procountor';

let sb: ProcountorSandbox;
let http: AxiosInstance;

beforeAll(async () => {
	sb = await startProcountorSandbox({ rateLimitPerSecond: 0 });
	http = await api(sb);
});
afterAll(() => sb.close());
afterEach(() =>
	sb.setBehaviours({
		receiptAttachments: 'listed',
		attachmentSearch: 'licensed',
		vatStatuses: 'default',
		invalidation: 'allowed',
		invalidatedInSearch: 'listed',
		closedPeriods: [],
		searchBarrier: 0,
	}),
);

async function postJournal(over: Record<string, unknown> = {}) {
	const res = await http.post('/ledgerreceipts', journal(over));
	if (res.status !== 200) throw new Error(JSON.stringify(res.data));
	return res.data;
}

async function attach(invoiceId: number, name: string) {
	const mp = multipart([
		{
			name: 'meta',
			data: JSON.stringify({
				name,
				referenceType: 'INVOICE',
				referenceId: invoiceId,
				sendWithInvoice: false,
			}),
			contentType: 'application/json',
		},
		{ name: 'file', data: Buffer.from('jpeg'), contentType: 'image/jpeg', filename: name } as never,
	]);
	const res = await http.post('/attachments', mp.body, {
		headers: { 'content-type': mp.contentType },
	});
	if (res.status !== 200) throw new Error(JSON.stringify(res.data));
	return res.data;
}

describe('receiptAttachments', () => {
	it.each([
		['listed', ['r-1.jpg']],
		['ledgerReceiptOnly', []],
		['absent', undefined],
	] as const)('%s', async (mode, expected) => {
		const r = await postJournal();
		await attach(r.invoiceId, 'r-1.jpg');
		sb.setBehaviours({ receiptAttachments: mode });
		const got = (await http.get(`/ledgerreceipts/${r.id}`)).data;
		if (expected === undefined) expect('attachments' in got).toBe(false);
		else expect(got.attachments.map((a: { name: string }) => a.name)).toEqual(expected);
	});
});

describe('attachment search', () => {
	it('licensed: finds the files of one invoice; forbidden: 403', async () => {
		const r = await postJournal();
		await attach(r.invoiceId, 'a-1.jpg');
		await attach(r.invoiceId, 'a-2.pdf');
		const found = (await http.get(`/attachments?referenceId=${r.invoiceId}`)).data;
		expect(found.results.map((a: { name: string }) => a.name).sort()).toEqual([
			'a-1.jpg',
			'a-2.pdf',
		]);
		expect(found.results[0]).toMatchObject({ referenceType: 'INVOICE', referenceId: r.invoiceId });
		sb.setBehaviours({ attachmentSearch: 'forbidden' });
		const denied = await http.get(`/attachments?referenceId=${r.invoiceId}`);
		expect(denied.status).toBe(403);
		expect(denied.data.errors[0].message).toContain('Document management');
	});
});

describe('VAT statuses', () => {
	it('alternative: no 8 or 9, reverse charge on 6 (self-assessed, total unchanged)', async () => {
		sb.setBehaviours({ vatStatuses: 'alternative' });
		const vats = (await http.get('/vats/default')).data;
		expect(vats.vatStatuses.map((s: { vatStatus: number }) => s.vatStatus)).toEqual([1, 5, 6, 12]);
		expect(vats.vatStatuses[0]).not.toHaveProperty('treatment');
		const reverse = journal({
			vatStatus: 6,
			transactions: [
				{
					transactionType: 'ENTRY',
					account: '7600',
					accountingValue: 100,
					vatPercent: 25.5,
					vatStatus: 6,
				},
				{
					transactionType: 'ENTRY',
					account: '1940',
					accountingValue: -100,
					vatPercent: 0,
					vatStatus: 12,
				},
			],
		});
		const ok = await http.post('/ledgerreceipts', reverse);
		expect(ok.status).toBe(200);
		const nine = await http.post('/ledgerreceipts', { ...reverse, vatStatus: 9 });
		expect(nine.status).toBe(400);
		sb.setBehaviours({ vatStatuses: 'default' });
		// in the default list 6 does not exist
		expect((await http.post('/ledgerreceipts', reverse)).status).toBe(400);
	});
});

describe('invalidation', () => {
	it('allowed, unfinishedOnly (APPROVED → 409), forbidden (403); hidden from the search', async () => {
		const a = await postJournal();
		await http.put(`/ledgerreceipts/${a.id}/approve`);
		sb.setBehaviours({ invalidation: 'unfinishedOnly' });
		expect((await http.put(`/ledgerreceipts/${a.id}/invalidate`)).status).toBe(409);
		sb.setBehaviours({ invalidation: 'forbidden' });
		const b = await postJournal();
		expect((await http.put(`/ledgerreceipts/${b.id}/invalidate`)).status).toBe(403);
		sb.setBehaviours({ invalidation: 'allowed' });
		expect((await http.put(`/ledgerreceipts/${a.id}/invalidate`)).data.status).toBe('INVALIDATED');
		const listed = (
			await http.get('/ledgerreceipts?startDate=2026-03-14&endDate=2026-03-14&size=200')
		).data;
		expect(listed.results.some((r: { id: number }) => r.id === a.id)).toBe(true);
		sb.setBehaviours({ invalidatedInSearch: 'hidden' });
		const hidden = (
			await http.get('/ledgerreceipts?startDate=2026-03-14&endDate=2026-03-14&size=200')
		).data;
		expect(hidden.results.some((r: { id: number }) => r.id === a.id)).toBe(false);
	});
});

describe('closed periods', () => {
	it('a closed month refuses journals (409) and shows CLOSED in /fiscalyears', async () => {
		sb.setBehaviours({ closedPeriods: ['2026-03'] });
		const years = (await http.get('/fiscalyears')).data.fiscalYears;
		const y2026 = years.find((y: { id: number }) => y.id === 2026);
		expect(y2026.trackingPeriods.find((p: { id: number }) => p.id === 202603).status).toBe(
			'CLOSED',
		);
		expect(y2026.trackingPeriods.find((p: { id: number }) => p.id === 202604).status).toBe('OPEN');
		const res = await http.post('/ledgerreceipts', journal());
		expect(res.status).toBe(409);
		expect(res.data.errors[0].message).toContain('CLOSED_FISCAL_PERIOD');
	});

	it('the admin API sets and validates behaviours; the seed can start with them', async () => {
		const admin = axios.create({ baseURL: sb.url, validateStatus: () => true });
		expect(
			(await admin.post('/_sandbox/behaviours', { attachmentSearch: 'forbidden' })).data,
		).toMatchObject({
			attachmentSearch: 'forbidden',
		});
		expect((await admin.post('/_sandbox/behaviours', { attachmentSearch: 'maybe' })).status).toBe(
			400,
		);
		expect((await admin.post('/_sandbox/behaviours', { nope: 1 })).status).toBe(400);
		const other = await startProcountorSandbox({ behaviours: { vatStatuses: 'alternative' } });
		try {
			expect(other.state.companies[1001].vat.vatStatuses.map((s) => s.vatStatus)).toEqual([
				1, 5, 6, 12,
			]);
			other.reset();
			expect(other.state.behaviours.vatStatuses).toBe('default');
		} finally {
			await other.close();
		}
	});
});

describe('search barrier', () => {
	const search = (qs = '') =>
		http.get(`/ledgerreceipts?types=JOURNAL&startDate=2026-01-01&endDate=2026-12-31${qs}`);

	it('holds the first page of K searches until all K arrived, answers them from the state then, and disarms', async () => {
		const admin = axios.create({ baseURL: sb.url, validateStatus: () => true });
		expect((await admin.post('/_sandbox/behaviours', { searchBarrier: 3 })).data).toMatchObject({
			searchBarrier: 3,
		});
		const order: string[] = [];
		const first = search().then((r) => (order.push('first'), r));
		const second = search().then((r) => (order.push('second'), r));
		// a next page (previousId) is not held
		const next = await search('&previousId=1&orderById=ASC');
		expect(next.status).toBe(200);
		await new Promise((r) => setTimeout(r, 200));
		expect(order).toEqual([]);
		// a journal posted while the searches are held shows in all their answers
		const j = await postJournal();
		const third = await search();
		const answers = await Promise.all([first, second]);
		expect(order.sort()).toEqual(['first', 'second']);
		for (const r of [...answers, third]) {
			expect(r.status).toBe(200);
			expect(r.data.results.map((x: { id: number }) => x.id)).toContain(j.id);
		}
		expect(sb.state.behaviours.searchBarrier).toBe(0);
		// disarmed: the next search (the export's post-then-verify one) is answered at once
		expect((await search()).status).toBe(200);
		expect((await admin.post('/_sandbox/behaviours', { searchBarrier: -1 })).status).toBe(400);
		expect((await admin.post('/_sandbox/behaviours', { searchBarrier: 'on' })).status).toBe(400);
	});

	it('opens after the timeout when fewer than K searches arrive', async () => {
		const saved = searchBarrierTimeout.ms;
		searchBarrierTimeout.ms = 600;
		try {
			sb.setBehaviours({ searchBarrier: 2 });
			let answered = false;
			const started = Date.now();
			const only = search().then((r) => ((answered = true), r));
			await new Promise((r) => setTimeout(r, 300));
			expect(answered).toBe(false);
			expect((await only).status).toBe(200);
			expect(Date.now() - started).toBeGreaterThanOrEqual(550);
			expect(sb.state.behaviours.searchBarrier).toBe(0);
		} finally {
			searchBarrierTimeout.ms = saved;
		}
	});
});
