// Webhook Subscription › Delete in n8n-core's engine against the Pleo sandbox.
import { byId, subscribe, usePleoEngine } from '../../helpers/pleo';

const env = usePleoEngine();

test('Delete removes the subscription from Pleo; Get of it is then a 404', async () => {
	const mine = await subscribe(env.sb, 'https://n8n.example.com/webhook/abc/webhook', [
		'v1.export-job.created',
	]);
	const deleted = await env.runNode({
		resource: 'webhookSubscription',
		operation: 'delete',
		subscriptionId: byId(mine),
	});
	expect(deleted.json('Pleo')).toEqual([{ id: mine, deleted: true }]);
	expect(env.sb.state.subscriptions.has(mine)).toBe(false);

	const missing = await env.runNode({
		resource: 'webhookSubscription',
		operation: 'get',
		subscriptionId: byId(mine),
	});
	expect(missing.error?.message).toMatch(/404/);
});
