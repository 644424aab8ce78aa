import { updateDisplayOptions } from 'n8n-workflow';
import { dimensionLocator } from '../common.descriptions';
import { perItem } from '../../../shared/perItem';
import type { ProcountorClient } from '../../transport';

export const description = updateDisplayOptions(
	{ show: { resource: ['dimension'], operation: ['get'] } },
	[dimensionLocator],
);

export const execute = perItem(async function (client: ProcountorClient, i) {
	const id = this.getNodeParameter('dimensionId', i, '', { extractValue: true }) as string;
	return await client.request('GET', `/dimensions/${encodeURIComponent(id)}`);
});
