// Dimension › Create Item in n8n-core's engine against the Procountor sandbox.
import { useProcountorEngine } from '../../helpers/procountor';

const env = useProcountorEngine();

test('Dimension › Create Item adds the item; the same code again is an error from Procountor', async () => {
	const created = await env.runOne({
		resource: 'dimension',
		operation: 'createItem',
		dimensionId: { __rl: true, mode: 'list', value: '201' },
		codeName: '500',
		additionalFields: { description: 'Asiakaspalvelu' },
	});
	expect(created.error).toBeUndefined();
	expect(
		env.sb.state.companies[1001].dimensions.find((d) => d.id === 201)!.items.map((i) => i.codeName),
	).toContain('500');

	const duplicate = await env.runOne({
		resource: 'dimension',
		operation: 'createItem',
		dimensionId: { __rl: true, mode: 'list', value: '201' },
		codeName: '500',
		additionalFields: {},
	});
	expect(duplicate.error?.message).toMatch(/^Procountor: /);
});
