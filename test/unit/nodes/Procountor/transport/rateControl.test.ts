// The rate controller on its own: the window and gap, the decrease on a 429, the recovery and the
// probe, and a simulation of W processes against Procountor's sliding window (20 per second per
// API client, rejected requests not counted, 150 ms latency) in which no process knows W.
import {
	DEFAULT_RATE_TUNING,
	RateController,
	type RateSlot,
} from '../../../../../nodes/Procountor/transport/rateControl';

/** sends `n` requests as fast as the controller allows, each answered at once with `limited(i)` */
function drive(
	c: RateController,
	n: number,
	from = 0,
	limited: (i: number) => boolean = () => false,
) {
	let t = from;
	const starts: number[] = [];
	for (let i = 0; i < n; i++) {
		t = c.freeAt(t, 19);
		const slot = c.start(t);
		starts.push(t);
		c.answered(slot, t, limited(i));
	}
	return { t, starts };
}

/** sends `n` requests spaced `gap` ms (slower than the limiter), all accepted: never waiting */
function trickle(c: RateController, n: number, gap: number, from = 0) {
	for (let k = 0; k < n; k++) {
		const at = from + k * gap;
		expect(c.freeAt(at, 19)).toBe(at);
		c.answered(c.start(at), at, false);
	}
}

/** one more request, rejected with a 429 answered `latency` ms later; returns the rate after */
function rejected(c: RateController, at: number, latency = 150) {
	const t = c.freeAt(at, 19);
	c.answered(c.start(t), t + latency, true);
	return c.rate;
}

describe('RateController', () => {
	it('starts at the budget: at most 19 per window, 50 ms apart', () => {
		const c = new RateController(19);
		const { starts } = drive(c, 40);
		expect(starts.slice(0, 19)).toEqual(Array.from({ length: 19 }, (_, k) => k * 50));
		expect(starts[19]).toBe(1000);
		expect(c.rate).toBe(19);
	});

	it('below the budget it paces the rate as it is: 6.3 per second sends 6.3, not 6', () => {
		const c = new RateController(19);
		c.rate = 6.3;
		// (no answers: they would move the rate)
		const starts: number[] = [];
		for (let t = 0; starts.length < 64;) starts.push(c.start((t = c.freeAt(t, 19))).at);
		// 63 intervals of 1000/6.3 ms: 10 s, and never 7 in a window
		expect(starts[63]).toBeCloseTo(10000, 6);
		for (let k = 0; k + 7 < starts.length; k++)
			expect(starts[k + 7] - starts[k]).toBeGreaterThan(1000);
	});

	it('a 429 while the process was not sending at its rate drops it at once to 95 % of its share', () => {
		const c = new RateController(19);
		// 10 requests 90 ms apart (the limiter allows 52.6): 10 accepted in the window, then a 429
		trickle(c, 10, 90);
		expect(rejected(c, 900)).toBeCloseTo(10 * DEFAULT_RATE_TUNING.firstDecrease, 6);
		expect(c.sharers).toBe(0);
		// the 11 requests of the last window count against the new limit of 9.5: the next one waits
		// until the second one (90 ms) is a window old
		expect(c.freeAt(1050, 19)).toBe(1090);
	});

	it.each([
		[4, 4],
		[5, 3],
		[6, 3],
		[7, 3],
		[8, 2],
	])(
		'processes that start together take an equal part: a first 429 at a share of %i (sending at its rate) → 19 / %i',
		(share, n) => {
			const c = new RateController(19);
			// a full-speed burst whose last request is rejected: the share is the accepted ones and the
			// rejected one (it was sent at the process's rate); the smallest n within 30 % is taken
			const { t } = drive(c, share - 1);
			expect(rejected(c, t)).toBeCloseTo((19 / n) * DEFAULT_RATE_TUNING.firstDecrease, 6);
			expect(c.sharers).toBe(n);
		},
	);

	it('at an equal part, a later 429 keeps it; a second one within 3 s means one process more', () => {
		const c = new RateController(19);
		const { t } = drive(c, 6);
		rejected(c, t);
		expect(c.sharers).toBe(3);
		// 40 s later, still sending at its rate (6.3 per second): a 429 → 90 % of 19 / 3
		let now = 40000;
		for (let k = 0; k < 6; k++) {
			now = c.freeAt(now, 19);
			c.answered(c.start(now), now, false);
		}
		expect(rejected(c, now)).toBeCloseTo((19 / 3) * DEFAULT_RATE_TUNING.equalDecrease, 6);
		expect(c.sharers).toBe(3);
		// another one 1.5 s later: more than 3 share the client
		now += 1500;
		for (let k = 0; k < 5; k++) {
			now = c.freeAt(now, 19);
			c.answered(c.start(now), now, false);
		}
		expect(rejected(c, now)).toBeCloseTo((19 / 4) * DEFAULT_RATE_TUNING.equalDecrease, 6);
		expect(c.sharers).toBe(4);
	});

	it('429s of the same crowded window, or of requests sent before the decrease, decrease once', () => {
		const c = new RateController(19);
		drive(c, 10);
		const slots: RateSlot[] = [500, 510, 520].map((t) => c.start(t));
		c.answered(slots[0], 650, true);
		c.answered(slots[1], 660, true);
		c.answered(slots[2], 670, true);
		expect(c.decreases).toBe(1);
		// a request sent after the decrease and rejected a window later lowers it again
		const later = c.start(1700);
		c.answered(later, 1850, true);
		expect(c.decreases).toBe(2);
	});

	it('after a 429 it probes upwards slowly, a small share much faster than a large one', () => {
		const t = DEFAULT_RATE_TUNING;
		/** a controller that heard a 429 at `share` (not sending at its rate), then n accepted answers */
		const grown = (share: number, n: number) => {
			const c = new RateController(19);
			trickle(c, share, 900 / share);
			rejected(c, 990);
			const after = c.rate;
			let now = 2000;
			for (let k = 0; k < n; k++) c.answered(c.start((now += 1000 / after)), now, false);
			return { after, rate: c.rate };
		};
		const small = grown(4, 40);
		const large = grown(12, 40);
		expect(small.after).toBeCloseTo(4 * t.firstDecrease, 6);
		expect(large.after).toBeCloseTo(12 * t.firstDecrease, 6);
		// per window: probe × (19 / rate)³: about 0.2 at 3.8, 0.008 at 11.4
		expect(small.rate - small.after).toBeGreaterThan(1);
		expect(large.rate - large.after).toBeLessThan(0.05);
		// and never above the budget
		const long = grown(4, 5000).rate;
		expect(long).toBeGreaterThan(10);
		expect(long).toBeLessThanOrEqual(19);
	});

	it('at an equal part it probes more gently: equalProbe × (19 / rate)² per window', () => {
		const c = new RateController(19);
		const { t } = drive(c, 5);
		rejected(c, t);
		const after = c.rate;
		expect(c.sharers).toBe(3);
		// 40 windows of accepted requests at about 6: 40 × 0.0033 × (19 / 6)² ≈ 1.3
		let now = 2000;
		for (let k = 0; k < 40 * 6; k++) c.answered(c.start((now += 1000 / c.rate)), now, false);
		expect(c.rate - after).toBeGreaterThan(1);
		expect(c.rate - after).toBeLessThan(1.6);
	});

	it('a process that filled its whole budget by itself recovers all of it (its 429 was timing)', () => {
		const c = new RateController(19);
		const { t } = drive(c, 19);
		const s = c.start(c.freeAt(t, 19));
		c.answered(s, s.at + 20, true);
		expect(c.rate).toBeLessThan(19);
		// back at 19 within about five windows
		const { starts } = drive(c, 120, s.at + 20);
		expect(c.rate).toBe(19);
		const firstFull = starts.findIndex((_, i) => i >= 19 && starts[i] - starts[i - 19] < 1000 + 1);
		expect(starts[firstFull] - s.at).toBeLessThan(6000);
	});

	it('a process at a small budget (6) recovers it after a stray 429, too', () => {
		const c = new RateController(6);
		let t = 0;
		const starts: number[] = [];
		const send = (limited = false) => {
			t = c.freeAt(t, 6);
			starts.push(t);
			c.answered(c.start(t), t, limited);
		};
		for (let k = 0; k < 12; k++) send();
		send(true);
		expect(c.rate).toBeLessThan(6);
		for (let k = 0; k < 40; k++) send();
		expect(c.rate).toBe(6);
	});

	it('a caller with a lower cap is held to it; a higher cap raises the budget', () => {
		const c = new RateController(19);
		expect(c.freeAt(0, 6)).toBe(0);
		for (let k = 0; k < 6; k++) c.start(c.freeAt(k * 10, 6));
		expect(c.freeAt(900, 6)).toBeGreaterThanOrEqual(1000);
		expect(c.freeAt(900, 200)).toBeLessThan(1000);
		expect(c.rate).toBe(200);
	});
});

// --- W processes against one sliding window ---

interface SimResult {
	calls: number;
	rejected: number;
	expenses: number;
	seconds: number;
	/** most requests that reached Procountor in a second beginning 2 s or later after the first */
	busiestAfter2s: number;
	/** requests Procountor accepted per second while every process was still exporting */
	acceptedPerSecondAllBusy: number;
	/** seconds between the first and the last process finishing */
	spread: number;
}

/**
 * An event-driven model of W engine processes: each runs 6 lookups one after another, then
 * exports `items` expenses 4 at a time, 2 requests each. Procountor checks its window when a request
 * arrives (latency 150 ms + up to 10 ms jitter), answers 429 with Retry-After: 1, and counts only
 * the requests it accepted. A rejected call waits 1 s, then goes through its controller again.
 *
 * `startup: 'bench'` starts the processes as the bench's queue-mode scenario does: within 20 ms of
 * each other, each first call preceded by a token request that Procountor counts too, and the
 * lookups in groups of 1, 1, 1 and 4 calls. Their lookups then fill the window together, and every
 * process hears its first 429 before its export starts (docs/performance.md).
 */
function simulate(
	workers: number,
	budget = 19,
	items = 150,
	seed = 7,
	startup: 'sequential' | 'bench' = 'sequential',
): SimResult {
	let x = seed;
	const random = () => (x = (x * 1103515245 + 12345) % 2147483648) / 2147483648;
	const queue: Array<{ t: number; seq: number; fn: () => void }> = [];
	let seq = 0;
	let now = 0;
	const at = (t: number, fn: () => void) => queue.push({ t, seq: seq++, fn });
	const window: number[] = [];
	const arrivals: number[] = [];
	let rejected = 0;
	let accepted = 0;
	const finished: number[] = [];
	const acceptedAt: number[] = [];
	for (let p = 0; p < workers; p++) {
		const controller = new RateController(budget);
		let tokenSent = startup !== 'bench';
		const call = (then: () => void): void => {
			const free = controller.freeAt(now, budget);
			if (free > now) {
				at(free, () => call(then));
				return;
			}
			const slot = controller.start(now);
			if (!tokenSent) {
				// the client's first request fetches an access token first, and Procountor counts it
				tokenSent = true;
				at(now + 5, () => {
					arrivals.push(now);
					while (window.length && window[0] <= now - 1000) window.shift();
					if (window.length < 20) window.push(now);
				});
			}
			at(now + 150 + random() * 10, () => {
				arrivals.push(now);
				while (window.length && window[0] <= now - 1000) window.shift();
				const ok = window.length < 20;
				if (ok) {
					window.push(now);
					accepted++;
					acceptedAt.push(now);
				} else rejected++;
				controller.answered(slot, now, !ok);
				if (ok) then();
				else at(now + 1000, () => call(then));
			});
		};
		let next = 0;
		let done = 0;
		const exporter = () => {
			if (next >= items) return;
			next++;
			call(() =>
				call(() => {
					if (++done === items) finished.push(now);
					exporter();
				}),
			);
		};
		const groups = startup === 'bench' ? [1, 1, 1, 4] : [1, 1, 1, 1, 1, 1];
		const lookup = () => {
			const group = groups.shift();
			if (group === undefined) {
				for (let k = 0; k < 4; k++) exporter();
				return;
			}
			let left = group;
			for (let k = 0; k < group; k++) call(() => --left === 0 && lookup());
		};
		at(random() * (startup === 'bench' ? 20 : 50), lookup);
	}
	while (queue.length) {
		queue.sort((a, b) => a.t - b.t || a.seq - b.seq);
		const e = queue.shift() as { t: number; fn: () => void };
		now = e.t;
		e.fn();
	}
	const first = Math.min(...arrivals);
	const sorted = [...arrivals].sort((a, b) => a - b);
	let busiest = 0;
	for (let hi = 0, lo = 0; hi < sorted.length; hi++) {
		while (sorted[lo] <= sorted[hi] - 1000) lo++;
		if (sorted[hi] - 1000 >= first + 2000) busiest = Math.max(busiest, hi - lo + 1);
	}
	const allBusyUntil = Math.min(...finished);
	const busyAccepted = acceptedAt.filter((t) => t >= first + 2000 && t <= allBusyUntil).length;
	return {
		calls: accepted + rejected,
		rejected,
		expenses: workers * items,
		seconds: Math.max(...finished) / 1000,
		busiestAfter2s: busiest,
		acceptedPerSecondAllBusy: busyAccepted / ((allBusyUntil - first - 2000) / 1000),
		spread: (Math.max(...finished) - allBusyUntil) / 1000,
	};
}

describe('W processes sharing one API client (simulated, no process knows W)', () => {
	it('one process: never a 429, the whole budget', () => {
		const r = simulate(1);
		expect(r.rejected).toBe(0);
		expect(r.acceptedPerSecondAllBusy).toBeGreaterThanOrEqual(0.93 * 20);
	});

	it.each([
		[2, 0.02],
		[3, 0.02],
		[4, 0.025],
	])(
		'%i processes: settle below the limit, 429s ≤ %d of calls, ≤ 24 requests in any second after 2 s',
		(w, most429) => {
			// (4 processes: 1.9–2.3 % with seeds 1–3; the 2 % is for 3)
			for (const seed of [1, 2, 3]) {
				const r = simulate(w, 19, 150, seed);
				expect(r.rejected / r.calls).toBeLessThanOrEqual(most429);
				expect(r.busiestAfter2s).toBeLessThanOrEqual(24);
				// together they keep most of the limit while all of them are exporting
				expect(r.acceptedPerSecondAllBusy).toBeGreaterThanOrEqual(0.8 * 20);
				expect(r.acceptedPerSecondAllBusy).toBeLessThanOrEqual(20);
			}
		},
	);

	it("3 processes started as the bench starts them: the issue's targets, and they finish together", () => {
		// every process hears its first 429 during its lookups, at about an equal part of the budget
		// (docs/performance.md): they all take 19 / 3, so none is left behind
		for (const seed of [1, 2, 3]) {
			const r = simulate(3, 19, 150, seed, 'bench');
			const one = simulate(1, 19, 150, seed, 'bench');
			expect(r.expenses / r.seconds).toBeGreaterThanOrEqual(0.9 * (150 / one.seconds));
			expect(r.rejected / r.calls).toBeLessThanOrEqual(0.02);
			expect(r.busiestAfter2s).toBeLessThanOrEqual(24);
			expect(r.spread).toBeLessThanOrEqual(8);
		}
	});

	it('3 processes with a budget of 6 each: never a 429', () => {
		for (const seed of [1, 2, 3]) expect(simulate(3, 6, 150, seed).rejected).toBe(0);
	});
});
