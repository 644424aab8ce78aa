import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { forEachItem, unwrap } from '../../helpers/utils';
import { pleoApiRequest } from '../../transport';

const properties: INodeProperties[] = [
	{
		displayName: 'Accounting Entry ID',
		name: 'accountingEntryId',
		type: 'string',
		default: '',
		required: true,
	},
];

const displayOptions = { show: { resource: ['accountingEntry'], operation: ['get'] } };

export const description = updateDisplayOptions(displayOptions, properties);

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	return await forEachItem.call(this, items, async (i) => {
		const id = (this.getNodeParameter('accountingEntryId', i) as string).trim();
		return unwrap(
			await pleoApiRequest.call(this, 'GET', `/v1/accounting-entries/${encodeURIComponent(id)}`),
		);
	});
}
