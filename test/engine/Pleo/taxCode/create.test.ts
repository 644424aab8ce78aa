// Tax Code › Create in n8n-core's engine against the Pleo sandbox.
import { usePleoEngine, VAT24_TAX_CODE } from '../../helpers/pleo';

const env = usePleoEngine();

test('Create a tax code; a duplicate code is a 409; a rate given as a percentage is refused', async () => {
	const run = await env.runNode(VAT24_TAX_CODE);
	expect(run.json('Pleo')[0]).toMatchObject({ code: 'VAT24', rate: 0.24 });
	const dup = await env.runNode(VAT24_TAX_CODE);
	expect(dup.error?.message).toMatch(/409/);
	const bad = await env.runNode({ ...VAT24_TAX_CODE, name: 'Bad', code: 'BAD', rate: 24 });
	expect(bad.error?.message).toMatch(/Rate/);
});
