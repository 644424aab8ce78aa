// Webhook Subscription › Get Many against a stub PleoClient: Pleo filters by status and event,
// the node by endpoint URL prefix (after reading every page), then the limit.
import * as op from '../../../../../nodes/Pleo/actions/webhookSubscription/getAll.operation';
import { fakeContext, pleoApiErrorOf, run, stubPleo } from '../../stubs';

const SUBS = [
	{ id: 's1', endpointUrl: 'https://n8n.example.com/webhook/a' },
	{ id: 's2', endpointUrl: 'https://other.example.com/hook' },
	{ id: 's3', endpointUrl: 'https://n8n.example.com/webhook/b' },
	{ id: 's4', endpointUrl: 'https://n8n.example.com/webhook/c' },
];

describe('Pleo › Webhook Subscription › Get Many', () => {
	it('status and event types go to Pleo; the limit goes to the pager when there is no URL filter', async () => {
		const client = stubPleo({ 'GET /v1/subscriptions': SUBS });
		const ctx = fakeContext({
			params: {
				returnAll: false,
				limit: 2,
				filters: { status: 'ACTIVE', eventTypes: ['v1.export-job.created'] },
			},
		});
		const out = await run(op, ctx, client);
		expect(client.getAllPages).toHaveBeenCalledWith('GET', '/v1/subscriptions', {
			qs: { status: 'ACTIVE', event_types: ['v1.export-job.created'] },
			limit: 2,
		});
		expect(out.map((o) => o.json.id)).toEqual(['s1', 's2']);
	});

	it('Endpoint URL: reads all pages, keeps the matching ones, then applies the limit', async () => {
		const client = stubPleo({ 'GET /v1/subscriptions': SUBS });
		const ctx = fakeContext({
			params: {
				returnAll: false,
				limit: 2,
				filters: { endpointUrl: ' https://n8n.example.com/ ' },
			},
		});
		const out = await run(op, ctx, client);
		expect(client.getAllPages.mock.calls[0][2]).toEqual({ qs: {}, limit: undefined });
		expect(out.map((o) => [o.json.id, o.pairedItem])).toEqual([
			['s1', { item: 0 }],
			['s3', { item: 0 }],
		]);
	});

	it('errors fail the item, or become error items with Continue On Fail', async () => {
		const client = stubPleo({
			'GET /v1/subscriptions': () => {
				throw pleoApiErrorOf(403, 'no access', 'FORBIDDEN');
			},
		});
		const params = { returnAll: true, filters: {} };
		await expect(run(op, fakeContext({ params }), client)).rejects.toMatchObject({
			context: { itemIndex: 0 },
		});
		expect(await run(op, fakeContext({ params, continueOnFail: true }), client)).toEqual([
			{ json: { error: 'Pleo API error 403 – FORBIDDEN: no access' }, pairedItem: { item: 0 } },
		]);
	});
});
