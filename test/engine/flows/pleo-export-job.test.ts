// A whole export job at the Pleo level, in n8n-core's engine against the Pleo sandbox: Claim Next,
// then Report Results → Complete as one chain, then Claim Next with no job left.
import { chain } from '../../harness';
import { pleoNode, resultsFor, usePleoEngine } from '../helpers/pleo';

const env = usePleoEngine();

test('Claim Next → Report Results (some failed) → Complete', async () => {
	const job = await env.sb.clickExport();
	const claim = await env.runNode({ resource: 'exportJob', operation: 'claimNext' });
	expect(claim.error).toBeUndefined();
	const items = claim.json('Pleo');
	expect(items).toHaveLength(job.numberOfItems);
	expect(items.every((i) => i.jobId === job.id)).toBe(true);
	expect(env.sb.state.jobs.get(job.id)!.job.status).toBe('in_progress');

	const report = pleoNode({ resource: 'exportItem', operation: 'reportResults' }, 'Report');
	const complete = pleoNode({ resource: 'exportJob', operation: 'complete' }, 'Complete');
	const run = await env.h.run(
		{ nodes: [report, complete], connections: chain('Report', 'Complete') },
		{ input: { node: 'Report', items: resultsFor(items) } },
	);
	expect(run.error).toBeUndefined();
	const reported = run.json('Report');
	expect(reported).toHaveLength(items.length);
	expect(reported.every((r) => r.reported === true && !r.reportError)).toBe(true);
	expect(reported[0]).toMatchObject({ failureReasonType: 'unexpected_failure' });
	expect(String(reported[0].failureReason).length).toBeLessThanOrEqual(1000);
	expect(run.items('Report').map((i) => i.pairedItem)).toEqual(items.map((_, i) => ({ item: i })));

	const [completed] = run.json('Complete');
	const failed = Math.ceil(items.length / 3);
	expect(completed).toMatchObject({
		jobId: job.id,
		event: 'completed_with_errors',
		failed,
		successful: items.length - failed,
	});
	const rec = env.sb.state.jobs.get(job.id)!;
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
	const again = await env.runNode({ resource: 'exportJob', operation: 'claimNext' });
	expect(again.error).toBeUndefined();
	expect(again.json('Pleo')).toEqual([]);
});
