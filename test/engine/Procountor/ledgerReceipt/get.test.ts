// Ledger Receipt › Get in n8n-core's engine against the Procountor sandbox.
import { procountorNode, useProcountorEngine } from '../../helpers/procountor';

const env = useProcountorEngine();

test('Ledger Receipt › Get by one and several IDs; an ID that is not a number is refused', async () => {
	const ids = (await env.seedJournals(3)).map((j) => j.id);
	const one = await env.runOne({
		resource: 'ledgerReceipt',
		operation: 'get',
		ledgerReceiptId: String(ids[0]),
	});
	expect(one.json('Procountor')[0]).toMatchObject({ id: ids[0], type: 'JOURNAL' });
	expect(one.json('Procountor')[0].invoiceId).toBeDefined();
	const several = await env.runOne({
		resource: 'ledgerReceipt',
		operation: 'get',
		ledgerReceiptId: `${ids[1]}, ${ids[2]}`,
	});
	expect(several.json('Procountor').map((r) => r.id)).toEqual([ids[1], ids[2]]);

	const bad = await env.runOne({
		resource: 'ledgerReceipt',
		operation: 'get',
		ledgerReceiptId: 'abc',
	});
	expect(bad.error?.message).toMatch(/not a ledger receipt ID/);
});

test('Continue On Fail turns a failing item into an error item and keeps the others', async () => {
	const n = procountorNode(
		{ resource: 'ledgerReceipt', operation: 'get', ledgerReceiptId: '={{ $json.id }}' },
		'apiKey',
		{ continueOnFail: true, onError: 'continueRegularOutput' },
	);
	const [journal] = await env.seedJournals(1);
	const r = await env.h.run(
		{ nodes: [n], connections: {} },
		{ input: { node: n.name, items: [{ id: '424242' }, { id: String(journal.id) }] } },
	);
	const out = r.items('Procountor');
	expect(out).toHaveLength(2);
	expect(out[0].json.error).toBeDefined();
	expect(out[0].pairedItem).toEqual({ item: 0 });
	expect(out[1].json.id).toBe(journal.id);
	expect(out[1].pairedItem).toEqual({ item: 1 });
});
