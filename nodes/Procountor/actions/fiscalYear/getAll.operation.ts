import type { IDataObject, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';
import { perItem } from '../../../shared/perItem';
import type { ProcountorClient } from '../../transport';

const properties: INodeProperties[] = [
	{
		displayName: 'Open Only',
		name: 'openOnly',
		type: 'boolean',
		default: false,
		description: 'Whether to return only fiscal years that are open for posting',
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['fiscalYear'], operation: ['getAll'] } },
	properties,
);

export const execute = perItem(async function (client: ProcountorClient, i) {
	const openOnly = this.getNodeParameter('openOnly', i) as boolean;
	const r = await client.request<{ fiscalYears?: IDataObject[] }>('GET', '/fiscalyears');
	const years = r.fiscalYears ?? [];
	return openOnly ? years.filter((y) => y.isOpen !== false) : years;
});
