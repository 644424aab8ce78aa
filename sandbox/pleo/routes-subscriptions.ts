// Pleo sandbox routes: Webhook subscriptions. Registered into the route table of router.ts.
import type { PleoCore } from './core';
import { asObject, paginate, queryList, str, strArray, type Obj } from './http-util';
import { ID, route, ok, wrap, WEBHOOK_EVENT_TYPES, metadataOf } from './router';
import type { Subscription } from './state';
import { PleoApiError, iso } from './util';
import { newWebhookSecret } from './webhooks';

// ---------- subscriptions ----------

function subscription(core: PleoCore, id: string): Subscription {
	const s = core.state.subscriptions.get(id);
	if (!s) throw new PleoApiError(404, 'SUBSCRIPTION_NOT_FOUND', `subscription ${id} not found`);
	return s;
}

function subscriptionView(s: Subscription): Record<string, unknown> {
	const { secretKey: _secret, ...rest } = s;
	return rest;
}

function subscriptionInput(
	body: Obj,
): Pick<Subscription, 'endpointUrl' | 'eventTypes' | 'customHeaders' | 'endpointAuth' | 'status'> {
	const endpointUrl = str(body, 'endpointUrl', { required: true, max: 2048 })!;
	try {
		const u = new URL(endpointUrl);
		if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new Error('protocol');
	} catch {
		throw new PleoApiError(400, 'INVALID_REQUEST_BODY', 'endpointUrl must be an http(s) URL');
	}
	const eventTypes = strArray(body, 'eventTypes');
	if (!eventTypes || eventTypes.length === 0)
		throw new PleoApiError(400, 'INVALID_REQUEST_BODY', 'eventTypes must not be empty');
	const unknown = eventTypes.filter((t) => !WEBHOOK_EVENT_TYPES.includes(t));
	if (unknown.length > 0)
		throw new PleoApiError(400, 'INVALID_EVENT_TYPE', `unknown event types: ${unknown.join(', ')}`);
	const customHeaders = metadataOf({ metadata: body.customHeaders }) ?? {};
	const authRaw = body.endpointAuth;
	let endpointAuth: Subscription['endpointAuth'] = { type: 'NONE' };
	if (authRaw != null) {
		const a = asObject(authRaw, 'endpointAuth');
		const type = a.type ?? 'NONE';
		if (type !== 'NONE' && type !== 'BASIC')
			throw new PleoApiError(
				400,
				'INVALID_REQUEST_BODY',
				'endpointAuth.type must be NONE or BASIC',
			);
		endpointAuth = {
			type,
			credentials: (a.credentials as Subscription['endpointAuth']['credentials']) ?? undefined,
		};
	}
	const status = body.status ?? 'ACTIVE';
	if (status !== 'ACTIVE' && status !== 'INACTIVE')
		throw new PleoApiError(400, 'INVALID_REQUEST_BODY', 'status must be ACTIVE or INACTIVE');
	return { endpointUrl, eventTypes, customHeaders, endpointAuth, status };
}

route('GET', '/v1/subscriptions', (core, req) => {
	const statuses = queryList(req.query, 'status');
	const types = queryList(req.query, 'event_types');
	const list = [...core.state.subscriptions.values()]
		.filter(
			(s) =>
				(statuses.length === 0 || statuses.includes(s.status)) &&
				(types.length === 0 || s.eventTypes.some((t) => types.includes(t))),
		)
		.map(subscriptionView);
	return ok(paginate(list, req.query, 20));
});

route('POST', '/v1/subscriptions', (core, req) => {
	const input = subscriptionInput(asObject(req.body));
	const now = iso(core.now());
	const s: Subscription = {
		id: core.nextId('subscription'),
		...input,
		secretKey: newWebhookSecret(),
		createdAt: now,
		updatedAt: now,
		deletedAt: null,
		deletedBy: null,
	};
	core.state.subscriptions.set(s.id, s);
	return wrap(subscriptionView(s));
});

route('GET', `/v1/subscriptions/${ID}`, (core, _req, [id]) =>
	wrap(subscriptionView(subscription(core, id))),
);

route('PUT', `/v1/subscriptions/${ID}`, (core, req, [id]) => {
	const s = subscription(core, id);
	Object.assign(s, subscriptionInput(asObject(req.body)), { updatedAt: iso(core.now()) });
	return wrap(subscriptionView(s));
});

route('DELETE', `/v1/subscriptions/${ID}`, (core, _req, [id]) => {
	subscription(core, id);
	core.state.subscriptions.delete(id);
	return { status: 204 };
});

route('GET', `/v1/subscriptions/${ID}/secret`, (core, _req, [id]) =>
	wrap({ secretKey: subscription(core, id).secretKey }),
);
