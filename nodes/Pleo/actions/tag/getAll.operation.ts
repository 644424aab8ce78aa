import type { IDataObject, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { perItem } from '../../../shared/perItem';
import { getLimit, returnAllOrLimit } from '../../../shared/returnAllOrLimit';
import { collection } from '../../../shared/descriptions';
import { tagGroupLocator } from '../../helpers/descriptions';
import { getLocatorValue } from '../../helpers/utils';
import type { PleoClient } from '../../transport';

const properties: INodeProperties[] = [
	tagGroupLocator,
	...returnAllOrLimit(),
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

export const execute = perItem(async function (client: PleoClient, i) {
	const groupId = getLocatorValue.call(this, 'tagGroupId', i);
	const options = this.getNodeParameter('options', i, {}) as IDataObject;
	const limit = getLimit.call(this, i);
	return await client.getAllPages('GET', `/v0/tag-groups/${encodeURIComponent(groupId)}/tags`, {
		qs: { include_archived: options.includeArchived === true },
		limit,
		pageSize: (options.pageSize as number | undefined) ?? 100,
	});
});
