// The pure rate logic of the Procountor client: when a request may start, and how a process finds
// its share of an API client's limit when other processes (n8n queue-mode workers) use the same
// client. No n8n imports and no timers: callers pass the time and do the waiting.

/** Procountor allows 20 requests per sliding second per API client; 19 leaves room for the token request. */
export const DEFAULT_REQUESTS_PER_SECOND = 19;

/** The limiter's window: at most `rate` requests start in any window this long. */
export const RATE_WINDOW_MS = 1000;

export interface RateTuning {
	/** on a 429 the rate becomes this share of what Procountor accepted from this process in that window */
	decrease: number;
	/** the same for the first 429 a process hears: its rate is still the whole budget, its share is exact */
	firstDecrease: number;
	/** after a decrease the rate climbs back towards this share of where the 429 came… */
	recoverTo: number;
	/** …by this part of the distance per window of accepted requests */
	recover: number;
	/** then it probes upwards by this many requests per window, × (budget / rate) ^ probePower */
	probe: number;
	/** at most one decrease per this many ms (the 429s of one crowded window are one signal) */
	minDecreaseGapMs: number;
	/** the rate never goes below this many requests per window */
	minRate: number;
	/** the probe is multiplied by (budget / rate) to this power: small shares grow much faster */
	probePower: number;
}

/**
 * Chosen with a simulation of W processes against Procountor's sliding window (the one in
 * rateControl.test.ts) and checked with the bench's queue-mode scenario (docs/performance.md).
 */
export const DEFAULT_RATE_TUNING: RateTuning = {
	decrease: 0.8,
	firstDecrease: 0.95,
	recoverTo: 0.75,
	recover: 0.5,
	probe: 0.003,
	minDecreaseGapMs: RATE_WINDOW_MS,
	minRate: 1,
	probePower: 3,
};

/** One request as the controller counts it (returned by `start`, passed back with its answer). */
export interface RateSlot {
	at: number;
	outcome: 'pending' | 'accepted' | 'limited';
}

/**
 * One process's budget for one Procountor API client: a sliding-window limiter whose rate adapts
 * to 429s (multiplicative decrease, additive increase).
 *
 * - **Window:** at most floor(rate) requests start in any window (1000 ms), and consecutive starts
 *   are at least window / (rate + 1) apart, so that requests freed together do not reach
 *   Procountor together one window later.
 * - **Decrease:** a 429 means that the API client as a whole is over its limit. This process's
 *   requests that Procountor accepted in the window before the rejected one are its actual share
 *   of the limit; the rate drops at once to `decrease` × that share (`firstDecrease` the first
 *   time, when the rate is still the whole budget). Every process that hears a 429 does the
 *   same, so the shares add up to less than the limit whatever the number of processes. The
 *   requests already sent in the current window, the rejected ones included, count against the
 *   new rate, so a process far over its share pauses until they are a window old.
 * - **Increase:** each accepted request adds 1/rate of a step, so the rate grows by one step per
 *   window of accepted requests: quickly back towards `recoverTo` × the share where the 429 came,
 *   then by the probe, `probe` × (budget / rate) ^ `probePower` per window. The probe is tiny for
 *   a large share and large for a small one, so processes that started with unequal shares
 *   even out without probing the limit often (a 429 costs a call). A process that had filled the
 *   whole budget by itself recovers it fully: its 429 was a timing accident, not another process.
 * - **Cap:** the rate never exceeds the budget asked for (the credential's Requests per Second,
 *   or a node's lower one). A process alone never hears a 429 and keeps its whole budget.
 */
export class RateController {
	/** start times of this process's recent requests (two windows), oldest first */
	private readonly starts: RateSlot[] = [];

	/** requests per window allowed now; never above the budget */
	rate: number;

	/** where the rate climbs back to quickly after a decrease */
	private target: number;

	private lastDecreaseAt = -Infinity;

	/** the budget of the latest caller (the probe is scaled to it) */
	private lastCap: number;

	/** how often the rate was lowered */
	decreases = 0;

	constructor(
		private budget: number,
		readonly tuning: RateTuning = DEFAULT_RATE_TUNING,
		readonly windowMs = RATE_WINDOW_MS,
	) {
		this.rate = budget;
		this.target = budget;
		this.lastCap = budget;
	}

	/**
	 * When a request whose caller allows `cap` requests per window may start: `now` if at once
	 * (then call `start(now)` before any await), else the time to ask again.
	 */
	freeAt(now: number, cap: number): number {
		if (cap > this.budget) this.raiseBudget(cap);
		this.lastCap = cap;
		this.forget(now);
		const rate = Math.min(this.rate, cap);
		const limit = Math.max(1, Math.floor(rate));
		const n = this.starts.length;
		const inWindow = n - this.firstInWindow(now);
		const windowFreeAt = inWindow < limit ? now : this.starts[n - limit].at + this.windowMs;
		const gapFreeAt = n ? this.starts[n - 1].at + this.windowMs / (rate + 1) : now;
		return Math.max(now, windowFreeAt, gapFreeAt);
	}

	/** records a request that starts at `now` */
	start(now: number): RateSlot {
		const slot: RateSlot = { at: now, outcome: 'pending' };
		this.starts.push(slot);
		return slot;
	}

	/**
	 * Counts a request from a later time: the first request of a client may fetch an access token
	 * first, so it can reach Procountor well after it started.
	 */
	restamp(slot: RateSlot, now: number): void {
		const at = this.starts.indexOf(slot);
		if (at >= 0) this.starts.splice(at, 1);
		slot.at = now;
		let k = this.starts.length;
		while (k > 0 && this.starts[k - 1].at > now) k--;
		this.starts.splice(k, 0, slot);
	}

	/** Procountor answered the request of `slot`: a 429 (`rateLimited`) or anything else. */
	answered(slot: RateSlot, now: number, rateLimited: boolean): void {
		slot.outcome = rateLimited ? 'limited' : 'accepted';
		const startedAt = slot.at;
		if (rateLimited) {
			// a 429 of a request sent before the last decrease, or within the same crowded window,
			// is the same signal again
			if (
				startedAt >= this.lastDecreaseAt &&
				now - this.lastDecreaseAt >= this.tuning.minDecreaseGapMs
			)
				this.decrease(now, startedAt);
			return;
		}
		const t = this.tuning;
		const cap = Math.min(this.budget, this.lastCap);
		const probe = t.probe * (cap / Math.max(1, this.rate)) ** t.probePower;
		const per = Math.max(1, this.rate);
		if (this.rate < this.target) {
			// recovery: half the distance per window, at least a quarter request, not past the target
			const step = Math.max(probe, 0.25, (this.target - this.rate) * t.recover);
			this.rate = Math.min(this.target, this.budget, this.rate + step / per);
		} else this.rate = Math.min(this.budget, this.rate + probe / per);
	}

	/**
	 * This process's requests that Procountor counted in the window of a request sent at `t`: those
	 * sent in the window before it and not rejected (still unanswered ones were counted before it).
	 */
	shareBefore(t: number): number {
		return this.starts.filter(
			(s) => s.outcome !== 'limited' && s.at > t - this.windowMs && s.at < t,
		).length;
	}

	private decrease(now: number, startedAt: number): void {
		const t = this.tuning;
		const share = Math.max(t.minRate, Math.min(this.rate, this.shareBefore(startedAt)));
		const factor = this.decreases === 0 ? t.firstDecrease : t.decrease;
		// a process that was sending at (nearly) its whole budget, the rejected request included, was
		// not crowded out by another one: Procountor saw a few of its requests closer together than
		// they were sent (a timing accident), so it climbs back to the budget
		const cap = Math.min(this.budget, this.lastCap);
		const alone = share + 1 >= 0.9 * cap;
		this.target = alone ? cap : share * t.recoverTo;
		this.rate = Math.max(t.minRate, share * factor);
		this.lastDecreaseAt = now;
		this.decreases++;
	}

	private raiseBudget(cap: number): void {
		// a caller allows more than any before it: the rate may grow up to that (at once, if no 429
		// has been heard yet)
		if (this.decreases === 0) this.rate = this.target = cap;
		this.budget = cap;
	}

	/** index of the first start less than a window old */
	private firstInWindow(now: number): number {
		let k = this.starts.length;
		while (k > 0 && this.starts[k - 1].at > now - this.windowMs) k--;
		return k;
	}

	/** drops starts older than two windows (the window of a late 429 reaches back before now's) */
	private forget(now: number): void {
		let k = 0;
		while (k < this.starts.length && this.starts[k].at <= now - 2 * this.windowMs) k++;
		if (k) this.starts.splice(0, k);
	}
}
