import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { subscriptionLocator } from '../../helpers/descriptions';
import { forEachLocated } from '../../helpers/utils';
import { pleoApiRequest } from '../../transport';

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

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	return await forEachLocated.call(this, items, 'subscriptionId', async (id) => {
		await pleoApiRequest.call(this, 'DELETE', `/v1/subscriptions/${encodeURIComponent(id)}`);
		return { id, deleted: true };
	});
}
