// Export Job › Get Many in n8n-core's engine against the Pleo sandbox.
import { usePleoEngine } from '../../helpers/pleo';

const env = usePleoEngine();

test('Get Many filters by status', async () => {
	const job = await env.sb.clickExport();
	const many = await env.runNode({
		resource: 'exportJob',
		operation: 'getAll',
		statuses: ['pending'],
		returnAll: true,
	});
	expect(many.json('Pleo').map((j) => j.id)).toEqual([job.id]);
});
