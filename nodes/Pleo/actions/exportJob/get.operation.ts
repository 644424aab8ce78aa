import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { jobIdLocator } from '../../helpers/descriptions';
import { getExportJob } from '../../helpers/exportJobs';
import { forEachLocated } from '../../helpers/utils';

const properties: INodeProperties[] = [jobIdLocator];

const displayOptions = { show: { resource: ['exportJob'], operation: ['get'] } };

export const description = updateDisplayOptions(displayOptions, properties);

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	return await forEachLocated.call(this, items, 'jobId', async (jobId) => {
		return await getExportJob.call(this, jobId);
	});
}
