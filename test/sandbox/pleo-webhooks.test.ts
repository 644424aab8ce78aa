import { createHmac, timingSafeEqual } from 'crypto';
import * as http from 'http';
import type { AddressInfo } from 'net';

import { signWebhook, startPleoSandbox, type PleoSandbox } from '../../sandbox/pleo';
import { pleoApi } from './helpers/pleoClient';

interface Received {
	headers: http.IncomingHttpHeaders;
	body: string;
}

/** A local receiver that answers with the next status from `statuses` (then 200). */
async function startReceiver(
	statuses: number[] = [],
): Promise<{ url: string; received: Received[]; close: () => Promise<void> }> {
	const received: Received[] = [];
	const server = http.createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (c: Buffer) => chunks.push(c));
		req.on('end', () => {
			received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
			res.statusCode = statuses.shift() ?? 200;
			res.end();
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const port = (server.address() as AddressInfo).port;
	return {
		url: `http://127.0.0.1:${port}/hook`,
		received,
		close: () =>
			new Promise<void>((resolve) => {
				server.close(() => resolve());
				server.closeAllConnections();
			}),
	};
}

/** Independent Standard Webhooks verification with node:crypto. */
function verify(secret: string, r: Received): boolean {
	const key = Buffer.from(secret.slice('whsec_'.length), 'base64');
	const signed = `${r.headers['webhook-id']}.${r.headers['webhook-timestamp']}.${r.body}`;
	const expected = createHmac('sha256', key).update(signed).digest();
	return String(r.headers['webhook-signature'])
		.split(' ')
		.some((part) => {
			const [v, sig] = part.split(',');
			const given = Buffer.from(sig ?? '', 'base64');
			return v === 'v1' && given.length === expected.length && timingSafeEqual(given, expected);
		});
}

let sb: PleoSandbox;

beforeAll(async () => {
	sb = await startPleoSandbox({ webhookRetryDelaysMs: [50, 100] });
});
afterAll(async () => {
	await sb.close();
});
beforeEach(() => sb.reset());

describe('subscriptions', () => {
	it('CRUD and secret', async () => {
		const body = {
			endpointUrl: 'http://127.0.0.1:9/hook',
			eventTypes: ['v1.export-job.created'],
			status: 'ACTIVE',
		};
		const created = await pleoApi(sb, 'POST', '/v1/subscriptions', body);
		expect(created.status).toBe(200);
		const s = created.body.data;
		expect(s).toMatchObject({
			id: expect.any(String),
			endpointUrl: body.endpointUrl,
			eventTypes: body.eventTypes,
			status: 'ACTIVE',
			createdAt: expect.any(String),
		});
		expect(s.secretKey).toBeUndefined();
		const secret = await pleoApi(sb, 'GET', `/v1/subscriptions/${s.id}/secret`);
		expect(secret.body.data.secretKey).toMatch(/^whsec_[A-Za-z0-9+/]+=*$/);
		expect(Buffer.from(secret.body.data.secretKey.slice(6), 'base64').length).toBe(24);
		const list = await pleoApi(sb, 'GET', '/v1/subscriptions?status=ACTIVE');
		expect(list.body.data.map((x: any) => x.id)).toEqual([s.id]);
		const put = await pleoApi(sb, 'PUT', `/v1/subscriptions/${s.id}`, {
			...body,
			status: 'INACTIVE',
		});
		expect(put.body.data.status).toBe('INACTIVE');
		expect((await pleoApi(sb, 'GET', `/v1/subscriptions/${s.id}`)).body.data.status).toBe(
			'INACTIVE',
		);
		expect(
			(await pleoApi(sb, 'POST', '/v1/subscriptions', { ...body, eventTypes: ['v9.nope'] })).status,
		).toBe(400);
		expect((await pleoApi(sb, 'DELETE', `/v1/subscriptions/${s.id}`)).status).toBe(204);
		expect((await pleoApi(sb, 'GET', `/v1/subscriptions/${s.id}`)).status).toBe(404);
	});
});

describe('webhook delivery', () => {
	it('delivers v1.export-job.created with a valid Standard Webhooks signature to ACTIVE subscriptions', async () => {
		const rx = await startReceiver();
		const inactive = await startReceiver();
		try {
			const s = (
				await pleoApi(sb, 'POST', '/v1/subscriptions', {
					endpointUrl: rx.url,
					eventTypes: ['v1.export-job.created'],
					customHeaders: { 'x-n8n-key': 'k1' },
				})
			).body.data;
			await pleoApi(sb, 'POST', '/v1/subscriptions', {
				endpointUrl: inactive.url,
				eventTypes: ['v1.export-job.created'],
				status: 'INACTIVE',
			});
			const secret = (await pleoApi(sb, 'GET', `/v1/subscriptions/${s.id}/secret`)).body.data
				.secretKey;
			const job = await sb.clickExport();
			await sb.waitForDeliveries();
			expect(inactive.received).toHaveLength(0);
			expect(rx.received).toHaveLength(1);
			const r = rx.received[0];
			expect(r.headers['content-type']).toBe('application/json');
			expect(r.headers['x-n8n-key']).toBe('k1');
			expect(String(r.headers['webhook-id'])).toMatch(/^msg_/);
			expect(Math.abs(Number(r.headers['webhook-timestamp']) - Date.now() / 1000)).toBeLessThan(60);
			expect(verify(secret, r)).toBe(true);
			expect(verify(`whsec_${Buffer.alloc(24).toString('base64')}`, r)).toBe(false);
			expect(r.headers['webhook-signature']).toBe(
				signWebhook(
					secret,
					String(r.headers['webhook-id']),
					Number(r.headers['webhook-timestamp']),
					r.body,
				),
			);
			const payload = JSON.parse(r.body);
			expect(payload).toMatchObject({
				eventType: 'v1.export-job.created',
				eventId: expect.any(String),
				data: { id: job.id, status: 'pending', companyId: sb.companyId, expiresIn: 3600 },
			});
			expect(sb.deliveries).toEqual([
				expect.objectContaining({
					subscriptionId: s.id,
					url: rx.url,
					attempt: 1,
					status: 200,
					eventType: 'v1.export-job.created',
				}),
			]);
			// the admin HTTP API exposes the same
			const admin: any = await (await fetch(`${sb.url}/_sandbox/deliveries`)).json();
			expect(admin.data).toHaveLength(1);
		} finally {
			await rx.close();
			await inactive.close();
		}
	});

	it('retries a non-2xx delivery with the same webhook-id and a fresh signature; redeliver works', async () => {
		const rx = await startReceiver([500, 503]);
		try {
			const s = (
				await pleoApi(sb, 'POST', '/v1/subscriptions', {
					endpointUrl: rx.url,
					eventTypes: ['v1.export-job.created'],
					endpointAuth: { type: 'BASIC', credentials: { username: 'u', password: 'p' } },
				})
			).body.data;
			const secret = (await pleoApi(sb, 'GET', `/v1/subscriptions/${s.id}/secret`)).body.data
				.secretKey;
			await sb.clickExport();
			await sb.waitForDeliveries();
			expect(rx.received).toHaveLength(3);
			const ids = new Set(rx.received.map((r) => r.headers['webhook-id']));
			expect(ids.size).toBe(1);
			for (const r of rx.received) {
				expect(verify(secret, r)).toBe(true);
				expect(r.headers.authorization).toBe(`Basic ${Buffer.from('u:p').toString('base64')}`);
			}
			expect(sb.deliveries.map((d) => [d.attempt, d.status])).toEqual([
				[1, 500],
				[2, 503],
				[3, 200],
			]);
			await sb.redeliver(sb.deliveries[0].id);
			await sb.waitForDeliveries();
			expect(rx.received).toHaveLength(4);
			expect(rx.received[3].headers['webhook-id']).toBe(rx.received[0].headers['webhook-id']);
		} finally {
			await rx.close();
		}
	});

	it('logs network errors and gives up after the configured retries', async () => {
		const rx = await startReceiver();
		const deadUrl = rx.url;
		await rx.close();
		await pleoApi(sb, 'POST', '/v1/subscriptions', {
			endpointUrl: deadUrl,
			eventTypes: ['v1.export-job.created'],
		});
		await sb.clickExport();
		await sb.waitForDeliveries();
		expect(sb.deliveries.map((d) => d.status)).toEqual(['error', 'error', 'error']);
	});

	it('admin export endpoint triggers the webhook; close() cancels pending retries', async () => {
		const slow = await startPleoSandbox({ webhookRetryDelaysMs: [60_000] });
		const rx = await startReceiver([500]);
		try {
			await pleoApi(slow, 'POST', '/v1/subscriptions', {
				endpointUrl: rx.url,
				eventTypes: ['v1.export-job.created'],
			});
			const res = await fetch(`${slow.url}/_sandbox/export`, { method: 'POST' });
			expect(res.status).toBe(201);
			const again = await fetch(`${slow.url}/_sandbox/export`, { method: 'POST' });
			expect(again.status).toBe(409);
			for (let i = 0; i < 50 && slow.deliveries.length === 0; i++)
				await new Promise((r) => setTimeout(r, 10));
			expect(slow.deliveries.map((d) => d.status)).toEqual([500]);
		} finally {
			await slow.close();
			await rx.close();
		}
	});
});

describe('faults and admin API', () => {
	it('429 with Retry-After for the next N calls, then 5xx, then normal', async () => {
		sb.setFaults({ rateLimitNext: 2, retryAfterSeconds: 7, fail5xxNext: 1 });
		const path = `/v3/export-jobs?company_id=${sb.companyId}`;
		const a = await pleoApi(sb, 'GET', path);
		expect(a.status).toBe(429);
		expect(a.headers.get('retry-after')).toBe('7');
		expect(a.body.type).toEqual(expect.any(String));
		expect((await pleoApi(sb, 'GET', path)).status).toBe(429);
		const c = await pleoApi(sb, 'GET', path);
		expect(c.status).toBeGreaterThanOrEqual(500);
		expect((await pleoApi(sb, 'GET', path)).status).toBe(200);
	});

	it('errorRate gives a seeded share of 5xx; latency is added', async () => {
		await fetch(`${sb.url}/_sandbox/faults`, {
			method: 'POST',
			body: JSON.stringify({ errorRate: 0.5, latencyMs: 5 }),
		});
		expect(sb.faults).toMatchObject({ errorRate: 0.5, latencyMs: 5 });
		const path = `/v3/export-jobs?company_id=${sb.companyId}`;
		const statuses: number[] = [];
		const t0 = Date.now();
		for (let i = 0; i < 40; i++) statuses.push((await pleoApi(sb, 'GET', path)).status);
		expect(Date.now() - t0).toBeGreaterThanOrEqual(40 * 5);
		const errors = statuses.filter((s) => s >= 500).length;
		expect(errors).toBeGreaterThan(5);
		expect(errors).toBeLessThan(35);
		sb.reset();
		expect((await pleoApi(sb, 'GET', path)).status).toBe(200);
	});

	it('admin state, clock, expenses and reset', async () => {
		const add = await fetch(`${sb.url}/_sandbox/expenses`, {
			method: 'POST',
			body: JSON.stringify({ count: 3 }),
		});
		expect(((await add.json()) as any).data.accountingEntryIds).toHaveLength(3);
		const job = (
			(await (await fetch(`${sb.url}/_sandbox/export`, { method: 'POST' })).json()) as any
		).data;
		await fetch(`${sb.url}/_sandbox/clock`, {
			method: 'POST',
			body: JSON.stringify({ advanceMs: 3_700_000 }),
		});
		const state: any = await (await fetch(`${sb.url}/_sandbox/state`)).json();
		const j = state.jobs.find((x: any) => x.id === job.id);
		expect(j).toMatchObject({ status: 'failed', failureReasonType: 'job_expired' });
		expect(j.items.every((i: any) => i.status === 'abandoned')).toBe(true);
		expect(state.tagGroups.length).toBe(2);
		expect((await fetch(`${sb.url}/_sandbox/reset`, { method: 'POST' })).status).toBe(204);
		expect(sb.state.jobs.size).toBe(0);
	});
});
