import type { IDataObject, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { JOB_STATUSES } from '../../core/constants';
import { perItem } from '../../../shared/perItem';
import { getLimit, returnAllOrLimit } from '../../../shared/returnAllOrLimit';
import { optionsWithCompanyId } from '../../helpers/descriptions';
import { getCompanyOverride } from '../../helpers/utils';
import type { PleoClient } from '../../transport';

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
	...returnAllOrLimit(),
	optionsWithCompanyId(),
];

const displayOptions = { show: { resource: ['exportJob'], operation: ['getAll'] } };

export const description = updateDisplayOptions(displayOptions, properties);

export const execute = perItem(async function (client: PleoClient, i) {
	const companyId = await client.companyId(getCompanyOverride.call(this, i));
	const statuses = this.getNodeParameter('statuses', i, []) as string[];
	const limit = getLimit.call(this, i);
	const qs: IDataObject = { company_id: companyId };
	if (statuses.length) qs.statuses = statuses;
	return await client.getAllPages('GET', '/v3/export-jobs', { qs, limit });
});
