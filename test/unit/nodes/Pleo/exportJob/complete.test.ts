// Export Job › Complete: one event per distinct job among the items, the outcome decided from
// the item results (or set), paired with every item of its job.
import * as op from '../../../../../nodes/Pleo/actions/exportJob/complete.operation';
import { pleoClientOver as setup, run, status } from '../../stubs';

const items = [
	{ json: { jobId: 'j1', status: 'successful' } },
	{ json: { jobId: 'j2', status: 'failed' } },
	{ json: { jobId: 'j1', status: 'failed' } },
	{ json: { jobId: 'j3', status: 'successful', reportError: { type: 'X' } } },
];
const page = (data: object[]) => ({ data, pagination: { hasNextPage: false, endCursor: null } });
/** What Pleo has on record for the jobs' items (Automatic reads it): nothing reported yet. */
const noRecords = {
	'GET /v3/export-jobs/j1/items': page([]),
	'GET /v3/export-jobs/j2/items': page([]),
	'GET /v3/export-jobs/j3/items': page([]),
};

const fromItems =
	(extra: object = {}) =>
	(i: number) => ({ completeJobId: items[i].json.jobId, outcome: 'auto', ...extra });

describe('Pleo › Export Job › Complete', () => {
	it('Automatic: completed_with_errors, failed (with a reason) per job, paired with its items', async () => {
		const { ctx, client, calls } = setup(
			{ 'POST /v3/export-job-events': status(201), ...noRecords },
			{ items, params: fromItems() },
		);
		const out = await run(op, ctx, client);
		const posts = calls.filter((c) => c.method === 'POST');
		expect(posts.map((c) => c.options.body)).toEqual([
			{ jobId: 'j1', event: 'completed_with_errors' },
			{
				jobId: 'j2',
				event: 'failed',
				failureReasonType: 'validation_failure',
				failureReason: 'All 1 item(s) of the export job failed',
			},
			{
				jobId: 'j3',
				event: 'failed',
				failureReasonType: 'validation_failure',
				failureReason: 'All 1 item(s) of the export job failed',
			},
		]);
		expect(out.map((o) => [o.json.jobId, o.json.event, o.pairedItem])).toEqual([
			['j1', 'completed_with_errors', [{ item: 0 }, { item: 2 }]],
			['j2', 'failed', [{ item: 1 }]],
			['j3', 'failed', [{ item: 3 }]],
		]);
		expect(out[0].json).toMatchObject({ successful: 1, failed: 1 });
	});

	it('Outcome Failed sends the chosen reason type and reason', async () => {
		const one = [items[0]];
		const { ctx, client, calls } = setup(
			{ 'POST /v3/export-job-events': status(201) },
			{
				items: one,
				params: {
					completeJobId: 'j1',
					outcome: 'failed',
					failureReasonType: 'authentication_failure',
					failureReason: '  ',
				},
			},
		);
		await run(op, ctx, client);
		expect(calls[0].options.body).toEqual({
			jobId: 'j1',
			event: 'failed',
			failureReasonType: 'authentication_failure',
			failureReason: 'The export job failed',
		});
	});

	it('after a 5xx the job is read back: the event counts as delivered when the job has its status', async () => {
		const { ctx, client, calls } = setup(
			{
				'POST /v3/export-job-events': status(503),
				'GET /v3/export-jobs/j1': { data: { id: 'j1', status: 'completed' } },
				...noRecords,
			},
			{ items: [items[0]], params: { completeJobId: 'j1', outcome: 'auto' } },
		);
		expect((await run(op, ctx, client))[0].json.event).toBe('completed');
		expect(calls.map((c) => `${c.method} ${c.path}`)).toEqual([
			'GET /v3/export-jobs/j1/items',
			'POST /v3/export-job-events',
			'GET /v3/export-jobs/j1',
		]);
	});

	it('an item without job ID, and a refused event, fail the run or become error items', async () => {
		const bad = [{ json: {} }, items[0]];
		const params = (i: number) => ({ completeJobId: i === 0 ? '' : 'j1', outcome: 'auto' });
		// a refused transition is read back: the job is still pending, so the event did not apply
		const routes = {
			'POST /v3/export-job-events': status(422, {
				type: 'INVALID_TRANSITION',
				message: 'job is pending',
			}),
			'GET /v3/export-jobs/j1': { data: { id: 'j1', status: 'pending' } },
			...noRecords,
		};
		const failing = setup(routes, { items: bad, params });
		await expect(run(op, failing.ctx, failing.client)).rejects.toMatchObject({
			message: 'The item has no export job ID',
			context: { itemIndex: 0 },
		});
		const lenient = setup(routes, { items: bad, params, continueOnFail: true });
		expect(await run(op, lenient.ctx, lenient.client)).toEqual([
			{ json: { error: 'The item has no export job ID' }, pairedItem: { item: 0 } },
			{
				json: {
					jobId: 'j1',
					error:
						'Pleo did not accept "completed" for export job j1: the job is "pending" (INVALID_TRANSITION: job is pending)',
				},
				pairedItem: [{ item: 1 }],
			},
		]);
	});

	it('Automatic counts the results an earlier run of the job reported (a resumed job)', async () => {
		const resumed = [
			{ json: { jobId: 'j1', accountingEntryId: 'c', status: 'successful' } },
			{ json: { jobId: 'j1', accountingEntryId: 'd', status: 'successful' } },
		];
		const { ctx, client, calls } = setup(
			{
				'POST /v3/export-job-events': status(202),
				'GET /v3/export-jobs/j1/items': page([
					{ accountingEntryId: 'a', status: 'failed' },
					{ accountingEntryId: 'b', status: 'successful' },
					// this run's result wins over what Pleo had (still open before the report)
					{ accountingEntryId: 'c', status: 'pending' },
					{ accountingEntryId: 'd', status: 'failed' },
				]),
			},
			{ items: resumed, params: { completeJobId: 'j1', outcome: 'auto' } },
		);
		const [out] = await run(op, ctx, client);
		expect(out.json).toMatchObject({ event: 'completed_with_errors', successful: 3, failed: 1 });
		expect(calls.find((c) => c.method === 'POST')?.options.body).toEqual({
			jobId: 'j1',
			event: 'completed_with_errors',
		});
	});
});
