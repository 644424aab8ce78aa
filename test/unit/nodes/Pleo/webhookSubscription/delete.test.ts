// Webhook Subscription › Delete against a stub PleoClient.
import * as op from '../../../../../nodes/Pleo/actions/webhookSubscription/delete.operation';
import { fakeContext, inputs, pairing, pleoApiErrorOf, rl, run, stubPleo } from '../../stubs';

describe('Pleo › Webhook Subscription › Delete', () => {
	it('DELETEs each located subscription and says so', async () => {
		const client = stubPleo({
			'DELETE /v1/subscriptions/s1': undefined,
			'DELETE /v1/subscriptions/s2': undefined,
		});
		const ctx = fakeContext({
			items: inputs({}, {}),
			params: (i) => ({ subscriptionId: rl(`s${i + 1}`) }),
		});
		const out = await run(op, ctx, client);
		expect(out.map((o) => o.json)).toEqual([
			{ id: 's1', deleted: true },
			{ id: 's2', deleted: true },
		]);
		expect(pairing(out)).toEqual([{ item: 0 }, { item: 1 }]);
	});

	it('errors fail the item, or become error items with Continue On Fail', async () => {
		const client = stubPleo({
			'DELETE /v1/subscriptions/s1': () => {
				throw pleoApiErrorOf(404, 'not found', 'NOT_FOUND');
			},
		});
		const params = { subscriptionId: rl('s1') };
		await expect(run(op, fakeContext({ params }), client)).rejects.toMatchObject({
			context: { itemIndex: 0 },
		});
		expect(await run(op, fakeContext({ params, continueOnFail: true }), client)).toEqual([
			{ json: { error: 'Pleo API error 404 – NOT_FOUND: not found' }, pairedItem: { item: 0 } },
		]);
	});
});
