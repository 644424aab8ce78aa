import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { returnAllAndLimit } from '../../helpers/descriptions';
import { forEachItem } from '../../helpers/utils';
import { getPleoCompanyId, pleoApiRequestAllItems } from '../../transport';
import { taxTypeOptions } from './create.operation';

const properties: INodeProperties[] = [
	...returnAllAndLimit(),
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		options: [
			{
				displayName: 'Archived',
				name: 'archived',
				type: 'boolean',
				default: false,
				description: 'Whether to return only archived (true) or only active (false) tax codes',
			},
			{ displayName: 'Code', name: 'code', type: 'string', default: '' },
			{
				displayName: 'Type',
				name: 'type',
				type: 'options',
				options: taxTypeOptions,
				default: 'inclusive',
			},
		],
	},
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
		const returnAll = this.getNodeParameter('returnAll', i, false) as boolean;
		const limit = returnAll ? undefined : (this.getNodeParameter('limit', i, 50) as number);
		return await pleoApiRequestAllItems.call(this, 'POST', '/v0/tax-codes:search', {
			qs: { company_id: companyId },
			body: filters,
			limit,
			idempotent: true,
		});
	});
}
