// Tag Group › Create in n8n-core's engine against the Pleo sandbox.
import { createTagGroup, usePleoEngine } from '../../helpers/pleo';

const env = usePleoEngine();

test('Create a tag group; a duplicate code (any case) is a 409', async () => {
	const group = await createTagGroup(env);
	expect(group).toMatchObject({ name: 'Kohde', code: 'KOHDE' });
	const dup = await env.runNode({
		resource: 'tagGroup',
		operation: 'create',
		name: 'Other',
		code: 'kohde',
	});
	expect(dup.error?.message).toMatch(/409/);
});
