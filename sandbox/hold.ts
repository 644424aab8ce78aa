// The request hold, a switch both sandboxes offer (off unless armed): it freezes the API at a
// chosen request, so a test can kill the client (n8n) at an exact moment of an export, e.g.
// "right after the 20th journal was posted" or "when Complete reaches Pleo". Armed with a rule
// {method, path, nth, commit}, the sandbox counts the API requests whose method is `method` and
// whose path matches the regular expression `path` (anchored; the full URL path, e.g.
// `/api/ledgerreceipts` on the Procountor sandbox). The nth one triggers the hold:
// - commit: true  → it is handled (its write applied), then its answer is held;
// - commit: false → it is held before it is handled (nothing applied).
// From then on every API request is held before it is handled. `armed` resolves when the hold
// triggers. release() disarms it: held requests whose client went away (the killed n8n) are
// dropped unanswered and unapplied; the others go on as if nothing happened.
// Admin API of both sandboxes: POST /_sandbox/hold {method, path, nth?, commit?} arms,
// GET /_sandbox/hold says {armed, triggered, held}, POST /_sandbox/hold/release releases.
import type * as http from 'http';

export interface HoldRule {
	method: string;
	/** regular expression source, matched against the whole URL path */
	path: string;
	/** the nth matching request triggers the hold (default 1) */
	nth?: number;
	/** handle the triggering request before holding its answer (default false) */
	commit?: boolean;
}

export interface HoldStatus {
	armed: boolean;
	triggered: boolean;
	/** requests waiting for release() */
	held: number;
	/** matching requests seen since armed */
	seen: number;
}

/** What the sandbox does with one API request. */
export type HoldGate = 'go' | 'commit-then-hold' | 'gone';

export class RequestHold {
	private rule: { method: string; re: RegExp; nth: number; commit: boolean } | undefined;
	private seen = 0;
	private triggered = false;
	private waiting: Array<() => void> = [];
	private onTrigger: Array<() => void> = [];

	/** Arms the hold; the promise resolves when it triggers. Replaces an earlier rule. */
	arm(rule: HoldRule): Promise<void> {
		const nth = rule.nth ?? 1;
		if (typeof rule.method !== 'string' || typeof rule.path !== 'string') {
			throw new Error('hold: method and path (a regular expression) are required');
		}
		if (!Number.isInteger(nth) || nth < 1) throw new Error('hold: nth must be an integer >= 1');
		this.release();
		this.rule = {
			method: rule.method.toUpperCase(),
			re: new RegExp(`^(?:${rule.path})$`),
			nth,
			commit: rule.commit === true,
		};
		return new Promise<void>((resolve) => this.onTrigger.push(resolve));
	}

	/** Disarms the hold and lets the held requests go (those whose client is gone are dropped). */
	release(): void {
		this.rule = undefined;
		this.seen = 0;
		this.triggered = false;
		const waiting = this.waiting;
		this.waiting = [];
		for (const go of waiting) go();
	}

	status(): HoldStatus {
		return {
			armed: this.rule !== undefined,
			triggered: this.triggered,
			held: this.waiting.length,
			seen: this.seen,
		};
	}

	/**
	 * Call before handling an API request. 'go': handle it; 'commit-then-hold': handle it, then
	 * call answer() before sending; 'gone': the client left while it was held, drop it.
	 */
	async gate(method: string, path: string, res: http.ServerResponse): Promise<HoldGate> {
		const rule = this.rule;
		if (!rule) return 'go';
		if (!this.triggered) {
			if (method.toUpperCase() !== rule.method || !rule.re.test(path)) return 'go';
			this.seen++;
			if (this.seen < rule.nth) return 'go';
			this.trigger();
			if (rule.commit) return 'commit-then-hold';
		}
		return (await this.wait(res)) ? 'go' : 'gone';
	}

	/** After a 'commit-then-hold' request was handled: false when its client left meanwhile. */
	answer(res: http.ServerResponse): Promise<boolean> {
		return this.wait(res);
	}

	private trigger(): void {
		this.triggered = true;
		const resolve = this.onTrigger;
		this.onTrigger = [];
		for (const r of resolve) r();
	}

	private wait(res: http.ServerResponse): Promise<boolean> {
		if (!this.triggered) return Promise.resolve(!gone(res));
		return new Promise<boolean>((resolve) => {
			this.waiting.push(() => resolve(!gone(res)));
		});
	}
}

function gone(res: http.ServerResponse): boolean {
	return res.destroyed || res.socket === null || res.socket.destroyed;
}

/** Parses the body of POST /_sandbox/hold. */
export function holdRuleFrom(body: unknown): HoldRule {
	const b = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>;
	return {
		method: String(b.method ?? ''),
		path: String(b.path ?? ''),
		nth: b.nth === undefined ? undefined : Number(b.nth),
		commit: b.commit === true,
	};
}
