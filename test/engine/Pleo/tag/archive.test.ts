// Tag › Archive in n8n-core's engine against the Pleo sandbox.
import { createProjectTags, usePleoEngine } from '../../helpers/pleo';

const env = usePleoEngine();

test('Archive archives every input tag; an unknown tag is a 404', async () => {
	const { group, made } = await createProjectTags(env);
	const archived = await env.runNode({ resource: 'tag', operation: 'archive' }, made.json('Pleo'));
	expect(archived.json('Pleo')).toHaveLength(11);
	expect(
		[...env.sb.state.tags.values()].filter((t) => t.groupId === group.id && t.archived),
	).toHaveLength(11);
	const unknown = await env.runNode({ resource: 'tag', operation: 'archive', tagId: 'nope' });
	expect(unknown.error?.message).toMatch(/404/);
});
