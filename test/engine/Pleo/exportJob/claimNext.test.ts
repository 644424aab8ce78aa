// Export Job › Claim Next in n8n-core's engine against the Pleo sandbox (the whole job from Claim
// Next to Complete: test/engine/flows/pleo-export-job.test.ts).
import { byId, usePleoEngine } from '../../helpers/pleo';

const env = usePleoEngine();

test('Claim Next resumes a job already in progress without sending "started" again', async () => {
	const job = await env.sb.clickExport();
	const start = await env.runNode({
		resource: 'exportJob',
		operation: 'start',
		jobId: byId(job.id),
	});
	expect(start.json('Pleo')[0]).toMatchObject({ id: job.id, status: 'in_progress' });
	// by default a job that is in progress and was active minutes ago is left to whoever runs it
	const busy = await env.runNode({ resource: 'exportJob', operation: 'claimNext' });
	expect(busy.error).toBeUndefined();
	expect(busy.json('Pleo')).toEqual([]);
	const claim = await env.runNode({
		resource: 'exportJob',
		operation: 'claimNext',
		options: { resumeAfterMinutes: 0 },
	});
	expect(claim.json('Pleo')).toHaveLength(job.numberOfItems);
	expect(env.sb.state.events.filter((e) => e.type === 'job_started')).toHaveLength(1);
	// only items still pending are output
	const first = String(claim.json('Pleo')[0].accountingEntryId);
	await env.runNode({ resource: 'exportItem', operation: 'reportResults' }, [
		{ jobId: job.id, accountingEntryId: first, status: 'successful', externalId: 'X1' },
	]);
	const resumed = await env.runNode({
		resource: 'exportJob',
		operation: 'claimNext',
		options: { resumeAfterMinutes: 0 },
	});
	expect(resumed.json('Pleo')).toHaveLength(job.numberOfItems - 1);
	expect(resumed.json('Pleo').some((i) => i.accountingEntryId === first)).toBe(false);
});
