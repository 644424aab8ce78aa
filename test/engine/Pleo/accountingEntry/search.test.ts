// Accounting Entry › Search in n8n-core's engine against the Pleo sandbox.
import { usePleoEngine } from '../../helpers/pleo';

const env = usePleoEngine();

test('Search pages through many entries (100 a page) and applies the limit and filters', async () => {
	env.sb.addExpenses(230);
	const total = env.sb.state.expenses.size;
	env.proxy.requests.length = 0;
	const all = await env.runNode({
		resource: 'accountingEntry',
		operation: 'search',
		returnAll: true,
	});
	expect(all.error).toBeUndefined();
	expect(all.json('Pleo')).toHaveLength(total);
	expect(env.proxy.count('POST', '/v1/accounting-entries:search')).toBe(Math.ceil(total / 100));
	const some = await env.runNode({
		resource: 'accountingEntry',
		operation: 'search',
		returnAll: false,
		limit: 30,
		filters: { exportStatus: ['QUEUED'] },
	});
	expect(some.json('Pleo')).toHaveLength(30);
});
