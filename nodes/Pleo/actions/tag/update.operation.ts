import type { IDataObject, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { collection } from '../../../shared/descriptions';
import { archivedField, tagIdField } from '../../helpers/descriptions';
import { perItem } from '../../../shared/perItem';
import { unwrap } from '../../helpers/utils';
import type { PleoClient } from '../../transport';

const properties: INodeProperties[] = [
	tagIdField,
	collection('updateFields', [
		archivedField('Whether the tag is archived (hidden from users)'),
		{ displayName: 'Code', name: 'code', type: 'string', default: '' },
		{ displayName: 'Name', name: 'name', type: 'string', default: '' },
	]),
];

const displayOptions = { show: { resource: ['tag'], operation: ['update'] } };

export const description = updateDisplayOptions(displayOptions, properties);

export const execute = perItem(async function (client: PleoClient, i) {
	const id = (this.getNodeParameter('tagId', i) as string).trim();
	const fields = this.getNodeParameter('updateFields', i, {}) as IDataObject;
	const path = `/v0/tags/${encodeURIComponent(id)}`;
	// PUT replaces the tag: start from the current one
	const current = unwrap(await client.request('GET', path));
	const body: IDataObject = {
		code: fields.code ?? current.code,
		name: fields.name ?? current.name ?? null,
		archived: fields.archived ?? current.archived ?? false,
	};
	return unwrap(await client.request('PUT', path, { body }));
});
