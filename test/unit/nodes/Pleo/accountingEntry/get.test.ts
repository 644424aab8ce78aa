// Accounting Entry › Get against a stub PleoClient.
import * as op from '../../../../../nodes/Pleo/actions/accountingEntry/get.operation';
import { fakeContext, inputs, pairing, pleoApiErrorOf, run, stubPleo } from '../../stubs';

describe('Pleo › Accounting Entry › Get', () => {
	it("reads each item's entry (trimmed) and unwraps the data envelope", async () => {
		const client = stubPleo({
			'GET /v1/accounting-entries/ae-1': { data: { id: 'ae-1' } },
			'GET /v1/accounting-entries/ae-2': { data: { id: 'ae-2' } },
		});
		const ctx = fakeContext({
			items: inputs({}, {}),
			params: (i) => ({ accountingEntryId: ` ae-${i + 1} ` }),
		});
		const out = await run(op, ctx, client);
		expect(out.map((o) => o.json.id)).toEqual(['ae-1', 'ae-2']);
		expect(pairing(out)).toEqual([{ item: 0 }, { item: 1 }]);
	});

	it('errors fail the item, or become error items with Continue On Fail', async () => {
		const client = stubPleo({
			'GET /v1/accounting-entries/x': () => {
				throw pleoApiErrorOf(404, 'not found', 'NOT_FOUND');
			},
		});
		const params = { accountingEntryId: 'x' };
		await expect(run(op, fakeContext({ params }), client)).rejects.toMatchObject({
			context: { itemIndex: 0 },
		});
		expect(await run(op, fakeContext({ params, continueOnFail: true }), client)).toEqual([
			{ json: { error: 'Pleo API error 404 – NOT_FOUND: not found' }, pairedItem: { item: 0 } },
		]);
	});
});
