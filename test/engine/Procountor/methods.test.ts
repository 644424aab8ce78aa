// The Procountor node's list searches and option loaders (nodes/Procountor/methods) in n8n-core's
// engine against the Procountor sandbox.
import { procountorNode, useProcountorEngine } from '../helpers/procountor';

const env = useProcountorEngine();

test('dropdowns: ledger account search, VAT statuses and percentages, dimension items', async () => {
	const n = procountorNode({
		resource: 'dimension',
		operation: 'get',
		dimensionId: { __rl: true, mode: 'list', value: '201' },
	});
	const accounts = await env.h.listSearch(n, 'searchLedgerAccounts', 'employees');
	expect(accounts.results).toEqual([
		{ name: '2940 Velat henkilöstölle (Liabilities to employees)', value: '2940' },
	]);
	const byCode = await env.h.listSearch(n, 'searchLedgerAccounts', '194');
	expect(byCode.results.map((r) => r.value)).toEqual(['1940']);
	const statuses = await env.h.loadOptions(n, 'getVatStatuses');
	expect(statuses.map((s) => s.value)).toEqual(expect.arrayContaining([1, 12]));
	expect(statuses.map((s) => s.value)).not.toContain(5); // sales-only status
	const rates = await env.h.loadOptions(n, 'getVatPercentages');
	expect(rates.map((r) => r.value)).toEqual([25.5, 14, 13.5, 10, 0]);
	const items = await env.h.loadOptions(n, 'getDimensionItems');
	expect(items.map((i) => i.name)).toContain('900 Lakkautettu (inactive)');
	const dims = await env.h.listSearch(n, 'searchDimensions', 'proj');
	expect(dims.results).toEqual([{ name: 'Projekti', value: '202' }]);
});
