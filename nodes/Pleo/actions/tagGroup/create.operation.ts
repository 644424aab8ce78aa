import type { IDataObject, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { collection } from '../../../shared/descriptions';
import { archivedField } from '../../helpers/descriptions';
import { perItem } from '../../../shared/perItem';
import { parseMetadata, unwrap } from '../../helpers/utils';
import type { PleoClient } from '../../transport';

const properties: INodeProperties[] = [
	{
		displayName: 'Name',
		name: 'name',
		type: 'string',
		default: '',
		required: true,
	},
	{
		displayName: 'Code',
		name: 'code',
		type: 'string',
		default: '',
		required: true,
		description: 'The key in the accounting system (matched case-insensitively)',
	},
	collection('additionalFields', [
		archivedField('Whether the group is archived (hidden from users)'),
		{
			displayName: 'Company ID',
			name: 'companyId',
			type: 'string',
			default: '',
			description: "Overrides the credential's company ID",
		},
		{
			displayName: 'Metadata (JSON)',
			name: 'metadata',
			type: 'json',
			default: '{}',
			description: 'String key/value pairs, e.g. external IDs',
		},
	]),
];

const displayOptions = { show: { resource: ['tagGroup'], operation: ['create'] } };

export const description = updateDisplayOptions(displayOptions, properties);

export const execute = perItem(async function (client: PleoClient, i) {
	const fields = this.getNodeParameter('additionalFields', i, {}) as IDataObject;
	const companyId = await client.companyId(fields.companyId as string | undefined);
	const body: IDataObject = {
		name: this.getNodeParameter('name', i) as string,
		code: this.getNodeParameter('code', i) as string,
		archived: fields.archived === true,
	};
	const metadata = parseMetadata.call(this, fields.metadata, i);
	if (metadata) body.metadata = metadata;
	const response = await client.request('POST', '/v0/tag-groups', {
		qs: { company_id: companyId },
		body,
	});
	return unwrap(response);
});
