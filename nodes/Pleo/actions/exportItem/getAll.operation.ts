import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { jobIdLocator, optionsWithCompanyId, returnAllAndLimit } from '../../helpers/descriptions';
import { forEachLocated, getCompanyOverride, getLimit } from '../../helpers/utils';
import { getPleoCompanyId, pleoApiRequestAllItems } from '../../transport';

const properties: INodeProperties[] = [
	jobIdLocator,
	...returnAllAndLimit(),
	optionsWithCompanyId(),
];

const displayOptions = { show: { resource: ['exportItem'], operation: ['getAll'] } };

export const description = updateDisplayOptions(displayOptions, properties);

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	return await forEachLocated.call(this, items, 'jobId', async (jobId, i) => {
		const companyId = await getPleoCompanyId.call(this, getCompanyOverride.call(this, i));
		const limit = getLimit.call(this, i);
		const exportItems = await pleoApiRequestAllItems.call(this, 'GET', '/v3/export-items', {
			qs: { job_id: jobId, company_id: companyId },
			limit,
		});
		return exportItems.map((item) => ({ ...item, jobId }));
	});
}
