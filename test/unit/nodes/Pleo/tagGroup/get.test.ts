// Tag Group › Get against a stub PleoClient.
import * as op from '../../../../../nodes/Pleo/actions/tagGroup/get.operation';
import { fakeContext, inputs, pairing, pleoApiErrorOf, rl, run, stubPleo } from '../../stubs';

describe('Pleo › Tag Group › Get', () => {
	it('reads the located group of each item', async () => {
		const client = stubPleo({
			'GET /v0/tag-groups/g1': { data: { id: 'g1' } },
			'GET /v0/tag-groups/g2': { data: { id: 'g2' } },
		});
		const ctx = fakeContext({
			items: inputs({}, {}),
			params: (i) => ({ tagGroupId: rl(i === 0 ? 'g1' : ' g2 ', i === 0 ? 'list' : 'id') }),
		});
		const out = await run(op, ctx, client);
		expect(out.map((o) => o.json.id)).toEqual(['g1', 'g2']);
		expect(pairing(out)).toEqual([{ item: 0 }, { item: 1 }]);
	});

	it('errors fail the item, or become error items with Continue On Fail', async () => {
		const client = stubPleo({
			'GET /v0/tag-groups/gx': () => {
				throw pleoApiErrorOf(404, 'not found', 'NOT_FOUND');
			},
		});
		const params = { tagGroupId: rl('gx') };
		await expect(run(op, fakeContext({ params }), client)).rejects.toMatchObject({
			context: { itemIndex: 0 },
		});
		expect(await run(op, fakeContext({ params, continueOnFail: true }), client)).toEqual([
			{ json: { error: 'Pleo API error 404 – NOT_FOUND: not found' }, pairedItem: { item: 0 } },
		]);
	});
});
