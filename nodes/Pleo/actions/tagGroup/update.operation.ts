import type { IDataObject, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { collection } from '../../../shared/descriptions';
import { archivedField, tagGroupLocator } from '../../helpers/descriptions';
import { perItem } from '../../../shared/perItem';
import { getLocatorValue, parseMetadata, unwrap } from '../../helpers/utils';
import type { PleoClient } from '../../transport';

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

export const execute = perItem(async function (client: PleoClient, i) {
	const id = getLocatorValue.call(this, 'tagGroupId', i);
	const fields = this.getNodeParameter('updateFields', i, {}) as IDataObject;
	const path = `/v0/tag-groups/${encodeURIComponent(id)}`;
	// PUT replaces the whole group: start from the current one
	const current = unwrap(await client.request('GET', path));
	const body: IDataObject = {
		name: fields.name ?? current.name,
		code: fields.code ?? current.code,
		archived: fields.archived ?? current.archived ?? false,
		metadata: parseMetadata.call(this, fields.metadata, i) ?? current.metadata ?? {},
	};
	return unwrap(await client.request('PUT', path, { body }));
});
