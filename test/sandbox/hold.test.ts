// The request hold (sandbox/hold.ts) on the Pleo sandbox: the nth matching request triggers it,
// held before it is handled or (commit) after; everything after it waits; release() drops what a
// client abandoned meanwhile and lets the rest go on.
import { startPleoSandbox, type PleoSandbox } from '../../sandbox/pleo';
import { pleoApi } from './helpers/pleoClient';

let sb: PleoSandbox;

beforeAll(async () => {
	sb = await startPleoSandbox();
});
afterAll(async () => {
	await sb.close();
});
beforeEach(() => sb.reset());

const auth = () => `Basic ${Buffer.from(`${sb.apiKey}:`).toString('base64')}`;

/** A request the test can abandon (as a killed client would). */
function abandonable(method: string, path: string, body?: unknown) {
	const controller = new AbortController();
	const done = fetch(`${sb.url}${path}`, {
		method,
		headers: { authorization: auth(), 'content-type': 'application/json' },
		body: body === undefined ? undefined : JSON.stringify(body),
		signal: controller.signal,
	}).then(
		(r) => r.status,
		() => 'aborted' as const,
	);
	return { done, abort: () => controller.abort() };
}

const tick = (ms = 50) => new Promise((r) => setTimeout(r, ms));

describe('request hold', () => {
	test('held before handling: the 2nd job event is not applied, later calls wait, release drops the abandoned one', async () => {
		const job = await sb.clickExport();
		const armed = sb.hold.arm({ method: 'POST', path: '/v3/export-job-events', nth: 2 });
		const started = await pleoApi(sb, 'POST', '/v3/export-job-events', {
			jobId: job.id,
			event: 'started',
		});
		expect(started.status).toBe(202);
		const complete = abandonable('POST', '/v3/export-job-events', {
			jobId: job.id,
			event: 'completed',
		});
		await armed;
		const later = pleoApi(sb, 'GET', `/v3/export-jobs/${job.id}`);
		await tick();
		expect(sb.hold.status()).toMatchObject({ armed: true, triggered: true, held: 2, seen: 2 });
		complete.abort();
		expect(await complete.done).toBe('aborted');
		await tick();
		sb.hold.release();
		const read = await later;
		expect(read.status).toBe(200);
		expect(read.body.data.status).toBe('in_progress'); // the abandoned event never applied
		expect(sb.hold.status()).toMatchObject({ armed: false, held: 0 });
	});

	test('commit: the report is applied, its answer held; a client that stays gets it after release', async () => {
		const job = await sb.clickExport();
		await pleoApi(sb, 'POST', '/v3/export-job-events', { jobId: job.id, event: 'started' });
		const entry = sb.state.jobs.get(job.id)?.items[0].accountingEntryId;
		const armed = sb.hold.arm({
			method: 'PUT',
			path: '/v3/export-jobs/[^/]+/items',
			commit: true,
		});
		const put = abandonable('PUT', `/v3/export-jobs/${job.id}/items?company_id=${sb.companyId}`, [
			{ accountingEntryId: entry, status: 'successful', externalId: 'PC-1' },
		]);
		await armed;
		await tick();
		expect(sb.state.jobs.get(job.id)?.items[0]).toMatchObject({ status: 'successful' });
		expect(sb.hold.status().held).toBe(1);
		sb.hold.release();
		expect(await put.done).toBe(200);
	});

	test('admin API: arm, status, release; a bad rule is a 400', async () => {
		const post = (path: string, body?: unknown) =>
			fetch(`${sb.url}${path}`, {
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify(body ?? {}),
			});
		expect((await post('/_sandbox/hold', { method: 'GET', path: '/v3/.*', nth: 0 })).status).toBe(
			400,
		);
		const armed = await post('/_sandbox/hold', { method: 'GET', path: '/v3/export-jobs' });
		expect(await armed.json()).toMatchObject({ armed: true, triggered: false });
		const released = await post('/_sandbox/hold/release');
		expect(await released.json()).toMatchObject({ armed: false });
	});
});
