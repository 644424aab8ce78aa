// Export Job › Complete in n8n-core's engine against the Pleo sandbox: the automatic and explicit
// outcomes, one event per job, and completing a job that has already ended.
import { byId, usePleoEngine } from '../../helpers/pleo';

const env = usePleoEngine();

test('Complete: all successful → completed; none successful → failed with a reason; explicit outcome', async () => {
	const job = await env.sb.clickExport();
	const items = (await env.runNode({ resource: 'exportJob', operation: 'claimNext' })).json('Pleo');
	const allFailed = items.map((i) => ({
		...i,
		status: 'failed',
		failureReasonType: 'tag_unknown',
		failureReason: 'x',
	}));
	const run = await env.runNode({ resource: 'exportJob', operation: 'complete' }, allFailed);
	expect(run.json('Pleo')[0]).toMatchObject({
		event: 'failed',
		failureReasonType: 'validation_failure',
	});
	expect(env.sb.state.jobs.get(job.id)!.job).toMatchObject({
		status: 'failed',
		failureReasonType: 'validation_failure',
	});

	const job2 = await env.sb.clickExport();
	await env.runNode({ resource: 'exportJob', operation: 'start', jobId: byId(job2.id) });
	const explicit = await env.runNode(
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
	expect(env.sb.state.jobs.get(job2.id)!.job).toMatchObject({
		status: 'failed',
		failureReasonType: 'accounting_system_unreachable',
		failureReason: 'Procountor is down',
	});
});

test('Complete of an ended job: the same outcome is done already, another names how the job ended', async () => {
	const job = await env.sb.clickExport();
	await env.runNode({ resource: 'exportJob', operation: 'claimNext' });
	await env.runNode({ resource: 'exportJob', operation: 'complete', outcome: 'completed' }, [
		{ jobId: job.id },
	]);
	// completing twice the same way is done already (another execution may have been first);
	// another outcome is Pleo's invalid transition, and says how the job ended
	const twice = await env.runNode(
		{ resource: 'exportJob', operation: 'complete', outcome: 'completed' },
		[{ jobId: job.id }],
	);
	expect(twice.json('Pleo')[0]).toMatchObject({ event: 'completed', alreadyCompleted: true });
	const otherwise = await env.runNode(
		{ resource: 'exportJob', operation: 'complete', outcome: 'completed_with_errors' },
		[{ jobId: job.id }],
	);
	expect(otherwise.error?.message).toMatch(/already ended as "completed"/);
	expect(otherwise.error?.message).toMatch(/INVALID_EXPORT_JOB_STATUS_CHANGE/);
});
