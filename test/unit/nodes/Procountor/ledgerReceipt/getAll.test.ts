// Ledger Receipt › Get Many against a stub Procountor client (paging is the client's getAllPages).
import * as op from '../../../../../nodes/Procountor/actions/ledgerReceipt/getAll.operation';
import { fakeContext, inputs, pairing, procountorApiError, run, stubProcountor } from '../../stubs';

const RECEIPTS = Array.from({ length: 5 }, (_, k) => ({ id: 100 + k }));

describe('Procountor › Ledger Receipt › Get Many', () => {
	it('turns the filters into the query: days, date-times, status and types', async () => {
		const client = stubProcountor({ 'GET /ledgerreceipts': RECEIPTS });
		const ctx = fakeContext({
			params: {
				returnAll: true,
				filters: {
					startDate: '2026-03-01T00:00:00.000+02:00',
					endDate: '2026-03-31T00:00:00',
					createdStartDate: '2026-03-01T08:30:15.123Z',
					createdEndDate: '2026-03-02T08:30:15',
					status: 'APPROVED',
					types: ['JOURNAL', 'PURCHASE_INVOICE'],
				},
			},
		});
		const out = await run(op, ctx, client);
		expect(client.getAllPages).toHaveBeenCalledWith(
			'/ledgerreceipts',
			{
				startDate: '2026-03-01',
				endDate: '2026-03-31',
				createdStartDate: '2026-03-01T08:30:15',
				createdEndDate: '2026-03-02T08:30:15',
				status: 'APPROVED',
				types: 'JOURNAL,PURCHASE_INVOICE',
			},
			undefined,
		);
		expect(out).toHaveLength(5);
		expect(pairing(out)).toEqual(Array(5).fill({ item: 0 }));
	});

	it('Return All off: the limit goes to the pager; empty filters send no query', async () => {
		const client = stubProcountor({ 'GET /ledgerreceipts': RECEIPTS });
		const ctx = fakeContext({
			items: inputs({}, {}),
			params: (i) => ({ returnAll: false, limit: i === 0 ? 2 : 3, filters: { types: [] } }),
		});
		const out = await run(op, ctx, client);
		expect(client.getAllPages).toHaveBeenNthCalledWith(1, '/ledgerreceipts', {}, 2);
		expect(client.getAllPages).toHaveBeenNthCalledWith(2, '/ledgerreceipts', {}, 3);
		expect(out.map((o) => [o.json.id, o.pairedItem])).toEqual([
			[100, { item: 0 }],
			[101, { item: 0 }],
			[100, { item: 1 }],
			[101, { item: 1 }],
			[102, { item: 1 }],
		]);
	});

	it('errors carry the item index; Continue On Fail makes them error items', async () => {
		const client = stubProcountor({
			'GET /ledgerreceipts': () => {
				throw procountorApiError(400, 'Invalid date', 'startDate');
			},
		});
		const params = { returnAll: true, filters: { startDate: '2026-13-01' } };
		await expect(run(op, fakeContext({ params }), client)).rejects.toMatchObject({
			context: { itemIndex: 0 },
		});
		expect(await run(op, fakeContext({ params, continueOnFail: true }), client)).toEqual([
			{ json: { error: 'Procountor: startDate: Invalid date' }, pairedItem: { item: 0 } },
		]);
	});
});
