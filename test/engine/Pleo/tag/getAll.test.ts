// Tag › Get Many in n8n-core's engine against the Pleo sandbox.
import { createProjectTags, usePleoEngine } from '../../helpers/pleo';

const env = usePleoEngine();

test('Get Many pages through a group (page size 5) and applies the limit', async () => {
	const { group, gid } = await createProjectTags(env);
	env.proxy.requests.length = 0;
	const all = await env.runNode({
		resource: 'tag',
		operation: 'getAll',
		tagGroupId: gid,
		returnAll: true,
		options: { pageSize: 5 },
	});
	expect(all.json('Pleo')).toHaveLength(12);
	expect(new Set(all.json('Pleo').map((t) => t.id)).size).toBe(12);
	expect(env.proxy.count('GET', `/v0/tag-groups/${group.id}/tags`)).toBe(3);
	const some = await env.runNode({
		resource: 'tag',
		operation: 'getAll',
		tagGroupId: gid,
		returnAll: false,
		limit: 7,
		options: { pageSize: 5 },
	});
	expect(some.json('Pleo')).toHaveLength(7);
});
