// Export Job › Get in n8n-core's engine against the Pleo sandbox (its retries after 429 and 503:
// test/engine/Pleo/transport.test.ts).
import { byId, usePleoEngine } from '../../helpers/pleo';

const env = usePleoEngine();

test('Get a job; an unknown job is a 404 that names it, without the API key', async () => {
	const job = await env.sb.clickExport();
	const get = await env.runNode({ resource: 'exportJob', operation: 'get', jobId: byId(job.id) });
	expect(get.json('Pleo')[0]).toMatchObject({ id: job.id, status: 'pending' });
	const missing = await env.runNode({
		resource: 'exportJob',
		operation: 'get',
		jobId: { mode: 'id', value: '00000000-0000-4000-8000-0000000000ff' },
	});
	expect(missing.error?.message).toMatch(/404/);
	expect(missing.error?.message).toMatch(/EXPORT_NOT_FOUND/);
	expect(missing.error?.message).not.toContain(env.sb.apiKey);
});
