// Webhook Subscription › Get in n8n-core's engine against the Pleo sandbox.
import { byId, subscribe, usePleoEngine } from '../../helpers/pleo';

const env = usePleoEngine();

test('Get a subscription; its secret is never output', async () => {
	const mine = await subscribe(env.sb, 'https://n8n.example.com/webhook/abc/webhook', [
		'v1.export-job.created',
	]);
	const got = await env.runNode({
		resource: 'webhookSubscription',
		operation: 'get',
		subscriptionId: byId(mine),
	});
	expect(got.json('Pleo')[0]).toMatchObject({
		id: mine,
		endpointUrl: 'https://n8n.example.com/webhook/abc/webhook',
		status: 'ACTIVE',
	});
	expect(JSON.stringify(got.json('Pleo'))).not.toContain('whsec_');
});
