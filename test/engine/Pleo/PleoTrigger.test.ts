// The Pleo Trigger in the trigger host: subscription lifecycle against the Pleo sandbox,
// signed deliveries over real HTTP, rejection of bad deliveries and redelivery dedup.
import axios from 'axios';
import { randomUUID } from 'crypto';
import type { IDataObject, Workflow } from 'n8n-workflow';
import { signWebhook, startPleoSandbox, type PleoSandbox } from '../../../sandbox/pleo';
import {
	createHarness,
	findOne,
	getOne,
	startTriggerHost,
	type Harness,
	type TriggerHost,
} from '../../harness';
import { pleoCredentials, pleoTrigger } from '../helpers/pleo';

const TRIGGER = 'Pleo Trigger';
let sb: PleoSandbox;
let h: Harness;
let host: TriggerHost;

beforeAll(async () => {
	sb = await startPleoSandbox({ webhookRetryDelaysMs: [50, 100] });
	h = await createHarness({ credentials: { pleoApi: pleoCredentials(sb) } });
	host = await startTriggerHost(h);
});
afterAll(async () => {
	await host.close();
	await sb.close();
});

function staticDataOf(w: Workflow): IDataObject {
	return (w.staticData[`node:${TRIGGER}`] ?? {}) as IDataObject;
}

const api = () =>
	axios.create({
		baseURL: sb.url,
		auth: { username: sb.apiKey, password: '' },
		validateStatus: () => true,
	});

describe('Pleo Trigger', () => {
	let workflow: Workflow;
	const events = ['v1.export-job.created', 'v1.vendor.created'];

	test('create registers a subscription with the webhook URL and stores id and secret', async () => {
		sb.reset();
		workflow = await host.activate({ nodes: [pleoTrigger({ events })], connections: {} }, TRIGGER);
		const stored = staticDataOf(workflow);
		expect(stored.subscriptionId).toEqual(expect.any(String));
		expect(String(stored.webhookSecret)).toMatch(/^whsec_/);
		const sub = getOne(sb.state.subscriptions, String(stored.subscriptionId), 'subscription');
		expect(sub.endpointUrl).toBe(host.webhookUrl(TRIGGER));
		expect([...sub.eventTypes].sort()).toEqual([...events].sort());
		expect(sub.status).toBe('ACTIVE');
		expect(await h.hook(workflow, TRIGGER, 'checkExists')).toBe(true);
	});

	test('an export by the bookkeeper starts the job and runs once with its export items', async () => {
		const job = await sb.clickExport();
		await sb.waitForDeliveries();
		const [run] = await host.waitForExecutions(1);
		const items = run.json(TRIGGER);
		expect(items.length).toBe(job.numberOfItems);
		for (const item of items) {
			expect(item.jobId).toBe(job.id);
			expect(item.accountingEntryId).toEqual(expect.any(String));
		}
		expect(getOne(sb.state.jobs, job.id, 'job').job.status).toBe('in_progress');
		expect(
			sb.state.events.filter((e) => e.type === 'job_started' && e.jobId === job.id),
		).toHaveLength(1);
		expect(JSON.stringify(items)).not.toContain(sb.apiKey);
		expect(JSON.stringify(items)).not.toContain(String(staticDataOf(workflow).webhookSecret));
	});

	test('a redelivery of an accepted webhook-id is acknowledged without a second execution', async () => {
		const delivered = findOne(
			sb.deliveries,
			(d) => d.eventType === 'v1.export-job.created' && d.status === 200,
			'accepted export-job webhook',
		);
		const before = host.deliveries.length;
		await sb.redeliver(delivered.id);
		await sb.waitForDeliveries();
		expect(host.deliveries.length).toBe(before + 1);
		expect(host.deliveries[before]).toMatchObject({ status: 200, started: false });
		expect(host.executions).toHaveLength(1);
		expect(sb.state.events.filter((e) => e.type === 'job_started')).toHaveLength(1);
	});

	describe('deliveries sent by hand', () => {
		const vendorBody = () =>
			JSON.stringify({
				data: { id: randomUUID(), companyId: sb.companyId, name: 'Kahvila Oy', state: 'DRAFT' },
				eventType: 'v1.vendor.created',
				eventId: randomUUID(),
			});
		const post = (body: string, headers: Record<string, string>) =>
			axios.post(host.webhookUrl(TRIGGER), body, {
				headers: { 'content-type': 'application/json', ...headers },
				validateStatus: () => true,
				transformRequest: [(d) => d],
			});
		const signed = (
			body: string,
			id = `msg_${randomUUID()}`,
			ts = Math.floor(Date.now() / 1000),
		) => ({
			'webhook-id': id,
			'webhook-timestamp': String(ts),
			'webhook-signature': signWebhook(String(staticDataOf(workflow).webhookSecret), id, ts, body),
		});

		test('a header with several signatures passes when one of them is valid', async () => {
			const body = vendorBody();
			const headers = signed(body);
			const wrong = signWebhook(`whsec_${Buffer.alloc(24, 7).toString('base64')}`, 'x', 1, body);
			headers['webhook-signature'] = `${wrong} v1,AAAA ${headers['webhook-signature']}`;
			const res = await post(body, headers);
			expect(res.status).toBe(200);
			const runs = await host.waitForExecutions(2);
			expect(runs[1].json(TRIGGER)[0]).toMatchObject({ eventType: 'v1.vendor.created' });
		});

		test.each([
			[
				'a bad signature',
				(body: string) => ({
					...signed(body),
					'webhook-signature': 'v1,' + Buffer.alloc(32).toString('base64'),
				}),
			],
			['missing headers', () => ({})],
			[
				'a missing signature header',
				(body: string) => {
					const { 'webhook-signature': _s, ...rest } = signed(body);
					return rest;
				},
			],
			[
				'a stale timestamp (6 min)',
				(body: string) => signed(body, undefined, Math.floor(Date.now() / 1000) - 360),
			],
			[
				'a timestamp in the future (6 min)',
				(body: string) => signed(body, undefined, Math.floor(Date.now() / 1000) + 360),
			],
		])('%s → 401 and no execution', async (_name, headersFor) => {
			const body = vendorBody();
			const executions = host.executions.length;
			const res = await post(body, headersFor(body) as Record<string, string>);
			expect(res.status).toBe(401);
			expect(String(res.data)).toBe('Unauthorized');
			expect(host.executions.length).toBe(executions);
		});

		test('a body changed by one byte → 401', async () => {
			const body = vendorBody();
			const headers = signed(body);
			const changed = body.replace('Kahvila', 'Kahvilb');
			const res = await post(changed, headers);
			expect(res.status).toBe(401);
			expect(host.deliveries[host.deliveries.length - 1]).toMatchObject({
				status: 401,
				started: false,
			});
		});

		const runningJob = () =>
			findOne(sb.state.jobs.values(), (r) => r.job.status === 'in_progress', 'job in progress');
		const jobBody = (id: string) =>
			JSON.stringify({
				data: { id, companyId: sb.companyId, status: 'pending', numberOfItems: 1 },
				eventType: 'v1.export-job.created',
				eventId: randomUUID(),
			});

		test('a new delivery for a job that is already in progress starts nothing (2xx, the job state)', async () => {
			const running = runningJob();
			const executions = host.executions.length;
			const body = jobBody(running.job.id);
			const res = await post(body, signed(body));
			expect(res.status).toBe(200);
			expect(res.data).toMatchObject({ status: 'in_progress', jobId: running.job.id });
			await new Promise((r) => setTimeout(r, 50));
			expect(host.executions.length).toBe(executions);
		});

		test('a delivery for a job that has ended starts nothing and sends no event', async () => {
			const jobId = runningJob().job.id;
			const done = await api().post('/v3/export-job-events', { jobId, event: 'completed' });
			expect(done.status).toBe(202);
			const events = sb.state.events.length;
			const executions = host.executions.length;
			const body = jobBody(jobId);
			const res = await post(body, signed(body));
			expect(res.status).toBe(200);
			expect(res.data).toMatchObject({ status: 'completed', jobId });
			await new Promise((r) => setTimeout(r, 50));
			expect(host.executions.length).toBe(executions);
			expect(sb.state.events.length).toBe(events);
		});

		test('an unknown job id → 2xx "unknown_job", nothing started', async () => {
			const executions = host.executions.length;
			const body = jobBody('job_does_not_exist');
			const headers = signed(body);
			const res = await post(body, headers);
			expect(res.status).toBe(200);
			expect(res.data).toMatchObject({ status: 'unknown_job', jobId: 'job_does_not_exist' });
			await new Promise((r) => setTimeout(r, 50));
			expect(host.executions.length).toBe(executions);
		});

		test('the same webhook-id twice runs once', async () => {
			const body = vendorBody();
			const headers = signed(body);
			const executions = host.executions.length;
			expect((await post(body, headers)).status).toBe(200);
			await host.waitForExecutions(executions + 1);
			expect((await post(body, signed(body, headers['webhook-id']))).status).toBe(200);
			await new Promise((r) => setTimeout(r, 50));
			expect(host.executions.length).toBe(executions + 1);
		});
	});

	test('checkExists is false and clears the keys after the subscription was deleted remotely', async () => {
		const stored = staticDataOf(workflow);
		const id = String(stored.subscriptionId);
		expect((await api().delete(`/v1/subscriptions/${id}`)).status).toBe(204);
		expect(await h.hook(workflow, TRIGGER, 'checkExists')).toBe(false);
		expect(staticDataOf(workflow).subscriptionId).toBeUndefined();
		expect(staticDataOf(workflow).webhookSecret).toBeUndefined();
		// re-create, then delete on deactivation
		expect(await h.hook(workflow, TRIGGER, 'create')).toBe(true);
		const second = String(staticDataOf(workflow).subscriptionId);
		expect(second).not.toBe(id);
		expect(await h.hook(workflow, TRIGGER, 'delete')).toBe(true);
		const gone = (await api().get(`/v1/subscriptions/${second}`)).status;
		expect(gone).toBe(404);
		expect(staticDataOf(workflow).subscriptionId).toBeUndefined();
		// deleting again (nothing stored, or already gone) is fine
		expect(await h.hook(workflow, TRIGGER, 'delete')).toBe(true);
	});

	test('checkExists replaces a subscription whose events differ', async () => {
		sb.reset();
		const wf = {
			nodes: [pleoTrigger({ events: ['v1.export-job.created'] }, 'Other Trigger')],
			connections: {},
		};
		const w = await h.workflow(wf);
		expect(await h.hook(w, 'Other Trigger', 'create')).toBe(true);
		const data = w.staticData['node:Other Trigger'] as IDataObject;
		const id = String(data.subscriptionId);
		const other = w.getNode('Other Trigger');
		if (!other) throw new Error('no node "Other Trigger"');
		other.parameters.events = ['v1.vendor.created'];
		expect(await h.hook(w, 'Other Trigger', 'checkExists')).toBe(false);
		expect(data.subscriptionId).toBeUndefined();
		expect((await api().get(`/v1/subscriptions/${id}`)).status).toBe(404);
	});

	test('with "Start Job" off the event is output as it came and the job stays pending', async () => {
		sb.reset();
		const name = 'Raw Trigger';
		const w = await host.activate(
			{
				nodes: [pleoTrigger({ events: ['v1.export-job.created'], startJob: false }, name)],
				connections: {},
			},
			name,
		);
		const before = host.executions.length;
		const job = await sb.clickExport();
		await sb.waitForDeliveries();
		const runs = await host.waitForExecutions(before + 1);
		const [event] = runs[before].json(name);
		expect(event).toMatchObject({ eventType: 'v1.export-job.created', data: { id: job.id } });
		expect(getOne(sb.state.jobs, job.id, 'job').job.status).toBe('pending');
		await host.deactivate(name);
		expect(w.staticData[`node:${name}`]).not.toHaveProperty('subscriptionId');
	});
});
