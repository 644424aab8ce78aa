import type { INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { jobIdLocator } from '../../helpers/descriptions';
import { getExportJob, sendJobEvent } from '../../helpers/exportJobs';
import { getLocatorValue } from '../../helpers/utils';
import type { PleoClient } from '../../transport';
import { perItem } from '../../../shared/perItem';

const properties: INodeProperties[] = [jobIdLocator];

const displayOptions = { show: { resource: ['exportJob'], operation: ['start'] } };

export const description = updateDisplayOptions(displayOptions, properties);

export const execute = perItem(async function (client: PleoClient, i) {
	const jobId = getLocatorValue.call(this, 'jobId', i);
	await sendJobEvent(client, jobId, 'started');
	return await getExportJob(client, jobId);
});
