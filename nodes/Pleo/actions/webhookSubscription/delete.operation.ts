import type { INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { subscriptionLocator } from '../../helpers/descriptions';
import { perItem } from '../../../shared/perItem';
import { getLocatorValue } from '../../helpers/utils';
import type { PleoClient } from '../../transport';

const properties: INodeProperties[] = [
	{
		displayName:
			"A subscription made by a Pleo Trigger is removed by unpublishing its workflow. Delete one here only when no workflow owns it any more; deleting a published trigger's subscription stops its deliveries until the workflow is unpublished and published again.",
		name: 'deleteNotice',
		type: 'notice',
		default: '',
	},
	subscriptionLocator,
];

const displayOptions = { show: { resource: ['webhookSubscription'], operation: ['delete'] } };

export const description = updateDisplayOptions(displayOptions, properties);

export const execute = perItem(async function (client: PleoClient, i) {
	const id = getLocatorValue.call(this, 'subscriptionId', i);
	await client.request('DELETE', `/v1/subscriptions/${encodeURIComponent(id)}`);
	return { id, deleted: true };
});
