import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { archivedField, collection, returnAllAndLimit } from '../../helpers/descriptions';
import { forEachItem, getLimit } from '../../helpers/utils';
import { getPleoCompanyId, pleoApiRequestAllItems } from '../../transport';
import { taxTypeOptions } from './create.operation';

const properties: INodeProperties[] = [
	...returnAllAndLimit(),
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

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	return await forEachItem.call(this, items, async (i) => {
		const companyId = await getPleoCompanyId.call(this);
		const filters = this.getNodeParameter('filters', i, {}) as IDataObject;
		const limit = getLimit.call(this, i);
		return await pleoApiRequestAllItems.call(this, 'POST', '/v0/tax-codes:search', {
			qs: { company_id: companyId },
			body: filters,
			limit,
			idempotent: true,
		});
	});
}
