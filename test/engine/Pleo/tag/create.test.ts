// Tag › Create in n8n-core's engine against the Pleo sandbox (its retries: test/engine/Pleo/transport.test.ts).
import { createProjectTags, usePleoEngine } from '../../helpers/pleo';

const env = usePleoEngine();

test('Create one tag per item; a duplicate code (any case) is a 409', async () => {
	const { gid, made } = await createProjectTags(env);
	expect(made.json('Pleo')).toHaveLength(11);
	const dup = await env.runNode({
		resource: 'tag',
		operation: 'create',
		tagGroupId: gid,
		code: 'prj1001',
	});
	expect(dup.error?.message).toMatch(/409/);
});
