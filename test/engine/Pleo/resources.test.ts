// The Pleo node inside n8n-core's WorkflowExecute against the Pleo sandbox: a whole export job
// (Claim Next → Report Results → Complete), paging, batching, retries and error cases.
import type { IDataObject, INode } from 'n8n-workflow';
import { startPleoSandbox, type PleoSandbox } from '../../../sandbox/pleo';
import { chain, createHarness, type Harness } from '../../harness';
import { pleoCredentials, pleoNode, startCountingProxy, type CountingProxy } from '../helpers/pleo';

let sb: PleoSandbox;
let proxy: CountingProxy;
let h: Harness;

beforeAll(async () => {
	sb = await startPleoSandbox();
	proxy = await startCountingProxy(sb.url);
	h = await createHarness({ credentials: { pleoApi: pleoCredentials(sb, proxy.url) } });
});
afterAll(async () => {
	await proxy.close();
	await sb.close();
});
beforeEach(() => {
	sb.reset();
	sb.setFaults({
		latencyMs: 0,
		errorRate: 0,
		rateLimitNext: 0,
		retryAfterSeconds: 0,
		fail5xxNext: 0,
	});
	proxy.requests.length = 0;
});

async function runNode(
	parameters: IDataObject,
	input: IDataObject[] = [{}],
	extra: Partial<INode> = {},
) {
	const n = pleoNode(parameters, 'Pleo', extra as IDataObject);
	return await h.run({ nodes: [n], connections: {} }, { input: { node: n.name, items: input } });
}

function resultsFor(items: IDataObject[], failEvery = 3): IDataObject[] {
	return items.map((item, i) =>
		i % failEvery === 0
			? {
					...item,
					status: 'failed',
					failureReasonType: i === 0 ? 'procountor_said_no' : 'account_unknown',
					failureReason: `Account missing in Procountor ${'!'.repeat(i === 0 ? 3000 : 1)}`,
				}
			: {
					...item,
					status: 'successful',
					externalId: `PC-${1000 + i}`,
					externalUrl: `https://procountor.example/ledger/${1000 + i}`,
					exportedAt: '2026-03-01T10:00:00Z',
				},
	);
}

describe('export job, end to end at the Pleo level', () => {
	test('Claim Next → Report Results (some failed) → Complete', async () => {
		const job = await sb.clickExport();
		const claim = await runNode({ resource: 'exportJob', operation: 'claimNext' });
		expect(claim.error).toBeUndefined();
		const items = claim.json('Pleo');
		expect(items).toHaveLength(job.numberOfItems);
		expect(items.every((i) => i.jobId === job.id)).toBe(true);
		expect(sb.state.jobs.get(job.id)!.job.status).toBe('in_progress');

		const report = pleoNode({ resource: 'exportItem', operation: 'reportResults' }, 'Report');
		const complete = pleoNode({ resource: 'exportJob', operation: 'complete' }, 'Complete');
		const run = await h.run(
			{ nodes: [report, complete], connections: chain('Report', 'Complete') },
			{ input: { node: 'Report', items: resultsFor(items) } },
		);
		expect(run.error).toBeUndefined();
		const reported = run.json('Report');
		expect(reported).toHaveLength(items.length);
		expect(reported.every((r) => r.reported === true && !r.reportError)).toBe(true);
		expect(reported[0]).toMatchObject({ failureReasonType: 'unexpected_failure' });
		expect(String(reported[0].failureReason).length).toBeLessThanOrEqual(1000);
		expect(run.items('Report').map((i) => i.pairedItem)).toEqual(
			items.map((_, i) => ({ item: i })),
		);

		const [completed] = run.json('Complete');
		const failed = Math.ceil(items.length / 3);
		expect(completed).toMatchObject({
			jobId: job.id,
			event: 'completed_with_errors',
			failed,
			successful: items.length - failed,
		});
		const rec = sb.state.jobs.get(job.id)!;
		expect(rec.job.status).toBe('completed_with_errors');
		const byId = new Map(rec.items.map((i) => [i.accountingEntryId, i]));
		expect(byId.get(String(items[1].accountingEntryId))).toMatchObject({
			status: 'successful',
			externalId: 'PC-1001',
		});
		expect(byId.get(String(items[3].accountingEntryId))).toMatchObject({
			status: 'failed',
			failureReasonType: 'account_unknown',
		});

		// no job left → Claim Next outputs nothing, without an error
		const again = await runNode({ resource: 'exportJob', operation: 'claimNext' });
		expect(again.error).toBeUndefined();
		expect(again.json('Pleo')).toEqual([]);
	});

	test('Claim Next resumes a job already in progress without sending "started" again', async () => {
		const job = await sb.clickExport();
		const start = await runNode({
			resource: 'exportJob',
			operation: 'start',
			jobId: { mode: 'id', value: job.id },
		});
		expect(start.json('Pleo')[0]).toMatchObject({ id: job.id, status: 'in_progress' });
		// by default a job that is in progress and was active minutes ago is left to whoever runs it
		const busy = await runNode({ resource: 'exportJob', operation: 'claimNext' });
		expect(busy.error).toBeUndefined();
		expect(busy.json('Pleo')).toEqual([]);
		const claim = await runNode({
			resource: 'exportJob',
			operation: 'claimNext',
			options: { resumeAfterMinutes: 0 },
		});
		expect(claim.json('Pleo')).toHaveLength(job.numberOfItems);
		expect(sb.state.events.filter((e) => e.type === 'job_started')).toHaveLength(1);
		// only items still pending are output
		const first = String(claim.json('Pleo')[0].accountingEntryId);
		await runNode({ resource: 'exportItem', operation: 'reportResults' }, [
			{ jobId: job.id, accountingEntryId: first, status: 'successful', externalId: 'X1' },
		]);
		const resumed = await runNode({
			resource: 'exportJob',
			operation: 'claimNext',
			options: { resumeAfterMinutes: 0 },
		});
		expect(resumed.json('Pleo')).toHaveLength(job.numberOfItems - 1);
		expect(resumed.json('Pleo').some((i) => i.accountingEntryId === first)).toBe(false);
	});

	test('Complete: all successful → completed; none successful → failed with a reason; explicit outcome', async () => {
		const job = await sb.clickExport();
		const items = (await runNode({ resource: 'exportJob', operation: 'claimNext' })).json('Pleo');
		const allFailed = items.map((i) => ({
			...i,
			status: 'failed',
			failureReasonType: 'tag_unknown',
			failureReason: 'x',
		}));
		const run = await runNode({ resource: 'exportJob', operation: 'complete' }, allFailed);
		expect(run.json('Pleo')[0]).toMatchObject({
			event: 'failed',
			failureReasonType: 'validation_failure',
		});
		expect(sb.state.jobs.get(job.id)!.job).toMatchObject({
			status: 'failed',
			failureReasonType: 'validation_failure',
		});

		const job2 = await sb.clickExport();
		await runNode({
			resource: 'exportJob',
			operation: 'start',
			jobId: { mode: 'id', value: job2.id },
		});
		const explicit = await runNode(
			{
				resource: 'exportJob',
				operation: 'complete',
				outcome: 'failed',
				failureReasonType: 'accounting_system_unreachable',
				failureReason: 'Procountor is down',
			},
			[{ jobId: job2.id }, { jobId: job2.id }],
		);
		expect(explicit.json('Pleo')).toHaveLength(1); // one event per job
		expect(explicit.items('Pleo')[0].pairedItem).toEqual([{ item: 0 }, { item: 1 }]);
		expect(sb.state.jobs.get(job2.id)!.job).toMatchObject({
			status: 'failed',
			failureReasonType: 'accounting_system_unreachable',
			failureReason: 'Procountor is down',
		});
	});

	test('Report Results splits 250 results into 3 PUTs and surfaces per-item errors', async () => {
		sb.addExpenses(250);
		const job = await sb.clickExport();
		const items = (await runNode({ resource: 'exportJob', operation: 'claimNext' })).json('Pleo');
		expect(items.length).toBeGreaterThanOrEqual(250);
		const results = resultsFor(items.slice(0, 249));
		results.push({
			jobId: job.id,
			accountingEntryId: '00000000-0000-4000-8000-00000000dead',
			status: 'successful',
			externalId: 'E',
		});
		proxy.requests.length = 0;
		const run = await runNode({ resource: 'exportItem', operation: 'reportResults' }, results);
		expect(run.error).toBeUndefined();
		expect(proxy.count('PUT', `/v3/export-jobs/${job.id}/items`)).toBe(3);
		const out = run.json('Pleo');
		expect(out).toHaveLength(250);
		expect(out[249]).toMatchObject({
			reported: false,
			reportError: { type: 'ACCOUNTING_ENTRY_DOES_NOT_EXIST' },
		});
		expect(out.slice(0, 249).every((o) => o.reported === true)).toBe(true);
		// the item with a reporting error counts as failed for Complete
		const complete = await runNode({ resource: 'exportJob', operation: 'complete' }, out);
		expect(complete.json('Pleo')[0]).toMatchObject({ event: 'completed_with_errors' });
	});

	test('Report Results after completion → a clear 422 error (and per item with continueOnFail)', async () => {
		const job = await sb.clickExport();
		const items = (await runNode({ resource: 'exportJob', operation: 'claimNext' })).json('Pleo');
		await runNode({ resource: 'exportJob', operation: 'complete', outcome: 'completed' }, [
			{ jobId: job.id },
		]);
		const late = await runNode(
			{ resource: 'exportItem', operation: 'reportResults' },
			resultsFor(items.slice(0, 2)),
		);
		expect(late.error?.message).toMatch(/422/);
		expect(late.error?.message).toMatch(/EXPORT_JOB_STATUS_UNPROCESSABLE/);
		const soft = await runNode(
			{ resource: 'exportItem', operation: 'reportResults' },
			resultsFor(items.slice(0, 2)),
			{
				continueOnFail: true,
			},
		);
		expect(soft.json('Pleo')).toHaveLength(2);
		expect(soft.json('Pleo')[0]).toMatchObject({
			reported: false,
			error: expect.stringMatching(/422/),
		});
		// completing twice the same way is done already (another execution may have been first);
		// another outcome is Pleo's invalid transition, and says how the job ended
		const twice = await runNode(
			{ resource: 'exportJob', operation: 'complete', outcome: 'completed' },
			[{ jobId: job.id }],
		);
		expect(twice.json('Pleo')[0]).toMatchObject({ event: 'completed', alreadyCompleted: true });
		const otherwise = await runNode(
			{ resource: 'exportJob', operation: 'complete', outcome: 'completed_with_errors' },
			[{ jobId: job.id }],
		);
		expect(otherwise.error?.message).toMatch(/already ended as "completed"/);
		expect(otherwise.error?.message).toMatch(/INVALID_EXPORT_JOB_STATUS_CHANGE/);
	});

	test('Get / Get Many / export items; 404 for an unknown job', async () => {
		const job = await sb.clickExport();
		const get = await runNode({
			resource: 'exportJob',
			operation: 'get',
			jobId: { mode: 'id', value: job.id },
		});
		expect(get.json('Pleo')[0]).toMatchObject({ id: job.id, status: 'pending' });
		const many = await runNode({
			resource: 'exportJob',
			operation: 'getAll',
			statuses: ['pending'],
			returnAll: true,
		});
		expect(many.json('Pleo').map((j) => j.id)).toEqual([job.id]);
		const exportItems = await runNode({
			resource: 'exportItem',
			operation: 'getAll',
			jobId: { mode: 'id', value: job.id },
			returnAll: false,
			limit: 3,
		});
		expect(exportItems.json('Pleo')).toHaveLength(3);
		const missing = await runNode({
			resource: 'exportJob',
			operation: 'get',
			jobId: { mode: 'id', value: '00000000-0000-4000-8000-0000000000ff' },
		});
		expect(missing.error?.message).toMatch(/404/);
		expect(missing.error?.message).toMatch(/EXPORT_NOT_FOUND/);
		expect(missing.error?.message).not.toContain(sb.apiKey);
		const jobs = await h.listSearch(
			pleoNode({ resource: 'exportJob', operation: 'get' }),
			'searchExportJobs',
		);
		expect(jobs.results.map((r) => r.value)).toContain(job.id);
	});
});

describe('retries', () => {
	test('GETs are retried after 429 (Retry-After) and 503', async () => {
		const job = await sb.clickExport();
		sb.setFaults({ rateLimitNext: 2, retryAfterSeconds: 0 });
		const get = await runNode({
			resource: 'exportJob',
			operation: 'get',
			jobId: { mode: 'id', value: job.id },
		});
		expect(get.error).toBeUndefined();
		sb.setFaults({ fail5xxNext: 2 });
		const again = await runNode({
			resource: 'exportJob',
			operation: 'get',
			jobId: { mode: 'id', value: job.id },
		});
		expect(again.error).toBeUndefined();
		expect(proxy.count('GET', `/v3/export-jobs/${job.id}`)).toBe(6);
	});

	test('a job event is re-sent after a 503 only when a read-back shows it did not apply', async () => {
		const job = await sb.clickExport();
		sb.setFaults({ fail5xxNext: 1 });
		const run = await runNode({
			resource: 'exportJob',
			operation: 'start',
			jobId: { mode: 'id', value: job.id },
		});
		expect(run.error).toBeUndefined();
		expect(run.json('Pleo')[0]).toMatchObject({ status: 'in_progress' });
		expect(proxy.count('POST', '/v3/export-job-events')).toBe(2);
		expect(sb.state.events.filter((e) => e.type === 'job_started')).toHaveLength(1);
	});

	test('a creating POST is not retried after a 503', async () => {
		const group = [...sb.state.tagGroups.values()][0];
		sb.setFaults({ fail5xxNext: 1 });
		const run = await runNode({
			resource: 'tag',
			operation: 'create',
			tagGroupId: { mode: 'id', value: group.id },
			code: 'NEW1',
		});
		expect(run.error?.message).toMatch(/503/);
		expect(proxy.count('POST', `/v0/tag-groups/${group.id}/tags`)).toBe(1);
	});

	test('a creating POST is sent again after a 429 (refused, not processed): one tag', async () => {
		const group = [...sb.state.tagGroups.values()][0];
		const before = [...sb.state.tags.values()].filter((t) => t.code === 'NEW429').length;
		sb.setFaults({ rateLimitNext: 1, retryAfterSeconds: 0 });
		const run = await runNode({
			resource: 'tag',
			operation: 'create',
			tagGroupId: { mode: 'id', value: group.id },
			code: 'NEW429',
		});
		expect(run.error).toBeUndefined();
		expect(proxy.count('POST', `/v0/tag-groups/${group.id}/tags`)).toBe(2);
		expect([...sb.state.tags.values()].filter((t) => t.code === 'NEW429')).toHaveLength(before + 1);
	});
});

describe('master data', () => {
	test('tag groups: create, duplicate code 409, get, get many, update, delete', async () => {
		const created = await runNode({
			resource: 'tagGroup',
			operation: 'create',
			name: 'Kohde',
			code: 'KOHDE',
		});
		const group = created.json('Pleo')[0];
		expect(group).toMatchObject({ name: 'Kohde', code: 'KOHDE' });
		const dup = await runNode({
			resource: 'tagGroup',
			operation: 'create',
			name: 'Other',
			code: 'kohde',
		});
		expect(dup.error?.message).toMatch(/409/);
		const all = await runNode({ resource: 'tagGroup', operation: 'getAll', returnAll: true });
		expect(all.json('Pleo').map((g) => g.code)).toEqual(
			expect.arrayContaining(['KUSTANNUSPAIKKA', 'PROJEKTI', 'KOHDE']),
		);
		const limited = await runNode({
			resource: 'tagGroup',
			operation: 'getAll',
			returnAll: false,
			limit: 1,
		});
		expect(limited.json('Pleo')).toHaveLength(1);
		const updated = await runNode({
			resource: 'tagGroup',
			operation: 'update',
			tagGroupId: { mode: 'id', value: group.id },
			updateFields: { name: 'Kohteet' },
		});
		expect(updated.json('Pleo')[0]).toMatchObject({ id: group.id, name: 'Kohteet', code: 'KOHDE' });
		const options = await h.loadOptions(
			pleoNode({ resource: 'tagGroup', operation: 'get' }),
			'getTagGroups',
		);
		expect(options.map((o) => o.value)).toContain(group.id);
		const deleted = await runNode({
			resource: 'tagGroup',
			operation: 'delete',
			tagGroupId: { mode: 'id', value: group.id },
		});
		expect(deleted.json('Pleo')[0]).toEqual({ id: group.id, deleted: true });
		const gone = await runNode({
			resource: 'tagGroup',
			operation: 'get',
			tagGroupId: { mode: 'id', value: group.id },
		});
		expect(gone.error?.message).toMatch(/404/);
	});

	test('tags: create, 409 on a duplicate code (case-insensitive), paging, update, archive/unarchive', async () => {
		const group = [...sb.state.tagGroups.values()].find((g) => g.code === 'PROJEKTI')!;
		const gid = { mode: 'id', value: group.id };
		const codes = Array.from({ length: 11 }, (_, i) => ({ code: `P${100 + i}` }));
		const create = pleoNode({
			resource: 'tag',
			operation: 'create',
			tagGroupId: gid,
			code: '={{ $json.code }}',
		});
		const made = await h.run(
			{ nodes: [create], connections: {} },
			{ input: { node: 'Pleo', items: codes } },
		);
		expect(made.json('Pleo')).toHaveLength(11);
		const dup = await runNode({
			resource: 'tag',
			operation: 'create',
			tagGroupId: gid,
			code: 'prj1001',
		});
		expect(dup.error?.message).toMatch(/409/);

		proxy.requests.length = 0;
		const all = await runNode({
			resource: 'tag',
			operation: 'getAll',
			tagGroupId: gid,
			returnAll: true,
			options: { pageSize: 5 },
		});
		expect(all.json('Pleo')).toHaveLength(12);
		expect(new Set(all.json('Pleo').map((t) => t.id)).size).toBe(12);
		expect(proxy.count('GET', `/v0/tag-groups/${group.id}/tags`)).toBe(3);
		const some = await runNode({
			resource: 'tag',
			operation: 'getAll',
			tagGroupId: gid,
			returnAll: false,
			limit: 7,
			options: { pageSize: 5 },
		});
		expect(some.json('Pleo')).toHaveLength(7);

		const tag = made.json('Pleo')[0];
		const updated = await runNode({
			resource: 'tag',
			operation: 'update',
			tagId: tag.id,
			updateFields: { name: 'Projekti 100' },
		});
		expect(updated.json('Pleo')[0]).toMatchObject({
			id: tag.id,
			code: 'P100',
			name: 'Projekti 100',
		});
		const got = await runNode({ resource: 'tag', operation: 'get', tagId: tag.id });
		expect(got.json('Pleo')[0]).toMatchObject({ name: 'Projekti 100' });

		const archived = await h.run(
			{ nodes: [pleoNode({ resource: 'tag', operation: 'archive' })], connections: {} },
			{ input: { node: 'Pleo', items: made.json('Pleo') } },
		);
		expect(archived.json('Pleo')).toHaveLength(11);
		expect(
			[...sb.state.tags.values()].filter((t) => t.groupId === group.id && t.archived),
		).toHaveLength(11);
		await h.run(
			{ nodes: [pleoNode({ resource: 'tag', operation: 'unarchive' })], connections: {} },
			{ input: { node: 'Pleo', items: made.json('Pleo').slice(0, 3) } },
		);
		expect(
			[...sb.state.tags.values()].filter((t) => t.groupId === group.id && !t.archived),
		).toHaveLength(4);
		const unknown = await runNode({ resource: 'tag', operation: 'archive', tagId: 'nope' });
		expect(unknown.error?.message).toMatch(/404/);
	});

	test('chart of accounts: upsert many reports created and failed per item', async () => {
		const input = [
			{ externalId: '9100', name: 'Uusi tili' },
			{ externalId: '6800', name: 'Toimistotarvikkeet' },
			{ externalId: '9101', name: 'x'.repeat(300) },
		];
		const run = await runNode(
			{
				resource: 'chartOfAccounts',
				operation: 'upsertMany',
				additionalFields: { code: '={{ $json.externalId }}' },
			},
			input,
		);
		expect(run.error).toBeUndefined();
		const out = run.json('Pleo');
		expect(out[0]).toMatchObject({
			externalId: '9100',
			outcome: 'created',
			account: { code: '9100' },
		});
		expect(out[1]).toMatchObject({
			externalId: '6800',
			outcome: 'failed',
			reasons: ['EXTERNAL_ID_ALREADY_EXISTS'],
		});
		expect(out[2]).toMatchObject({
			externalId: '9101',
			outcome: 'failed',
			reasons: ['NAME_TOO_LONG'],
		});
		expect(proxy.count('POST', '/v1/chart-of-accounts/batch')).toBe(1);
		const empty = await runNode({
			resource: 'chartOfAccounts',
			operation: 'upsertMany',
			externalId: '={{ "" }}',
			name: 'x',
		});
		expect(empty.error?.message).toMatch(/external ID/);
	});

	test('tax codes: create, 409 duplicate, get many', async () => {
		const run = await runNode({
			resource: 'taxCode',
			operation: 'create',
			name: 'VAT 24',
			code: 'VAT24',
			rate: 0.24,
			type: 'inclusive',
		});
		expect(run.json('Pleo')[0]).toMatchObject({ code: 'VAT24', rate: 0.24 });
		const dup = await runNode({
			resource: 'taxCode',
			operation: 'create',
			name: 'VAT 24',
			code: 'VAT24',
			rate: 0.24,
			type: 'inclusive',
		});
		expect(dup.error?.message).toMatch(/409/);
		const bad = await runNode({
			resource: 'taxCode',
			operation: 'create',
			name: 'Bad',
			code: 'BAD',
			rate: 24,
			type: 'inclusive',
		});
		expect(bad.error?.message).toMatch(/Rate/);
		const all = await runNode({ resource: 'taxCode', operation: 'getAll', returnAll: true });
		expect(all.json('Pleo').map((t) => t.code)).toEqual(
			expect.arrayContaining(['VAT25.5', 'VAT24', 'EURC']),
		);
		const options = await h.loadOptions(
			pleoNode({ resource: 'taxCode', operation: 'getAll' }),
			'getTaxCodes',
		);
		expect(options.length).toBe(all.json('Pleo').length);
	});
});

describe('accounting entries', () => {
	test('search pages through many entries; limit; get; 404', async () => {
		sb.addExpenses(230);
		const total = sb.state.expenses.size;
		proxy.requests.length = 0;
		const all = await runNode({
			resource: 'accountingEntry',
			operation: 'search',
			returnAll: true,
		});
		expect(all.error).toBeUndefined();
		expect(all.json('Pleo')).toHaveLength(total);
		expect(proxy.count('POST', '/v1/accounting-entries:search')).toBe(Math.ceil(total / 100));
		const some = await runNode({
			resource: 'accountingEntry',
			operation: 'search',
			returnAll: false,
			limit: 30,
			filters: { exportStatus: ['QUEUED'] },
		});
		expect(some.json('Pleo')).toHaveLength(30);
		const id = String(some.json('Pleo')[0].id);
		const one = await runNode({
			resource: 'accountingEntry',
			operation: 'get',
			accountingEntryId: id,
		});
		expect(one.json('Pleo')[0]).toMatchObject({ id });
		const missing = await runNode({
			resource: 'accountingEntry',
			operation: 'get',
			accountingEntryId: 'nope',
		});
		expect(missing.error?.message).toMatch(/404/);
	});

	test('download receipts as binary', async () => {
		const withFile = [...sb.state.expenses.values()].find(
			(e) => e.fileIds.length > 0 && (sb.state.files.get(e.fileIds[0])?.size ?? 0) < 1_000_000,
		)!;
		const run = await runNode({
			resource: 'accountingEntry',
			operation: 'downloadReceipts',
			accountingEntryId: withFile.id,
		});
		expect(run.error).toBeUndefined();
		const [item] = run.items('Pleo');
		expect(item.binary?.data).toBeDefined();
		expect(item.binary!.data.mimeType).toEqual(expect.stringMatching(/image|pdf/));
		expect(item.json).not.toHaveProperty('url');
		expect(item.json.accountingEntryId).toBe(withFile.id);
	});
});

describe('webhook subscriptions', () => {
	const subscribe = async (endpointUrl: string, eventTypes: string[]) => {
		const res = await fetch(`${sb.url}/v1/subscriptions`, {
			method: 'POST',
			headers: {
				'content-type': 'application/json',
				authorization: `Basic ${Buffer.from(`${sb.apiKey}:`).toString('base64')}`,
			},
			body: JSON.stringify({ endpointUrl, eventTypes, status: 'ACTIVE' }),
		});
		return ((await res.json()) as { data: { id: string } }).data.id;
	};

	test('get many (URL and event filters), get, delete; the secret is never output', async () => {
		const mine = await subscribe('https://n8n.example.com/webhook/abc/webhook', [
			'v1.export-job.created',
		]);
		await subscribe('https://other.example.com/hook', ['v1.vendor.created']);

		const all = await runNode({
			resource: 'webhookSubscription',
			operation: 'getAll',
			returnAll: true,
		});
		expect(all.json('Pleo')).toHaveLength(2);
		const byUrl = await runNode({
			resource: 'webhookSubscription',
			operation: 'getAll',
			returnAll: true,
			filters: { endpointUrl: 'https://n8n.example.com/webhook/' },
		});
		expect(byUrl.json('Pleo').map((s) => s.id)).toEqual([mine]);
		const byEvent = await runNode({
			resource: 'webhookSubscription',
			operation: 'getAll',
			returnAll: true,
			filters: { eventTypes: ['v1.vendor.created'] },
		});
		expect(byEvent.json('Pleo').map((s) => s.endpointUrl)).toEqual([
			'https://other.example.com/hook',
		]);

		const got = await runNode({
			resource: 'webhookSubscription',
			operation: 'get',
			subscriptionId: { mode: 'id', value: mine },
		});
		expect(got.json('Pleo')[0]).toMatchObject({
			id: mine,
			endpointUrl: 'https://n8n.example.com/webhook/abc/webhook',
			status: 'ACTIVE',
		});
		expect(JSON.stringify(got.json('Pleo'))).not.toContain('whsec_');

		const deleted = await runNode({
			resource: 'webhookSubscription',
			operation: 'delete',
			subscriptionId: { mode: 'id', value: mine },
		});
		expect(deleted.json('Pleo')).toEqual([{ id: mine, deleted: true }]);
		expect(sb.state.subscriptions.has(mine)).toBe(false);

		const missing = await runNode({
			resource: 'webhookSubscription',
			operation: 'get',
			subscriptionId: { mode: 'id', value: mine },
		});
		expect(missing.error?.message).toMatch(/404/);
	});
});
