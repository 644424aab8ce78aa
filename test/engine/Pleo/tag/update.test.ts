// Tag › Update (and Get, reading it back) in n8n-core's engine against the Pleo sandbox.
import { createProjectTags, usePleoEngine } from '../../helpers/pleo';

const env = usePleoEngine();

test('Update renames a tag and keeps its code; Get reads the new name', async () => {
	const { made } = await createProjectTags(env, 1);
	const tag = made.json('Pleo')[0];
	const updated = await env.runNode({
		resource: 'tag',
		operation: 'update',
		tagId: tag.id,
		updateFields: { name: 'Projekti 100' },
	});
	expect(updated.json('Pleo')[0]).toMatchObject({
		id: tag.id,
		code: 'P100',
		name: 'Projekti 100',
	});
	const got = await env.runNode({ resource: 'tag', operation: 'get', tagId: tag.id });
	expect(got.json('Pleo')[0]).toMatchObject({ name: 'Projekti 100' });
});
