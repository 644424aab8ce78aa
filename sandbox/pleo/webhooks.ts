import { createHmac, randomBytes, randomUUID } from 'crypto';
import * as http from 'http';

import type { Delivery, PleoState, Subscription } from './state';

/** Standard Webhooks signature: `v1,<base64(HMAC-SHA256(secret bytes, id.timestamp.body))>`. */
export function signWebhook(
	secretWhsec: string,
	id: string,
	timestampSeconds: number,
	body: string,
): string {
	const key = Buffer.from(secretWhsec.replace(/^whsec_/, ''), 'base64');
	const mac = createHmac('sha256', key)
		.update(`${id}.${timestampSeconds}.${body}`)
		.digest('base64');
	return `v1,${mac}`;
}

export function newWebhookSecret(): string {
	return `whsec_${randomBytes(24).toString('base64')}`;
}

export function newMessageId(): string {
	return `msg_${randomBytes(18).toString('base64url')}`;
}

interface Message {
	id: string;
	subscriptionId: string;
	eventType: string;
	eventId: string;
	body: string;
	attempts: number;
}

export interface DispatcherOptions {
	retryDelaysMs: number[];
	/** Real clock for webhook-timestamp (unix seconds are derived from it). */
	now: () => number;
	getState: () => PleoState;
	log: (msg: string) => void;
	timeoutMs?: number;
}

/** Delivers webhook messages with retries; every attempt is logged in state.deliveries. */
export class WebhookDispatcher {
	private readonly messages = new Map<string, Message>();
	private readonly timers = new Set<NodeJS.Timeout>();
	private readonly requests = new Set<http.ClientRequest>();
	private pending = 0;
	private waiters: Array<() => void> = [];
	private closed = false;

	constructor(private readonly opts: DispatcherOptions) {}

	/** Queues an event for every ACTIVE subscription that listens to it; returns the webhook ids. */
	publish(eventType: string, data: unknown): string[] {
		const ids: string[] = [];
		for (const sub of this.opts.getState().subscriptions.values()) {
			if (sub.status !== 'ACTIVE' || sub.deletedAt || !sub.eventTypes.includes(eventType)) continue;
			const eventId = randomUUID();
			const msg: Message = {
				id: newMessageId(),
				subscriptionId: sub.id,
				eventType,
				eventId,
				body: JSON.stringify({ data, eventType, eventId }),
				attempts: 0,
			};
			this.messages.set(msg.id, msg);
			ids.push(msg.id);
			this.pending++;
			void this.attempt(msg);
		}
		return ids;
	}

	/** Sends a message again (same webhook-id), with the usual retries. */
	redeliver(deliveryId: string): Promise<void> {
		const msg = this.messages.get(deliveryId);
		if (!msg) return Promise.reject(new Error(`unknown delivery ${deliveryId}`));
		this.pending++;
		return this.attempt(msg, 0);
	}

	waitForIdle(): Promise<void> {
		if (this.pending === 0) return Promise.resolve();
		return new Promise((resolve) => this.waiters.push(resolve));
	}

	close(): void {
		this.closed = true;
		for (const t of this.timers) clearTimeout(t);
		this.timers.clear();
		for (const r of this.requests) r.destroy();
		this.requests.clear();
		this.pending = 0;
		this.flushWaiters();
	}

	/** Forget messages and cancel retries (used by reset). */
	clear(): void {
		for (const t of this.timers) clearTimeout(t);
		this.timers.clear();
		for (const r of this.requests) r.destroy();
		this.requests.clear();
		this.messages.clear();
		this.pending = 0;
		this.flushWaiters();
	}

	private flushWaiters(): void {
		const w = this.waiters;
		this.waiters = [];
		for (const fn of w) fn();
	}

	private done(): void {
		this.pending = Math.max(0, this.pending - 1);
		if (this.pending === 0) this.flushWaiters();
	}

	/** One attempt; schedules the next retry on failure. `retryIndex` counts retries in this series. */
	private async attempt(msg: Message, retryIndex = 0): Promise<void> {
		if (this.closed) return;
		const sub = this.opts.getState().subscriptions.get(msg.subscriptionId);
		if (!sub || sub.deletedAt) {
			this.done();
			return;
		}
		msg.attempts++;
		const attemptNo = msg.attempts;
		const result = await this.send(sub, msg);
		if (this.closed || !this.messages.has(msg.id)) return;
		const entry: Delivery = {
			id: msg.id,
			subscriptionId: sub.id,
			url: sub.endpointUrl,
			attempt: attemptNo,
			status: result.status,
			at: this.opts.now(),
			eventType: msg.eventType,
			eventId: msg.eventId,
		};
		if (result.error) entry.error = result.error;
		this.opts.getState().deliveries.push(entry);
		const ok = typeof result.status === 'number' && result.status >= 200 && result.status < 300;
		this.opts.log(
			`webhook ${msg.eventType} → ${sub.endpointUrl} attempt ${attemptNo}: ${result.status}`,
		);
		if (ok || retryIndex >= this.opts.retryDelaysMs.length) {
			this.done();
			return;
		}
		const timer = setTimeout(() => {
			this.timers.delete(timer);
			void this.attempt(msg, retryIndex + 1);
		}, this.opts.retryDelaysMs[retryIndex]);
		this.timers.add(timer);
	}

	private send(
		sub: Subscription,
		msg: Message,
	): Promise<{ status: number | 'error'; error?: string }> {
		const timestamp = Math.floor(this.opts.now() / 1000);
		const headers: Record<string, string> = {
			...sub.customHeaders,
			'content-type': 'application/json',
			'content-length': String(Buffer.byteLength(msg.body)),
			'user-agent': 'pleo-sandbox-webhooks/1.0',
			'webhook-id': msg.id,
			'webhook-timestamp': String(timestamp),
			'webhook-signature': signWebhook(sub.secretKey, msg.id, timestamp, msg.body),
		};
		if (sub.endpointAuth?.type === 'BASIC') {
			const c = sub.endpointAuth.credentials ?? {};
			headers.authorization = `Basic ${Buffer.from(`${c.username ?? ''}:${c.password ?? ''}`).toString('base64')}`;
		}
		return new Promise((resolve) => {
			let url: URL;
			try {
				url = new URL(sub.endpointUrl);
			} catch {
				resolve({ status: 'error', error: 'invalid endpoint URL' });
				return;
			}
			if (url.protocol !== 'http:') {
				resolve({ status: 'error', error: `unsupported protocol ${url.protocol}` });
				return;
			}
			const req = http.request(url, {
				method: 'POST',
				headers,
				timeout: this.opts.timeoutMs ?? 10000,
			});
			this.requests.add(req);
			const finish = (r: { status: number | 'error'; error?: string }): void => {
				this.requests.delete(req);
				resolve(r);
			};
			req.on('response', (res) => {
				res.resume();
				res.on('end', () => finish({ status: res.statusCode ?? 0 }));
				res.on('error', (e) => finish({ status: 'error', error: e.message }));
			});
			req.on('timeout', () => req.destroy(new Error('timeout')));
			req.on('error', (e) => finish({ status: 'error', error: e.message }));
			req.end(msg.body);
		});
	}
}
