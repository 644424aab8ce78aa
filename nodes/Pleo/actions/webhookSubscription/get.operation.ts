import type { INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { subscriptionLocator } from '../../helpers/descriptions';
import { perItem } from '../../../shared/perItem';
import { getLocatorValue, unwrap } from '../../helpers/utils';
import type { PleoClient } from '../../transport';

const properties: INodeProperties[] = [subscriptionLocator];

const displayOptions = { show: { resource: ['webhookSubscription'], operation: ['get'] } };

export const description = updateDisplayOptions(displayOptions, properties);

export const execute = perItem(async function (client: PleoClient, i) {
	const id = getLocatorValue.call(this, 'subscriptionId', i);
	return unwrap(await client.request('GET', `/v1/subscriptions/${encodeURIComponent(id)}`));
});
