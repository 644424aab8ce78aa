// Tag Group › Delete against a stub PleoClient.
import * as op from '../../../../../nodes/Pleo/actions/tagGroup/delete.operation';
import { fakeContext, inputs, pairing, pleoApiErrorOf, rl, run, stubPleo } from '../../stubs';

describe('Pleo › Tag Group › Delete', () => {
	it('DELETEs each located group and says so', async () => {
		const client = stubPleo({
			'DELETE /v0/tag-groups/g1': undefined,
			'DELETE /v0/tag-groups/g2': '',
		});
		const ctx = fakeContext({
			items: inputs({}, {}),
			params: (i) => ({ tagGroupId: rl(`g${i + 1}`) }),
		});
		const out = await run(op, ctx, client);
		expect(out.map((o) => o.json)).toEqual([
			{ id: 'g1', deleted: true },
			{ id: 'g2', deleted: true },
		]);
		expect(pairing(out)).toEqual([{ item: 0 }, { item: 1 }]);
	});

	it('errors fail the item, or become error items with Continue On Fail', async () => {
		const client = stubPleo({
			'DELETE /v0/tag-groups/g1': () => {
				throw pleoApiErrorOf(409, 'group has tags', 'CONFLICT');
			},
		});
		const params = { tagGroupId: rl('g1') };
		await expect(run(op, fakeContext({ params }), client)).rejects.toMatchObject({
			context: { itemIndex: 0 },
		});
		expect(await run(op, fakeContext({ params, continueOnFail: true }), client)).toEqual([
			{ json: { error: 'Pleo API error 409 – CONFLICT: group has tags' }, pairedItem: { item: 0 } },
		]);
	});
});
