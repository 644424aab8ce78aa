// Webhook Subscription › Get against a stub PleoClient.
import * as op from '../../../../../nodes/Pleo/actions/webhookSubscription/get.operation';
import { fakeContext, inputs, pairing, pleoApiErrorOf, rl, run, stubPleo } from '../../stubs';

describe('Pleo › Webhook Subscription › Get', () => {
	it('reads the located subscription of each item', async () => {
		const client = stubPleo({
			'GET /v1/subscriptions/s1': { data: { id: 's1', status: 'ACTIVE' } },
			'GET /v1/subscriptions/s2': { data: { id: 's2', status: 'INACTIVE' } },
		});
		const ctx = fakeContext({
			items: inputs({}, {}),
			params: (i) => ({ subscriptionId: rl(`s${i + 1}`) }),
		});
		const out = await run(op, ctx, client);
		expect(out.map((o) => o.json.status)).toEqual(['ACTIVE', 'INACTIVE']);
		expect(pairing(out)).toEqual([{ item: 0 }, { item: 1 }]);
	});

	it('errors fail the item, or become error items with Continue On Fail', async () => {
		const client = stubPleo({
			'GET /v1/subscriptions/sx': () => {
				throw pleoApiErrorOf(404, 'not found', 'NOT_FOUND');
			},
		});
		const params = { subscriptionId: rl('sx') };
		await expect(run(op, fakeContext({ params }), client)).rejects.toMatchObject({
			context: { itemIndex: 0 },
		});
		expect(await run(op, fakeContext({ params, continueOnFail: true }), client)).toEqual([
			{ json: { error: 'Pleo API error 404 – NOT_FOUND: not found' }, pairedItem: { item: 0 } },
		]);
	});
});
