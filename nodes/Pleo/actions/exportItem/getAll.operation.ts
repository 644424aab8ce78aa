import type { INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { perItem } from '../../../shared/perItem';
import { getLimit, returnAllOrLimit } from '../../../shared/returnAllOrLimit';
import { jobIdLocator, optionsWithCompanyId } from '../../helpers/descriptions';
import { getCompanyOverride, getLocatorValue } from '../../helpers/utils';
import type { PleoClient } from '../../transport';

const properties: INodeProperties[] = [jobIdLocator, ...returnAllOrLimit(), optionsWithCompanyId()];

const displayOptions = { show: { resource: ['exportItem'], operation: ['getAll'] } };

export const description = updateDisplayOptions(displayOptions, properties);

export const execute = perItem(async function (client: PleoClient, i) {
	const jobId = getLocatorValue.call(this, 'jobId', i);
	const companyId = await client.companyId(getCompanyOverride.call(this, i));
	const limit = getLimit.call(this, i);
	const exportItems = await client.getAllPages('GET', '/v3/export-items', {
		qs: { job_id: jobId, company_id: companyId },
		limit,
	});
	return exportItems.map((item) => ({ ...item, jobId }));
});
