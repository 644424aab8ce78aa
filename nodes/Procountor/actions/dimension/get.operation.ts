import { updateDisplayOptions } from 'n8n-workflow';
import { dimensionLocator } from '../common.descriptions';
import { perItem } from '../../helpers/perItem';

export const description = updateDisplayOptions(
	{ show: { resource: ['dimension'], operation: ['get'] } },
	[dimensionLocator],
);

export const execute = perItem(async function (client, i) {
	const id = this.getNodeParameter('dimensionId', i, '', { extractValue: true }) as string;
	return await client.request('GET', `/dimensions/${encodeURIComponent(id)}`);
});
