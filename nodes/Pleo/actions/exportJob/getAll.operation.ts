import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { JOB_STATUSES } from '../../core/constants';
import { optionsWithCompanyId, returnAllAndLimit } from '../../helpers/descriptions';
import { forEachItem, getCompanyOverride, getLimit } from '../../helpers/utils';
import { getPleoCompanyId, pleoApiRequestAllItems } from '../../transport';

const statusNames: Record<string, string> = {
	pending: 'Pending',
	in_progress: 'In Progress',
	failed: 'Failed',
	completed: 'Completed',
	completed_with_errors: 'Completed With Errors',
};

const properties: INodeProperties[] = [
	{
		displayName: 'Statuses',
		name: 'statuses',
		type: 'multiOptions',
		options: [...JOB_STATUSES]
			.map((value) => ({ name: statusNames[value], value }))
			.sort((a, b) => a.name.localeCompare(b.name)),
		default: [],
		description: 'Only return jobs with these statuses (all when empty)',
	},
	...returnAllAndLimit(),
	optionsWithCompanyId(),
];

const displayOptions = { show: { resource: ['exportJob'], operation: ['getAll'] } };

export const description = updateDisplayOptions(displayOptions, properties);

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	return await forEachItem.call(this, items, async (i) => {
		const companyId = await getPleoCompanyId.call(this, getCompanyOverride.call(this, i));
		const statuses = this.getNodeParameter('statuses', i, []) as string[];
		const limit = getLimit.call(this, i);
		const qs: IDataObject = { company_id: companyId };
		if (statuses.length) qs.statuses = statuses;
		return await pleoApiRequestAllItems.call(this, 'GET', '/v3/export-jobs', { qs, limit });
	});
}
