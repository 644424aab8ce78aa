import type { IDataObject, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { EVENT_EXPORT_JOB_CREATED, EVENT_VENDOR_CREATED } from '../../core/constants';
import { perItem } from '../../../shared/perItem';
import { getLimit, returnAllOrLimit, takeLimit } from '../../../shared/returnAllOrLimit';
import { choices, collection } from '../../../shared/descriptions';
import type { PleoClient } from '../../transport';

const properties: INodeProperties[] = [
	...returnAllOrLimit(),
	collection('filters', [
		{
			displayName: 'Endpoint URL',
			name: 'endpointUrl',
			type: 'string',
			default: '',
			placeholder: 'e.g. https://n8n.example.com/webhook/',
			description:
				"Only subscriptions whose endpoint URL starts with this, such as a Pleo Trigger's production URL",
		},
		{
			displayName: 'Event Types',
			name: 'eventTypes',
			type: 'multiOptions',
			options: [
				{ name: 'Export Job Created', value: EVENT_EXPORT_JOB_CREATED },
				{ name: 'Vendor Created', value: EVENT_VENDOR_CREATED },
			],
			default: [],
			description: 'Only subscriptions that listen to one of these events',
		},
		{
			displayName: 'Status',
			name: 'status',
			type: 'options',
			options: choices({ ACTIVE: 'Active', INACTIVE: 'Inactive' }),
			default: 'ACTIVE',
		},
	]),
];

const displayOptions = { show: { resource: ['webhookSubscription'], operation: ['getAll'] } };

export const description = updateDisplayOptions(displayOptions, properties);

export const execute = perItem(async function (client: PleoClient, i) {
	const filters = this.getNodeParameter('filters', i, {}) as IDataObject;
	const limit = getLimit.call(this, i);
	const qs: IDataObject = {};
	if (filters.status) qs.status = filters.status;
	const eventTypes = (filters.eventTypes as string[] | undefined) ?? [];
	if (eventTypes.length) qs.event_types = eventTypes;
	const prefix = String(filters.endpointUrl ?? '').trim();
	// the URL filter is applied here (Pleo has none), so page through all before limiting
	const all = await client.getAllPages('GET', '/v1/subscriptions', {
		qs,
		limit: prefix ? undefined : limit,
	});
	const matching = prefix ? all.filter((s) => String(s.endpointUrl ?? '').startsWith(prefix)) : all;
	return takeLimit(matching, limit);
});
