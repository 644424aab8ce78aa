import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { companyIdField, jobIdLocator, returnAllAndLimit } from '../../helpers/descriptions';
import { forEachItem, getCompanyOverride, getLocatorValue } from '../../helpers/utils';
import { getPleoCompanyId, pleoApiRequestAllItems } from '../../transport';

const properties: INodeProperties[] = [
	jobIdLocator,
	...returnAllAndLimit(),
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [companyIdField],
	},
];

const displayOptions = { show: { resource: ['exportItem'], operation: ['getAll'] } };

export const description = updateDisplayOptions(displayOptions, properties);

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	return await forEachItem.call(this, items, async (i) => {
		const jobId = getLocatorValue.call(this, 'jobId', i);
		const companyId = await getPleoCompanyId.call(this, getCompanyOverride.call(this, i));
		const returnAll = this.getNodeParameter('returnAll', i, false) as boolean;
		const limit = returnAll ? undefined : (this.getNodeParameter('limit', i, 50) as number);
		const exportItems = await pleoApiRequestAllItems.call(this, 'GET', '/v3/export-items', {
			qs: { job_id: jobId, company_id: companyId },
			limit,
		});
		return exportItems.map((item) => ({ ...item, jobId }));
	});
}
