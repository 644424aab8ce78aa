// Ledger Receipt › Get against a stub Procountor client.
import * as op from '../../../../../nodes/Procountor/actions/ledgerReceipt/get.operation';
import { fakeContext, inputs, pairing, procountorApiError, run, stubProcountor } from '../../stubs';

describe('Procountor › Ledger Receipt › Get', () => {
	it('one ID: the receipt; several: one call for all of them, one output item each', async () => {
		const client = stubProcountor({
			'GET /ledgerreceipts/500001': { id: 500001 },
			'GET /ledgerreceipts/500001,500002': { results: [{ id: 500001 }, { id: 500002 }] },
		});
		const ctx = fakeContext({
			items: inputs({}, {}),
			params: (i) => ({ ledgerReceiptId: i === 0 ? '500001' : ' 500001 , 500002,' }),
		});
		const out = await run(op, ctx, client);
		expect(out.map((o) => [o.json.id, o.pairedItem])).toEqual([
			[500001, { item: 0 }],
			[500001, { item: 1 }],
			[500002, { item: 1 }],
		]);
		expect(client.request).toHaveBeenCalledTimes(2);
	});

	it('refuses IDs that are not numbers, and more than 200 at a time', async () => {
		const client = stubProcountor();
		await expect(
			run(op, fakeContext({ params: { ledgerReceiptId: '5000a1' } }), client),
		).rejects.toMatchObject({
			message: '"5000a1" is not a ledger receipt ID or a list of IDs',
			description: expect.stringContaining('Separate several with commas'),
		});
		const many = Array.from({ length: 201 }, (_, k) => String(k + 1)).join(',');
		await expect(
			run(op, fakeContext({ params: { ledgerReceiptId: many } }), client),
		).rejects.toMatchObject({
			message: 'Procountor returns at most 200 receipts at a time; got 201 IDs',
		});
		expect(client.request).not.toHaveBeenCalled();
	});

	it('a missing receipt fails its item; Continue On Fail goes on with the next', async () => {
		const client = stubProcountor({
			'GET /ledgerreceipts/1': () => {
				throw procountorApiError(404, 'Ledger receipt not found');
			},
			'GET /ledgerreceipts/2': { id: 2 },
		});
		const params = (i: number) => ({ ledgerReceiptId: String(i + 1) });
		await expect(
			run(op, fakeContext({ items: inputs({}, {}), params }), client),
		).rejects.toMatchObject({ context: { itemIndex: 0 } });
		const out = await run(
			op,
			fakeContext({ items: inputs({}, {}), params, continueOnFail: true }),
			client,
		);
		expect(out).toEqual([
			{ json: { error: 'Procountor: Ledger receipt not found' }, pairedItem: { item: 0 } },
			{ json: { id: 2 }, pairedItem: { item: 1 } },
		]);
		expect(pairing(out)).toEqual([{ item: 0 }, { item: 1 }]);
	});
});
