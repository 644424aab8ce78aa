// The Pleo client's retry rules (nodes/Pleo/transport) through the Pleo node, in n8n-core's engine
// against the Pleo sandbox, counted at a loopback proxy.
import { byId, usePleoEngine } from '../helpers/pleo';

const env = usePleoEngine();

test('GETs are retried after 429 (Retry-After) and 503', async () => {
	const job = await env.sb.clickExport();
	env.sb.setFaults({ rateLimitNext: 2, retryAfterSeconds: 0 });
	const get = await env.runNode({ resource: 'exportJob', operation: 'get', jobId: byId(job.id) });
	expect(get.error).toBeUndefined();
	env.sb.setFaults({ fail5xxNext: 2 });
	const again = await env.runNode({ resource: 'exportJob', operation: 'get', jobId: byId(job.id) });
	expect(again.error).toBeUndefined();
	expect(env.proxy.count('GET', `/v3/export-jobs/${job.id}`)).toBe(6);
});

test('a creating POST is not retried after a 503', async () => {
	const group = [...env.sb.state.tagGroups.values()][0];
	env.sb.setFaults({ fail5xxNext: 1 });
	const run = await env.runNode({
		resource: 'tag',
		operation: 'create',
		tagGroupId: byId(group.id),
		code: 'NEW1',
	});
	expect(run.error?.message).toMatch(/503/);
	expect(env.proxy.count('POST', `/v0/tag-groups/${group.id}/tags`)).toBe(1);
});

test('a creating POST is sent again after a 429 (refused, not processed): one tag', async () => {
	const group = [...env.sb.state.tagGroups.values()][0];
	const before = [...env.sb.state.tags.values()].filter((t) => t.code === 'NEW429').length;
	env.sb.setFaults({ rateLimitNext: 1, retryAfterSeconds: 0 });
	const run = await env.runNode({
		resource: 'tag',
		operation: 'create',
		tagGroupId: byId(group.id),
		code: 'NEW429',
	});
	expect(run.error).toBeUndefined();
	expect(env.proxy.count('POST', `/v0/tag-groups/${group.id}/tags`)).toBe(2);
	expect([...env.sb.state.tags.values()].filter((t) => t.code === 'NEW429')).toHaveLength(
		before + 1,
	);
});
