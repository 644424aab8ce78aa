import type { IDataObject, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { collection } from '../../../shared/descriptions';
import { archivedField, tagGroupLocator } from '../../helpers/descriptions';
import { perItem } from '../../../shared/perItem';
import { getLocatorValue, unwrap } from '../../helpers/utils';
import type { PleoClient } from '../../transport';

const properties: INodeProperties[] = [
	tagGroupLocator,
	{
		displayName: 'Code',
		name: 'code',
		type: 'string',
		default: '',
		required: true,
		description: 'The key in the accounting system (unique in the group, case-insensitively)',
	},
	collection('additionalFields', [
		archivedField('Whether the tag is archived (hidden from users)'),
		{ displayName: 'Name', name: 'name', type: 'string', default: '' },
	]),
];

const displayOptions = { show: { resource: ['tag'], operation: ['create'] } };

export const description = updateDisplayOptions(displayOptions, properties);

export const execute = perItem(async function (client: PleoClient, i) {
	const groupId = getLocatorValue.call(this, 'tagGroupId', i);
	const fields = this.getNodeParameter('additionalFields', i, {}) as IDataObject;
	const body: IDataObject = {
		code: this.getNodeParameter('code', i) as string,
		archived: fields.archived === true,
	};
	if (typeof fields.name === 'string' && fields.name) body.name = fields.name;
	return unwrap(
		await client.request('POST', `/v0/tag-groups/${encodeURIComponent(groupId)}/tags`, { body }),
	);
});
