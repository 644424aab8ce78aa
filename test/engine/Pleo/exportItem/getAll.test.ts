// Export Item › Get Many in n8n-core's engine against the Pleo sandbox.
import { byId, usePleoEngine } from '../../helpers/pleo';

const env = usePleoEngine();

test('Get Many export items of a job, with a limit', async () => {
	const job = await env.sb.clickExport();
	const exportItems = await env.runNode({
		resource: 'exportItem',
		operation: 'getAll',
		jobId: byId(job.id),
		returnAll: false,
		limit: 3,
	});
	expect(exportItems.json('Pleo')).toHaveLength(3);
});
