// Webhook Subscription › Get Many in n8n-core's engine against the Pleo sandbox.
import { subscribe, usePleoEngine } from '../../helpers/pleo';

const env = usePleoEngine();

test('Get Many, with the endpoint URL and event filters', async () => {
	const mine = await subscribe(env.sb, 'https://n8n.example.com/webhook/abc/webhook', [
		'v1.export-job.created',
	]);
	await subscribe(env.sb, 'https://other.example.com/hook', ['v1.vendor.created']);

	const all = await env.runNode({
		resource: 'webhookSubscription',
		operation: 'getAll',
		returnAll: true,
	});
	expect(all.json('Pleo')).toHaveLength(2);
	const byUrl = await env.runNode({
		resource: 'webhookSubscription',
		operation: 'getAll',
		returnAll: true,
		filters: { endpointUrl: 'https://n8n.example.com/webhook/' },
	});
	expect(byUrl.json('Pleo').map((s) => s.id)).toEqual([mine]);
	const byEvent = await env.runNode({
		resource: 'webhookSubscription',
		operation: 'getAll',
		returnAll: true,
		filters: { eventTypes: ['v1.vendor.created'] },
	});
	expect(byEvent.json('Pleo').map((s) => s.endpointUrl)).toEqual([
		'https://other.example.com/hook',
	]);
});
