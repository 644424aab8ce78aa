// Export Job › Start: sends "started" and outputs the job as Pleo has it afterwards.
import * as op from '../../../../../nodes/Pleo/actions/exportJob/start.operation';
import { PleoClient } from '../../../../../nodes/Pleo/transport';
import {
	fakeContext,
	PLEO_CREDENTIALS,
	pleoHttp,
	rl,
	run,
	status,
	type Call,
	type FakeOptions,
} from '../../stubs';

const setup = (routes: Parameters<typeof pleoHttp>[0], opts: FakeOptions, calls: Call[] = []) => {
	const ctx = fakeContext({
		...opts,
		credentials: PLEO_CREDENTIALS,
		httpRequestWithAuthentication: pleoHttp(routes, calls),
	});
	return { ctx, client: new PleoClient(ctx) };
};

describe('Pleo › Export Job › Start', () => {
	it('POSTs the started event, then reads the job back', async () => {
		const calls: Call[] = [];
		const { ctx, client } = setup(
			{
				'POST /v3/export-job-events': status(201),
				'GET /v3/export-jobs/j1': { data: { id: 'j1', status: 'in_progress' } },
			},
			{ params: { jobId: rl('j1') } },
			calls,
		);
		const out = await run(op, ctx, client);
		expect(calls.map((c) => [c.method, c.path, c.options.body])).toEqual([
			['POST', '/v3/export-job-events', { jobId: 'j1', event: 'started' }],
			['GET', '/v3/export-jobs/j1', undefined],
		]);
		expect(out).toEqual([{ json: { id: 'j1', status: 'in_progress' }, pairedItem: { item: 0 } }]);
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
