import type { AxiosInstance } from 'axios';
import { ProcountorSandbox, startProcountorSandbox } from '../../sandbox/procountor';
import { api, client, journal, m2mToken } from './helpers/procountor';

describe('rate limit', () => {
	let sb: ProcountorSandbox;
	let clock = Date.UTC(2026, 2, 14, 10, 0, 0);
	beforeAll(async () => {
		sb = await startProcountorSandbox({ now: () => clock });
	});
	afterAll(() => sb.close());

	it('the 21st request of a client within one second -> 429 with Retry-After: 1', async () => {
		const token = await m2mToken(sb); // the token request counts too
		const http = client(sb.apiUrl, token);
		for (let i = 0; i < 19; i++) expect((await http.get('/company')).status).toBe(200);
		const limited = await http.get('/company');
		expect(limited.status).toBe(429);
		expect(limited.headers['retry-after']).toBe('1');
		expect(limited.data.errors[0].status).toBe(429);
		// also the token endpoint of the same client
		await expect(m2mToken(sb)).rejects.toThrow(/429/);
		clock += 1001;
		expect((await http.get('/company')).status).toBe(200);
	});

	it('the window slides', async () => {
		clock += 5000;
		const http = await api(sb); // 1 request at t0
		clock += 500;
		for (let i = 0; i < 19; i++) await http.get('/coa'); // 19 at t0+500
		expect((await http.get('/coa')).status).toBe(429);
		clock += 501; // t0 request leaves the window
		expect((await http.get('/coa')).status).toBe(200);
		expect((await http.get('/coa')).status).toBe(429);
	});
});

describe('fault switches', () => {
	let sb: ProcountorSandbox;
	let http: AxiosInstance;
	beforeAll(async () => {
		sb = await startProcountorSandbox({ rateLimitPerSecond: 0 });
	});
	beforeEach(async () => {
		sb.reset();
		http = await api(sb);
	});
	afterAll(() => sb.close());

	it('latencyMs delays every API response', async () => {
		sb.setFaults({ latencyMs: 150 });
		const t = Date.now();
		expect((await http.get('/company')).status).toBe(200);
		expect(Date.now() - t).toBeGreaterThanOrEqual(140);
	});

	it('errorRate answers 500/503 for that share of calls, reproducibly after reset', async () => {
		const run = async () => {
			const statuses: number[] = [];
			for (let i = 0; i < 30; i++) statuses.push((await http.get('/coa')).status);
			return statuses;
		};
		sb.setFaults({ errorRate: 1 });
		expect((await run()).every((s) => s === 500 || s === 503)).toBe(true);
		sb.reset();
		sb.setFaults({ errorRate: 0.5 });
		const first = await run();
		sb.reset();
		sb.setFaults({ errorRate: 0.5 });
		const second = await run();
		expect(second).toEqual(first);
		expect(first.filter((s) => s === 200).length).toBeGreaterThan(5);
		expect(first.filter((s) => s !== 200).length).toBeGreaterThan(5);
	});

	it('dropAfterCommitNext commits the write but answers nothing', async () => {
		sb.setFaults({ dropAfterCommitNext: 1 });
		await expect(http.post('/ledgerreceipts', journal())).rejects.toThrow();
		expect(sb.state.companies[1001].ledgerReceipts).toHaveLength(1);
		expect(sb.faults.dropAfterCommitNext).toBe(0);
		expect((await http.post('/ledgerreceipts', journal())).status).toBe(200);
		expect(sb.state.companies[1001].ledgerReceipts).toHaveLength(2);
	});

	it('dropAfterCommitRate drops successful writes only (not reads, not failed writes)', async () => {
		sb.setFaults({ dropAfterCommitRate: 1 });
		expect((await http.get('/company')).status).toBe(200);
		expect((await http.post('/ledgerreceipts', journal({ name: undefined }))).status).toBe(400);
		await expect(http.post('/ledgerreceipts', journal())).rejects.toThrow();
		expect(sb.state.companies[1001].ledgerReceipts).toHaveLength(1);
		expect(sb.requests[sb.requests.length - 1]).toMatchObject({ method: 'POST', status: 0 });
	});

	it('licenceDisabled answers 403 with the licence message', async () => {
		sb.setFaults({ licenceDisabled: true });
		const res = await http.get('/company');
		expect(res.status).toBe(403);
		expect(res.data.errors[0]).toMatchObject({
			status: 403,
			message: expect.stringMatching(/^API_LICENCE_NOT_ENABLED: .*licence/i),
		});
	});

	it('fail5xxNext answers 503 for the next N calls', async () => {
		sb.setFaults({ fail5xxNext: 2 });
		expect((await http.get('/company')).status).toBe(503);
		expect((await http.get('/company')).status).toBe(503);
		expect((await http.get('/company')).status).toBe(200);
	});

	it('timeoutNext hangs the next N calls without answering', async () => {
		sb.setFaults({ timeoutNext: 1 });
		await expect(http.get('/company', { timeout: 200 })).rejects.toThrow(/timeout/);
		expect((await http.get('/company')).status).toBe(200);
	});

	it('close() ends hanging requests promptly', async () => {
		const other = await startProcountorSandbox({ rateLimitPerSecond: 0 });
		const h = await api(other);
		other.setFaults({ timeoutNext: 1 });
		const pending = h.get('/company').catch((e) => e);
		await new Promise((r) => setTimeout(r, 50));
		const t = Date.now();
		await other.close();
		expect(Date.now() - t).toBeLessThan(1000);
		expect(await pending).toBeInstanceOf(Error);
	});

	it('the quiet default does not log', async () => {
		const spy = jest.spyOn(console, 'log').mockImplementation(() => undefined);
		try {
			await http.post('/ledgerreceipts', journal());
			expect(spy).not.toHaveBeenCalled();
		} finally {
			spy.mockRestore();
		}
	});
});
