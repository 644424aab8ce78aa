import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { collection, returnAllAndLimit, tagGroupLocator } from '../../helpers/descriptions';
import { forEachLocated, getLimit } from '../../helpers/utils';
import { pleoApiRequestAllItems } from '../../transport';

const properties: INodeProperties[] = [
	tagGroupLocator,
	...returnAllAndLimit(),
	collection('options', [
		{
			displayName: 'Include Archived',
			name: 'includeArchived',
			type: 'boolean',
			default: false,
			description: 'Whether to include archived tags',
		},
		{
			displayName: 'Page Size',
			name: 'pageSize',
			type: 'number',
			typeOptions: { minValue: 1, maxValue: 100 },
			default: 100,
			description: 'Tags fetched per request',
		},
	]),
];

const displayOptions = { show: { resource: ['tag'], operation: ['getAll'] } };

export const description = updateDisplayOptions(displayOptions, properties);

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	return await forEachLocated.call(this, items, 'tagGroupId', async (groupId, i) => {
		const options = this.getNodeParameter('options', i, {}) as IDataObject;
		const limit = getLimit.call(this, i);
		return await pleoApiRequestAllItems.call(
			this,
			'GET',
			`/v0/tag-groups/${encodeURIComponent(groupId)}/tags`,
			{
				qs: { include_archived: options.includeArchived === true },
				limit,
				pageSize: (options.pageSize as number | undefined) ?? 100,
			},
		);
	});
}
