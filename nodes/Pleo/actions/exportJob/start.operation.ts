import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { jobIdLocator } from '../../helpers/descriptions';
import { getExportJob, sendJobEvent } from '../../helpers/exportJobs';
import { forEachLocated } from '../../helpers/utils';

const properties: INodeProperties[] = [jobIdLocator];

const displayOptions = { show: { resource: ['exportJob'], operation: ['start'] } };

export const description = updateDisplayOptions(displayOptions, properties);

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	return await forEachLocated.call(this, items, 'jobId', async (jobId) => {
		await sendJobEvent.call(this, jobId, 'started');
		return await getExportJob.call(this, jobId);
	});
}
