// Ledger Account › Get Many against a stub Procountor client.
import * as op from '../../../../../nodes/Procountor/actions/ledgerAccount/getAll.operation';
import { fakeContext, inputs, pairing, procountorApiError, run, stubProcountor } from '../../stubs';

const COA = {
	ledgerAccounts: [
		{ ledgerAccountCode: '1910', name: 'Pankkitili', active: true },
		{ ledgerAccountCode: '1940', name: 'Pleo', active: true },
		{ ledgerAccountCode: '2940', name: 'Velat henkilöstölle', active: false },
		{ ledgerAccountCode: '7600', name: 'Matkakulut' },
	],
};

describe('Procountor › Ledger Account › Get Many', () => {
	it('Return All with Active Only: every active account (no flag counts as active)', async () => {
		const client = stubProcountor({ 'GET /coa': COA });
		const out = await run(
			op,
			fakeContext({ params: { activeOnly: true, returnAll: true } }),
			client,
		);
		expect(out.map((o) => o.json.ledgerAccountCode)).toEqual(['1910', '1940', '7600']);
		expect(pairing(out)).toEqual([{ item: 0 }, { item: 0 }, { item: 0 }]);
	});

	it('Limit cuts the list after the Active Only filter; inactive accounts when asked', async () => {
		const client = stubProcountor({ 'GET /coa': COA });
		const ctx = fakeContext({
			items: inputs({}, {}),
			params: (i) => ({ activeOnly: i === 0, returnAll: false, limit: 3 }),
		});
		const out = await run(op, ctx, client);
		expect(out.map((o) => [o.json.ledgerAccountCode, o.pairedItem])).toEqual([
			['1910', { item: 0 }],
			['1940', { item: 0 }],
			['7600', { item: 0 }],
			['1910', { item: 1 }],
			['1940', { item: 1 }],
			['2940', { item: 1 }],
		]);
	});

	it('errors carry the item index; Continue On Fail makes them error items', async () => {
		const client = stubProcountor({
			'GET /coa': () => {
				throw procountorApiError(500, 'boom');
			},
		});
		const params = { activeOnly: true, returnAll: true };
		await expect(run(op, fakeContext({ params }), client)).rejects.toMatchObject({
			context: { itemIndex: 0 },
		});
		const out = await run(op, fakeContext({ params, continueOnFail: true }), client);
		expect(out).toEqual([{ json: { error: 'Procountor: boom' }, pairedItem: { item: 0 } }]);
	});
});
