// Export Job › Start: sends "started" and outputs the job as Pleo has it afterwards.
import * as op from '../../../../../nodes/Pleo/actions/exportJob/start.operation';
import { pleoClientOver as setup, rl, run, status } from '../../stubs';

describe('Pleo › Export Job › Start', () => {
	it('POSTs the started event, then reads the job back', async () => {
		const { ctx, client, calls } = setup(
			{
				'POST /v3/export-job-events': status(201),
				'GET /v3/export-jobs/j1': { data: { id: 'j1', status: 'in_progress' } },
			},
			{ params: { jobId: rl('j1') } },
		);
		const out = await run(op, ctx, client);
		expect(calls.map((c) => [c.method, c.path, c.options.body])).toEqual([
			['POST', '/v3/export-job-events', { jobId: 'j1', event: 'started' }],
			['GET', '/v3/export-jobs/j1', undefined],
		]);
		expect(out).toEqual([{ json: { id: 'j1', status: 'in_progress' }, pairedItem: { item: 0 } }]);
	});

	it('a 503 is read back: the event did not apply, so it is sent again after 1 s', async () => {
		const posts = [status(503), status(201)];
		const jobs = ['pending', 'in_progress'].map((s) => ({ data: { id: 'j1', status: s } }));
		const { ctx, client, calls, slept } = setup(
			{
				'POST /v3/export-job-events': () => posts.shift(),
				'GET /v3/export-jobs/j1': () => jobs.shift(),
			},
			{ params: { jobId: rl('j1') } },
		);
		const out = await run(op, ctx, client);
		expect(calls.map((c) => `${c.method} ${c.path}`)).toEqual([
			'POST /v3/export-job-events',
			'GET /v3/export-jobs/j1',
			'POST /v3/export-job-events',
			'GET /v3/export-jobs/j1',
		]);
		expect(slept).toEqual([1000]);
		expect(out[0].json).toEqual({ id: 'j1', status: 'in_progress' });
	});

	it('a refused event (409) fails the item, or is an error item with Continue On Fail', async () => {
		const routes = {
			'POST /v3/export-job-events': status(409, {
				type: 'EXPORT_ALREADY_IN_PROGRESS',
				message: 'job already started',
			}),
		};
		const failing = setup(routes, { params: { jobId: rl('j1') } });
		await expect(run(op, failing.ctx, failing.client)).rejects.toMatchObject({
			message: 'Pleo API error 409 – EXPORT_ALREADY_IN_PROGRESS: job already started',
			context: { itemIndex: 0 },
		});
		const lenient = setup(routes, { params: { jobId: rl('j1') }, continueOnFail: true });
		expect((await run(op, lenient.ctx, lenient.client))[0]).toEqual({
			json: { error: 'Pleo API error 409 – EXPORT_ALREADY_IN_PROGRESS: job already started' },
			pairedItem: { item: 0 },
		});
	});
});
