// Tag Group › Delete in n8n-core's engine against the Pleo sandbox.
import { byId, createTagGroup, usePleoEngine } from '../../helpers/pleo';

const env = usePleoEngine();

test('Delete a tag group; Get of the deleted group is a 404', async () => {
	const group = await createTagGroup(env);
	const deleted = await env.runNode({
		resource: 'tagGroup',
		operation: 'delete',
		tagGroupId: byId(group.id),
	});
	expect(deleted.json('Pleo')[0]).toEqual({ id: group.id, deleted: true });
	const gone = await env.runNode({
		resource: 'tagGroup',
		operation: 'get',
		tagGroupId: byId(group.id),
	});
	expect(gone.error?.message).toMatch(/404/);
});
