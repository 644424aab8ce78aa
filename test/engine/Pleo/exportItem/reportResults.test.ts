// Export Item › Report Results in n8n-core's engine against the Pleo sandbox: batching, per-item
// errors, and a job that has already ended.
import { resultsFor, usePleoEngine } from '../../helpers/pleo';

const env = usePleoEngine();

test('Report Results splits 250 results into 3 PUTs and surfaces per-item errors', async () => {
	env.sb.addExpenses(250);
	const job = await env.sb.clickExport();
	const items = (await env.runNode({ resource: 'exportJob', operation: 'claimNext' })).json('Pleo');
	expect(items.length).toBeGreaterThanOrEqual(250);
	const results = resultsFor(items.slice(0, 249));
	results.push({
		jobId: job.id,
		accountingEntryId: '00000000-0000-4000-8000-00000000dead',
		status: 'successful',
		externalId: 'E',
	});
	env.proxy.requests.length = 0;
	const run = await env.runNode({ resource: 'exportItem', operation: 'reportResults' }, results);
	expect(run.error).toBeUndefined();
	expect(env.proxy.count('PUT', `/v3/export-jobs/${job.id}/items`)).toBe(3);
	const out = run.json('Pleo');
	expect(out).toHaveLength(250);
	expect(out[249]).toMatchObject({
		reported: false,
		reportError: { type: 'ACCOUNTING_ENTRY_DOES_NOT_EXIST' },
	});
	expect(out.slice(0, 249).every((o) => o.reported === true)).toBe(true);
	// the item with a reporting error counts as failed for Complete
	const complete = await env.runNode({ resource: 'exportJob', operation: 'complete' }, out);
	expect(complete.json('Pleo')[0]).toMatchObject({ event: 'completed_with_errors' });
});

test('Report Results after completion → a clear 422 error (and per item with continueOnFail)', async () => {
	const job = await env.sb.clickExport();
	const items = (await env.runNode({ resource: 'exportJob', operation: 'claimNext' })).json('Pleo');
	await env.runNode({ resource: 'exportJob', operation: 'complete', outcome: 'completed' }, [
		{ jobId: job.id },
	]);
	const late = await env.runNode(
		{ resource: 'exportItem', operation: 'reportResults' },
		resultsFor(items.slice(0, 2)),
	);
	expect(late.error?.message).toMatch(/422/);
	expect(late.error?.message).toMatch(/EXPORT_JOB_STATUS_UNPROCESSABLE/);
	const soft = await env.runNode(
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
});
