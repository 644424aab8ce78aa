// Export Job › Claim Next: a PleoClient over a fake HTTP answer (its helpers read through the
// client's context). Runs once; claims the oldest pending job by sending "started"; resumes a job
// in progress only after the idle time; outputs the export items still to export.
import * as op from '../../../../../nodes/Pleo/actions/exportJob/claimNext.operation';
import { inputs, pleoClientOver, run, status, type FakeOptions, type Routes } from '../../stubs';

const ago = (minutes: number) => new Date(Date.now() - minutes * 60000).toISOString();
const page = (data: object[]) => ({ data, pagination: { hasNextPage: false, endCursor: null } });

const setup = (routes: Routes, opts: FakeOptions = {}) =>
	pleoClientOver(routes, { items: inputs({}, {}), params: { options: {} }, ...opts });

const jobItems = {
	'GET /v3/export-jobs/j1/items': page([
		{ accountingEntryId: 'a', status: 'pending' },
		{ accountingEntryId: 'b', status: 'successful' },
		{ accountingEntryId: 'c', status: 'in_progress' },
	]),
	'GET /v3/export-items': page([
		{ accountingEntryId: 'a' },
		{ accountingEntryId: 'b' },
		{ accountingEntryId: 'c' },
	]),
};

describe('Pleo › Export Job › Claim Next', () => {
	it('claims the oldest pending job once, whatever the number of input items, and outputs its open items', async () => {
		const { ctx, client, calls } = setup({
			'GET /v3/export-jobs': page([
				{ id: 'j2', status: 'pending', createdAt: '2026-03-02T00:00:00Z' },
				{ id: 'j1', status: 'pending', createdAt: '2026-03-01T00:00:00Z' },
			]),
			'GET /v3/export-jobs/j1': { data: { id: 'j1', status: 'pending' } },
			'POST /v3/export-job-events': status(201),
			...jobItems,
		});
		const out = await run(op, ctx, client);
		expect(out).toEqual([
			{ json: { accountingEntryId: 'a', jobId: 'j1' }, pairedItem: { item: 0 } },
			{ json: { accountingEntryId: 'c', jobId: 'j1' }, pairedItem: { item: 0 } },
		]);
		expect(calls.filter((c) => c.method === 'POST').map((c) => c.options.body)).toEqual([
			{ jobId: 'j1', event: 'started' },
		]);
		expect(calls[0].options.qs).toMatchObject({
			company_id: 'company-1',
			statuses: ['in_progress', 'pending'],
		});
	});

	it('outputs nothing when no job waits, or when another execution started it first (409)', async () => {
		expect(await run(op, ...args(setup({ 'GET /v3/export-jobs': page([]) })))).toEqual([]);
		const raced = setup({
			'GET /v3/export-jobs': page([{ id: 'j1', status: 'pending' }]),
			'GET /v3/export-jobs/j1': { data: { id: 'j1', status: 'pending' } },
			'POST /v3/export-job-events': status(409, { type: 'EXPORT_ALREADY_IN_PROGRESS' }),
		});
		expect(await run(op, raced.ctx, raced.client)).toEqual([]);
	});

	it('a "started" answered 503 is sent again after 0.5 s', async () => {
		const posts = [status(503), status(201)];
		const { ctx, client, calls, slept } = setup({
			'GET /v3/export-jobs': page([{ id: 'j1', status: 'pending' }]),
			'GET /v3/export-jobs/j1': { data: { id: 'j1', status: 'pending' } },
			'POST /v3/export-job-events': () => posts.shift(),
			...jobItems,
		});
		expect((await run(op, ctx, client)).map((o) => o.json.accountingEntryId)).toEqual(['a', 'c']);
		expect(calls.filter((c) => c.method === 'POST')).toHaveLength(2);
		expect(slept).toEqual([500]);
	});

	it('resumes a job in progress only after Resume Only After Idle, and without sending "started"', async () => {
		const routes = (lastUpdatedAt: string) => ({
			'GET /v3/export-jobs': page([{ id: 'j1', status: 'in_progress', lastUpdatedAt }]),
			'GET /v3/export-jobs/j1': { data: { id: 'j1', status: 'in_progress' } },
			...jobItems,
		});
		const busy = setup(routes(ago(5)), { params: { options: { resumeAfterMinutes: 15 } } });
		expect(await run(op, busy.ctx, busy.client)).toEqual([]);
		const idle = setup(routes(ago(20)), { params: { options: { resumeAfterMinutes: 15 } } });
		expect((await run(op, idle.ctx, idle.client)).map((o) => o.json.accountingEntryId)).toEqual([
			'a',
			'c',
		]);
		expect(idle.calls.some((c) => c.method === 'POST')).toBe(false);
		// Resume In-Progress Job off: only pending jobs are looked for
		const off = setup(
			{ 'GET /v3/export-jobs': page([]) },
			{ params: { options: { resumeInProgress: false, companyId: 'c2' } } },
		);
		await run(op, off.ctx, off.client);
		expect(off.calls[0].options.qs).toMatchObject({ company_id: 'c2', statuses: ['pending'] });
	});

	it('completes a job in progress with nothing left to export at once, whatever its idle time, and outputs nothing', async () => {
		const reported = (statuses: string[]) => ({
			'GET /v3/export-jobs': page([{ id: 'j1', status: 'in_progress', lastUpdatedAt: ago(1) }]),
			'GET /v3/export-jobs/j1/items': page(
				statuses.map((status, i) => ({ accountingEntryId: `e${i}`, status })),
			),
			'POST /v3/export-job-events': status(202),
		});
		const withErrors = setup(reported(['successful', 'failed', 'successful']));
		expect(await run(op, withErrors.ctx, withErrors.client)).toEqual([]);
		expect(withErrors.calls.filter((c) => c.method === 'POST').map((c) => c.options.body)).toEqual([
			{ jobId: 'j1', event: 'completed_with_errors' },
		]);
		// never reads the export items, never sends "started"
		expect(withErrors.calls.some((c) => c.path === '/v3/export-items')).toBe(false);
		const allGood = setup(reported(['successful', 'successful']));
		await run(op, allGood.ctx, allGood.client);
		expect(allGood.calls.find((c) => c.method === 'POST')?.options.body).toEqual({
			jobId: 'j1',
			event: 'completed',
		});
	});

	it('an error fails item 0, or is one error item with Continue On Fail', async () => {
		const routes = {
			'GET /v3/export-jobs': status(401, { type: 'UNAUTHORIZED', message: 'bad key' }),
		};
		const failing = setup(routes);
		await expect(run(op, failing.ctx, failing.client)).rejects.toMatchObject({
			message: 'Pleo API error 401 – UNAUTHORIZED: bad key',
			context: { itemIndex: 0 },
		});
		const lenient = setup(routes, { continueOnFail: true });
		expect(await run(op, lenient.ctx, lenient.client)).toEqual([
			{ json: { error: 'Pleo API error 401 – UNAUTHORIZED: bad key' }, pairedItem: { item: 0 } },
		]);
	});
});

function args(s: ReturnType<typeof setup>) {
	return [s.ctx, s.client] as const;
}
