// Accounting Entry › Get in n8n-core's engine against the Pleo sandbox.
import { usePleoEngine } from '../../helpers/pleo';

const env = usePleoEngine();

test('Get an accounting entry; an unknown one is a 404', async () => {
	const id = [...env.sb.state.expenses.keys()][0];
	const one = await env.runNode({
		resource: 'accountingEntry',
		operation: 'get',
		accountingEntryId: id,
	});
	expect(one.json('Pleo')[0]).toMatchObject({ id });
	const missing = await env.runNode({
		resource: 'accountingEntry',
		operation: 'get',
		accountingEntryId: 'nope',
	});
	expect(missing.error?.message).toMatch(/404/);
});
