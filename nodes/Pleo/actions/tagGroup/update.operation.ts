import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { archivedField, collection, tagGroupLocator } from '../../helpers/descriptions';
import { forEachLocated, parseMetadata, unwrap } from '../../helpers/utils';
import { pleoApiRequest } from '../../transport';

const properties: INodeProperties[] = [
	tagGroupLocator,
	collection('updateFields', [
		archivedField('Whether the group is archived (hidden from users)'),
		{ displayName: 'Code', name: 'code', type: 'string', default: '' },
		{
			displayName: 'Metadata (JSON)',
			name: 'metadata',
			type: 'json',
			default: '{}',
			description: 'Replaces the metadata',
		},
		{ displayName: 'Name', name: 'name', type: 'string', default: '' },
	]),
];

const displayOptions = { show: { resource: ['tagGroup'], operation: ['update'] } };

export const description = updateDisplayOptions(displayOptions, properties);

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	return await forEachLocated.call(this, items, 'tagGroupId', async (id, i) => {
		const fields = this.getNodeParameter('updateFields', i, {}) as IDataObject;
		const path = `/v0/tag-groups/${encodeURIComponent(id)}`;
		// PUT replaces the whole group: start from the current one
		const current = unwrap(await pleoApiRequest.call(this, 'GET', path));
		const body: IDataObject = {
			name: fields.name ?? current.name,
			code: fields.code ?? current.code,
			archived: fields.archived ?? current.archived ?? false,
			metadata: parseMetadata.call(this, fields.metadata, i) ?? current.metadata ?? {},
		};
		return unwrap(await pleoApiRequest.call(this, 'PUT', path, { body }));
	});
}
