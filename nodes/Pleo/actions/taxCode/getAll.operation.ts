import type { IDataObject, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { perItem } from '../../../shared/perItem';
import { getLimit, returnAllOrLimit } from '../../../shared/returnAllOrLimit';
import { collection } from '../../../shared/descriptions';
import { archivedField, taxTypeOptions } from '../../helpers/descriptions';
import type { PleoClient } from '../../transport';

const properties: INodeProperties[] = [
	...returnAllOrLimit(),
	collection('filters', [
		archivedField('Whether to return only archived (true) or only active (false) tax codes'),
		{ displayName: 'Code', name: 'code', type: 'string', default: '' },
		{
			displayName: 'Type',
			name: 'type',
			type: 'options',
			options: taxTypeOptions,
			default: 'inclusive',
		},
	]),
];

const displayOptions = { show: { resource: ['taxCode'], operation: ['getAll'] } };

export const description = updateDisplayOptions(displayOptions, properties);

export const execute = perItem(async function (client: PleoClient, i) {
	const companyId = await client.companyId();
	const filters = this.getNodeParameter('filters', i, {}) as IDataObject;
	const limit = getLimit.call(this, i);
	return await client.getAllPages('POST', '/v0/tax-codes:search', {
		qs: { company_id: companyId },
		body: filters,
		limit,
		idempotent: true,
	});
});
