// Tag Group › Update in n8n-core's engine against the Pleo sandbox.
import { byId, createTagGroup, usePleoEngine } from '../../helpers/pleo';

const env = usePleoEngine();

test('Update renames a tag group and keeps its code', async () => {
	const group = await createTagGroup(env);
	const updated = await env.runNode({
		resource: 'tagGroup',
		operation: 'update',
		tagGroupId: byId(group.id),
		updateFields: { name: 'Kohteet' },
	});
	expect(updated.json('Pleo')[0]).toMatchObject({ id: group.id, name: 'Kohteet', code: 'KOHDE' });
});
