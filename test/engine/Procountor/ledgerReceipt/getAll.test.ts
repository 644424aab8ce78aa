// Ledger Receipt › Get Many in n8n-core's engine against the Procountor sandbox.
import { useProcountorEngine } from '../../helpers/procountor';

const env = useProcountorEngine();

test('Ledger Receipt › Get Many pages through more than 200 receipts and applies the limit', async () => {
	await env.seedJournals(230);
	const all = await env.runOne({
		resource: 'ledgerReceipt',
		operation: 'getAll',
		returnAll: true,
		filters: { types: ['JOURNAL'] },
	});
	expect(all.json('Procountor')).toHaveLength(230);
	const pages = env.sb.requests.filter(
		(r) => r.method === 'GET' && r.path.startsWith('/api/ledgerreceipts'),
	);
	expect(pages).toHaveLength(2);

	const limited = await env.runOne({
		resource: 'ledgerReceipt',
		operation: 'getAll',
		returnAll: false,
		limit: 7,
		filters: { startDate: '2026-03-01T00:00:00', endDate: '2026-03-31T00:00:00' },
	});
	expect(limited.json('Procountor')).toHaveLength(7);
}, 60000);
