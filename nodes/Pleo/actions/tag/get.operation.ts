import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { forEachItem, unwrap } from '../../helpers/utils';
import { pleoApiRequest } from '../../transport';

const properties: INodeProperties[] = [
	{
		displayName: 'Tag ID',
		name: 'tagId',
		type: 'string',
		default: '',
		required: true,
	},
];

const displayOptions = { show: { resource: ['tag'], operation: ['get'] } };

export const description = updateDisplayOptions(displayOptions, properties);

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	return await forEachItem.call(this, items, async (i) => {
		const id = (this.getNodeParameter('tagId', i) as string).trim();
		return unwrap(await pleoApiRequest.call(this, 'GET', `/v0/tags/${encodeURIComponent(id)}`));
	});
}
