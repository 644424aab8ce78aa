import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { subscriptionLocator } from '../../helpers/descriptions';
import { forEachLocated, unwrap } from '../../helpers/utils';
import { pleoApiRequest } from '../../transport';

const properties: INodeProperties[] = [subscriptionLocator];

const displayOptions = { show: { resource: ['webhookSubscription'], operation: ['get'] } };

export const description = updateDisplayOptions(displayOptions, properties);

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	return await forEachLocated.call(this, items, 'subscriptionId', async (id) => {
		return unwrap(
			await pleoApiRequest.call(this, 'GET', `/v1/subscriptions/${encodeURIComponent(id)}`),
		);
	});
}
