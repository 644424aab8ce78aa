// Tax Code › Get Many in n8n-core's engine against the Pleo sandbox.
import { usePleoEngine, VAT24_TAX_CODE } from '../../helpers/pleo';

const env = usePleoEngine();

test('Get Many returns the seeded and the created tax codes', async () => {
	await env.runNode(VAT24_TAX_CODE);
	const all = await env.runNode({ resource: 'taxCode', operation: 'getAll', returnAll: true });
	expect(all.json('Pleo').map((t) => t.code)).toEqual(
		expect.arrayContaining(['VAT25.5', 'VAT24', 'EURC']),
	);
});
