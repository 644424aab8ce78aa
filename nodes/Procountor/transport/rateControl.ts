// The pure rate logic of the Procountor client: when a request may start, and how a process finds
// its share of an API client's limit when other processes (n8n queue-mode workers) use the same
// client. No n8n imports and no timers: callers pass the time and do the waiting.

/** Procountor allows 20 requests per sliding second per API client; 19 leaves room for the token request. */
export const DEFAULT_REQUESTS_PER_SECOND = 19;

/** The limiter's window: at most `rate` requests start in any window this long. */
export const RATE_WINDOW_MS = 1000;

export interface RateTuning {
	/** on the first 429 the rate becomes this share of what Procountor accepted from this process */
	firstDecrease: number;
	/** on a later 429 whose share is not near an equal part of the budget: this share of it */
	decrease: number;
	/** on a later 429 whose share is near an equal part of the budget: this share of that part */
	equalDecrease: number;
	/** a share within this fraction of budget / n counts as the equal part of n processes */
	equalTolerance: number;
	/** the same for the first 429, where the smallest such n is taken (see equalSharers) */
	firstTolerance: number;
	/** a 429 within this many ms of the previous decrease, at an equal part: more processes than thought */
	repeatMs: number;
	/** after a decrease from an unequal share the rate climbs back towards this share of it… */
	recoverTo: number;
	/** …by this part of the distance per window of accepted requests */
	recover: number;
	/** unequal share: the rate probes upwards by probe × (budget / rate) ^ probePower per window */
	probe: number;
	probePower: number;
	/** equal part: it probes by equalProbe × (budget / rate) ^ equalProbePower per window */
	equalProbe: number;
	equalProbePower: number;
	/** at most one decrease per this many ms (the 429s of one crowded window are one signal) */
	minDecreaseGapMs: number;
	/** the rate never goes below this many requests per window */
	minRate: number;
}

/**
 * Chosen with a simulation of W processes against Procountor's sliding window (the one in
 * rateControl.test.ts, and a wider one described in docs/performance.md) and checked with the
 * bench's queue-mode scenario.
 */
export const DEFAULT_RATE_TUNING: RateTuning = {
	firstDecrease: 0.95,
	decrease: 0.8,
	equalDecrease: 0.9,
	equalTolerance: 0.15,
	firstTolerance: 0.3,
	repeatMs: 3000,
	recoverTo: 0.75,
	recover: 0.5,
	probe: 0.003,
	probePower: 3,
	equalProbe: 0.0033,
	equalProbePower: 2,
	minDecreaseGapMs: RATE_WINDOW_MS,
	minRate: 1,
};

/** One request as the controller counts it (returned by `start`, passed back with its answer). */
export interface RateSlot {
	at: number;
	outcome: 'pending' | 'accepted' | 'limited';
}

/**
 * One process's budget for one Procountor API client: a limiter whose rate adapts to 429s.
 *
 * - **Pacing:** at the whole budget, at most floor(budget) requests start in any window (1000 ms),
 *   at least window / (budget + 1) apart, so that requests freed together do not reach Procountor
 *   together one window later. Below the budget (after a 429), consecutive starts are window / rate
 *   apart and at most ceil(rate) start in a window, so a rate of 6.3 sends 6.3 requests per second.
 * - **Decrease:** a 429 means that the API client as a whole is over its limit. This process's
 *   requests that Procountor accepted in the window before the rejected one are its share of the
 *   limit (the rejected one included if the process was waiting for its limiter, so sending at its
 *   rate). If that share is within `equalTolerance` of budget / n for some n ≥ 2, the process takes
 *   n for the number of processes that share the client and drops to `equalDecrease` × budget / n:
 *   processes that started together measure shares a request or so apart, and this gives them all
 *   the same rate, so they finish together. A second 429 within `repeatMs` at that rate means that
 *   more than n share the client: n + 1. Any other share (a process that was not sending at its
 *   rate, or far from an equal part) drops to `decrease` × the share. The first 429 uses
 *   `firstDecrease` instead: the rate is still the whole budget, and the share is exact. The
 *   requests already sent in the current window, the rejected ones included, count against the
 *   new rate, so a process far over its share pauses until they are a window old.
 * - **Increase:** each accepted request adds 1/rate of a step, so the rate grows by one step per
 *   window of accepted requests: after a decrease from an unequal share quickly back towards
 *   `recoverTo` × that share, then by a probe that is much larger for a small rate than for a large
 *   one, so unequal shares even out: `probe` × (budget / rate) ^ `probePower` per window, or at an
 *   equal part the gentler `equalProbe` × (budget / rate) ^ `equalProbePower`. A process that had
 *   filled the whole budget by itself recovers it fully: its 429 was a timing accident.
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

	/** when a request last had to wait for this limiter (the process was sending at its rate) */
	private lastWaitAt = -Infinity;

	/** how many processes this one takes to share the client equally (0: its share is not equal) */
	sharers = 0;

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
		const rate = Math.max(1, Math.min(this.rate, cap));
		// at the whole budget: floor(budget) per window, 1000 / (budget + 1) ms apart, which lets a
		// request that came late catch up within its window; below it (after a 429) the rate is paced
		// as it is, so that 6.3 sends 6.3 per second and not 6
		const whole = rate >= cap;
		const limit = whole ? Math.max(1, Math.floor(rate)) : Math.ceil(rate);
		const n = this.starts.length;
		const inWindow = n - this.firstInWindow(now);
		const windowFreeAt = inWindow < limit ? now : this.starts[n - limit].at + this.windowMs;
		const gap = this.windowMs / (whole ? rate + 1 : rate);
		const gapFreeAt = n ? this.starts[n - 1].at + gap : now;
		const freeAt = Math.max(now, windowFreeAt, gapFreeAt);
		if (freeAt > now) this.lastWaitAt = now;
		return freeAt;
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
		const headroom = cap / Math.max(1, this.rate);
		const probe = this.sharers
			? t.equalProbe * headroom ** t.equalProbePower
			: t.probe * headroom ** t.probePower;
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
		const cap = Math.min(this.budget, this.lastCap);
		// sending at its rate (a request waited for the limiter in the last window): the rejected
		// request was part of what this process sent in that window
		const atRate = now - this.lastWaitAt <= this.windowMs;
		const counted = this.shareBefore(startedAt) + (atRate ? 1 : 0);
		const share = Math.max(t.minRate, Math.min(this.rate, counted));
		// a process that was sending at (nearly) its whole budget, the rejected request included, was
		// not crowded out by another one: Procountor saw a few of its requests closer together than
		// they were sent (a timing accident), so it climbs back to the budget
		const alone = share + 1 >= 0.9 * cap;
		const sharers = atRate && !alone ? this.equalSharers(now, share, cap) : 0;
		const first = this.decreases === 0;
		if (sharers) {
			this.rate = Math.max(
				t.minRate,
				(cap / sharers) * (first ? t.firstDecrease : t.equalDecrease),
			);
			this.target = this.rate;
		} else {
			this.target = alone ? cap : share * t.recoverTo;
			this.rate = Math.max(t.minRate, share * (first ? t.firstDecrease : t.decrease));
		}
		this.sharers = sharers;
		this.lastDecreaseAt = now;
		this.decreases++;
	}

	/**
	 * n if `share` is an equal part (budget / n, n ≥ 2) of the budget, give or take
	 * `equalTolerance`, else 0. A second 429 soon after a decrease to an equal part means that
	 * more processes share the client than this one took: one more.
	 */
	private equalSharers(now: number, share: number, cap: number): number {
		const t = this.tuning;
		const again = this.sharers > 0 && now - this.lastDecreaseAt < t.repeatMs;
		const nearest = Math.max(2, Math.round(cap / share));
		if (again) return Math.max(nearest, this.sharers + 1);
		if (this.decreases === 0) {
			// the first 429: all processes still send at their whole budget, so their shares are one
			// window's sample, a request or two apart. Too small an n is corrected by the next 429 within
			// repeatMs (n + 1); too large a one would leave this process behind for the whole export.
			for (let n = 2; n <= nearest; n++)
				if (Math.abs(cap / n - share) <= t.firstTolerance * share) return n;
		}
		return Math.abs(cap / nearest - share) <= t.equalTolerance * share ? nearest : 0;
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
