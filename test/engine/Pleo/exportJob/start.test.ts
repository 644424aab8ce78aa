// Export Job › Start in n8n-core's engine against the Pleo sandbox: the "started" event and its
// read-back after a failure (helpers/exportJobs.ts sendJobEvent).
import { byId, usePleoEngine } from '../../helpers/pleo';

const env = usePleoEngine();

test('a job event is re-sent after a 503 only when a read-back shows it did not apply', async () => {
	const job = await env.sb.clickExport();
	env.sb.setFaults({ fail5xxNext: 1 });
	const run = await env.runNode({ resource: 'exportJob', operation: 'start', jobId: byId(job.id) });
	expect(run.error).toBeUndefined();
	expect(run.json('Pleo')[0]).toMatchObject({ status: 'in_progress' });
	expect(env.proxy.count('POST', '/v3/export-job-events')).toBe(2);
	expect(env.sb.state.events.filter((e) => e.type === 'job_started')).toHaveLength(1);
});
