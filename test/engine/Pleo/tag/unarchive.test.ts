// Tag › Unarchive in n8n-core's engine against the Pleo sandbox.
import { createProjectTags, usePleoEngine } from '../../helpers/pleo';

const env = usePleoEngine();

test('Unarchive brings back only the input tags', async () => {
	const { group, made } = await createProjectTags(env);
	await env.runNode({ resource: 'tag', operation: 'archive' }, made.json('Pleo'));
	await env.runNode({ resource: 'tag', operation: 'unarchive' }, made.json('Pleo').slice(0, 3));
	expect(
		[...env.sb.state.tags.values()].filter((t) => t.groupId === group.id && !t.archived),
	).toHaveLength(4);
});
