// Tag Group › Get Many in n8n-core's engine against the Pleo sandbox.
import { createTagGroup, usePleoEngine } from '../../helpers/pleo';

const env = usePleoEngine();

test('Get Many: all tag groups, or up to the limit', async () => {
	await createTagGroup(env);
	const all = await env.runNode({ resource: 'tagGroup', operation: 'getAll', returnAll: true });
	expect(all.json('Pleo').map((g) => g.code)).toEqual(
		expect.arrayContaining(['KUSTANNUSPAIKKA', 'PROJEKTI', 'KOHDE']),
	);
	const limited = await env.runNode({
		resource: 'tagGroup',
		operation: 'getAll',
		returnAll: false,
		limit: 1,
	});
	expect(limited.json('Pleo')).toHaveLength(1);
});
