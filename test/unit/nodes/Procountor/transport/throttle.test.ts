// The Procountor client's sliding-window rate limiter, on a fake clock: at most N requests start
// in any 1000 ms window (the sandbox's and Procountor's definition), and no request waits longer
// than the window requires. N is the credential's Requests per Second, or a node's lower one. How
// the rate adapts to 429s is tested on the controller itself (rateControl.test.ts).
import fc from 'fast-check';
import type { IExecuteFunctions } from 'n8n-workflow';
import {
	DEFAULT_REQUESTS_PER_SECOND,
	ProcountorClient,
	RATE_WINDOW_MS,
} from '../../../../../nodes/Procountor/transport';

/** A virtual clock: `sleep` registers a timer, `run` advances time to the next timer when idle. */
class FakeClock {
	t = 0;

	private seq = 0;

	private timers: Array<{ due: number; seq: number; resolve: () => void }> = [];

	now = (): number => this.t;

	sleep = (ms: number): Promise<void> =>
		new Promise<void>((resolve) => {
			this.timers.push({ due: this.t + Math.max(0, ms), seq: this.seq++, resolve });
		});

	/** Runs until `work` settles, jumping from timer to timer whenever nothing else can run. */
	async run<T>(work: Promise<T>): Promise<T> {
		let settled = false;
		const tracked = work.finally(() => {
			settled = true;
		});
		tracked.catch(() => undefined);
		let idle = 0;
		for (;;) {
			await new Promise<void>((resolve) => setImmediate(resolve));
			if (settled) return await tracked;
			this.timers.sort((a, b) => a.due - b.due || a.seq - b.seq);
			const next = this.timers.shift();
			if (!next) {
				// nothing is scheduled yet: the work is between two awaits
				if (++idle > 200)
					throw new Error('deadlock: nothing scheduled and the work has not finished');
				await new Promise<void>((resolve) => setTimeout(resolve, 10));
				continue;
			}
			idle = 0;
			this.t = Math.max(this.t, next.due);
			next.resolve();
		}
	}
}

interface Setup {
	/** the credential's Requests per Second (absent: the credential's default) */
	budget?: number;
	/** the node's own Requests per Second */
	requestsPerSecond?: number;
	latencyMs?: (call: number) => number;
	/** make these call numbers (0-based) fail once with this HTTP status */
	failures?: Map<number, number>;
	/** Retry-After (seconds) on those failures */
	retryAfter?: number;
}

let clients = 0;

function setup(s: Setup = {}) {
	const clock = new FakeClock();
	const starts: number[] = [];
	const clientId = `client-${++clients}`;
	const ctx = {
		getNodeParameter: () => 'apiKey',
		// a client ID of its own: clients of one host and client ID share one window
		getCredentials: async () => ({
			environment: 'custom',
			baseUrl: 'http://127.0.0.1:9',
			clientId,
			...(s.budget !== undefined ? { requestsPerSecond: s.budget } : {}),
		}),
		getNode: () => ({ name: 'Procountor', type: 'procountor', typeVersion: 1, parameters: {} }),
		helpers: {
			httpRequestWithAuthentication: async () => {
				const call = starts.length;
				starts.push(clock.now());
				await clock.sleep(s.latencyMs?.(call) ?? 0);
				const status = s.failures?.get(call);
				if (status) {
					const headers = s.retryAfter !== undefined ? { 'retry-after': String(s.retryAfter) } : {};
					throw Object.assign(new Error(`status ${status}`), { response: { status, headers } });
				}
				return { ok: true };
			},
		},
	} as unknown as IExecuteFunctions;
	const client = new ProcountorClient(ctx, {
		...(s.requestsPerSecond !== undefined ? { requestsPerSecond: s.requestsPerSecond } : {}),
		now: clock.now,
		sleep: clock.sleep,
	});
	return { clock, client, starts };
}

/** The most requests that started in any window (t - 1000, t], t being a start time. */
function maxInWindow(starts: number[]): number {
	const sorted = [...starts].sort((a, b) => a - b);
	let max = 0;
	let lo = 0;
	for (let hi = 0; hi < sorted.length; hi++) {
		while (sorted[lo] + RATE_WINDOW_MS <= sorted[hi]) lo++;
		max = Math.max(max, hi - lo + 1);
	}
	return max;
}

/** The shortest time between two consecutive starts. */
function minGap(starts: number[]): number {
	const sorted = [...starts].sort((a, b) => a - b);
	let min = Infinity;
	for (let k = 1; k < sorted.length; k++) min = Math.min(min, sorted[k] - sorted[k - 1]);
	return min;
}

/** `workers` callers share the client, each sending its share of `total` GETs one after another. */
async function pool(client: ProcountorClient, total: number, workers: number) {
	let next = 0;
	await Promise.all(
		Array.from({ length: workers }, async () => {
			while (next < total) {
				next++;
				await client.request('GET', '/company');
			}
		}),
	);
}

describe('ProcountorClient rate limiter (sliding 1 s window)', () => {
	it('defaults to 19 requests per window, below Procountor’s 20, 50 ms apart', async () => {
		expect(DEFAULT_REQUESTS_PER_SECOND).toBe(19);
		const { clock, client, starts } = setup();
		await clock.run(pool(client, 40, 1));
		expect(maxInWindow(starts)).toBe(19);
		expect(minGap(starts)).toBe(50);
		// 19 starts 50 ms apart (0…900), the next 19 once the first ones are a second old, then 2
		expect(starts.slice(0, 19)).toEqual(Array.from({ length: 19 }, (_, k) => k * 50));
		expect(starts.slice(19, 38)).toEqual(Array.from({ length: 19 }, (_, k) => 1000 + k * 50));
		expect(starts.slice(38)).toEqual([2000, 2050]);
	});

	it('100 requests never exceed N per window and take about 100/N seconds', async () => {
		for (const workers of [1, 20]) {
			const { clock, client, starts } = setup({ requestsPerSecond: 19 });
			await clock.run(pool(client, 100, workers));
			expect(starts).toHaveLength(100);
			expect(maxInWindow(starts)).toBeLessThanOrEqual(19);
			// 100/19 = 5.26 windows: five full ones, then the last 5 requests at 5.0–5.2 s
			expect(clock.t).toBe(5200);
		}
		// with 150 ms per call, 4 callers keep up with 19/s: the last call ends by 5.3 s + 150 ms, plus
		// the first answer the other callers wait for (it may have fetched the token)
		const { clock, client, starts } = setup({ requestsPerSecond: 19, latencyMs: () => 150 });
		await clock.run(pool(client, 100, 4));
		expect(maxInWindow(starts)).toBeLessThanOrEqual(19);
		expect(clock.t).toBeGreaterThanOrEqual(5000);
		expect(clock.t).toBeLessThanOrEqual(5300 + 150 + 150);
	});

	it('4 concurrent callers share one budget and reach ≥ 95 % of it', async () => {
		const { clock, client, starts } = setup({
			requestsPerSecond: 19,
			latencyMs: (i) => 120 + (i % 7) * 10,
		});
		await clock.run(pool(client, 500, 4));
		expect(starts).toHaveLength(500);
		expect(maxInWindow(starts)).toBeLessThanOrEqual(19);
		const span = Math.max(...starts) - Math.min(...starts);
		const rate = ((starts.length - 1) * 1000) / span;
		expect(rate).toBeGreaterThanOrEqual(19 * 0.95);
	});

	it('counts retries as requests too', async () => {
		const failures = new Map<number, number>([
			[3, 503],
			[10, 429],
			[25, 500],
		]);
		const { clock, client, starts } = setup({ requestsPerSecond: 5, failures });
		await clock.run(pool(client, 30, 3));
		expect(starts).toHaveLength(33);
		expect(maxInWindow(starts)).toBeLessThanOrEqual(5);
		expect(client.stats).toEqual({ calls: 33, retries: 3, rateLimited: 1 });
	});

	it('clients of the same API client share one window', async () => {
		const a = setup({ requestsPerSecond: 4 });
		const ctx = a.client.ctx;
		const b = new ProcountorClient(ctx, {
			requestsPerSecond: 4,
			now: a.clock.now,
			sleep: a.clock.sleep,
		});
		await a.clock.run(Promise.all([pool(a.client, 6, 1), pool(b, 6, 1)]));
		expect(a.starts).toHaveLength(12);
		expect(maxInWindow(a.starts)).toBeLessThanOrEqual(4);
	});

	it('counts the first request of a client from its answer (it may have fetched a token first)', async () => {
		const { clock, client, starts } = setup({
			requestsPerSecond: 3,
			latencyMs: (i) => (i === 0 ? 300 : 0),
		});
		await clock.run(pool(client, 4, 1));
		// 0 (answered at 300, its slot moves there), then 250 ms apart, then the 4th waits until
		// the first answer is 1000 ms old
		expect(starts).toEqual([0, 550, 800, 1300]);
	});

	it('sends nothing beside the first request until it is answered (no second token request)', async () => {
		const { clock, client, starts } = setup({ latencyMs: (i) => (i === 0 ? 120 : 10) });
		await clock.run(Promise.all([0, 1, 2].map(() => client.request('GET', '/company'))));
		// the two others start once the first is answered (120), 50 ms apart
		expect(starts).toEqual([0, 170, 220]);
	});

	it("obeys the credential's Requests per Second; a node's own option only lowers it", async () => {
		const cases: Array<[Setup, number]> = [
			[{ budget: 6 }, 6],
			[{ budget: 6, requestsPerSecond: 10 }, 6],
			[{ budget: 19, requestsPerSecond: 4 }, 4],
			[{ requestsPerSecond: 25 }, 19],
			[{ budget: 30 }, 30],
		];
		for (const [s, n] of cases) {
			const { clock, client, starts } = setup(s);
			await clock.run(pool(client, 3 * n + 1, 4));
			expect(maxInWindow(starts)).toBe(n);
			expect(minGap(starts)).toBeCloseTo(RATE_WINDOW_MS / (n + 1), 6);
		}
	});

	it('a call waiting for its retry holds no rate slot, and its retry is counted again', async () => {
		// call 5 gets a 429 with Retry-After: 1 (at 500 ms); the other callers go on meanwhile
		const failures = new Map<number, number>([[5, 429]]);
		const { clock, client, starts } = setup({ budget: 10, failures, retryAfter: 1 });
		await clock.run(pool(client, 20, 4));
		expect(starts).toHaveLength(21);
		expect(client.stats).toEqual({ calls: 21, retries: 1, rateLimited: 1 });
		const rejectedAt = starts[5];
		const retryAt = starts.find((t) => t >= rejectedAt + 1000);
		expect(retryAt).toBeDefined();
		// requests started between the 429 and the retry: the waiting call blocked nobody
		expect(starts.filter((t) => t > rejectedAt && t < rejectedAt + 1000).length).toBeGreaterThan(0);
		expect(maxInWindow(starts)).toBeLessThanOrEqual(10);
	});

	it('property: never more than N per window, starts ≥ 1000/(N+1) ms apart, no needless wait', async () => {
		await fc.assert(
			fc.asyncProperty(
				fc.integer({ min: 1, max: 20 }),
				fc.integer({ min: 1, max: 6 }),
				fc.integer({ min: 1, max: 80 }),
				fc.array(fc.integer({ min: 0, max: 700 }), { minLength: 1, maxLength: 10 }),
				async (n, workers, total, latencies) => {
					const { clock, client, starts } = setup({
						budget: n,
						latencyMs: (i) => latencies[i % latencies.length],
					});
					await clock.run(pool(client, total, workers));
					expect(starts).toHaveLength(total);
					expect(maxInWindow(starts)).toBeLessThanOrEqual(n);
					const gap = RATE_WINDOW_MS / (n + 1);
					if (total > 1) expect(minGap(starts)).toBeGreaterThanOrEqual(gap - 1e-9);
					// work-conserving: a request that started after time 0 was sent as soon as it was
					// asked for (right after a response), or exactly when the window or the gap allowed
					const ends = starts.map((t, i) => t + latencies[i % latencies.length]);
					const near = (xs: number[], t: number) => xs.some((x) => Math.abs(x - t) < 1e-6);
					for (const t of starts) {
						if (t === 0) continue;
						// (the first request's slot counts from its answer: it may have fetched a token first)
						const slots = [...starts, ends[0]];
						expect(near(ends, t) || near(slots, t - RATE_WINDOW_MS) || near(slots, t - gap)).toBe(
							true,
						);
					}
				},
			),
			{ numRuns: 200, seed: 20261129 },
		);
	});
});
