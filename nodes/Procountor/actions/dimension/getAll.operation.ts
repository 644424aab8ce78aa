import type { IDataObject, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';
import { perItem } from '../../../shared/perItem';
import type { ProcountorClient } from '../../transport';

const properties: INodeProperties[] = [
	{
		displayName: 'Name Contains',
		name: 'name',
		type: 'string',
		default: '',
		description: 'Only dimensions whose name contains this text',
	},
	{
		displayName: 'Include Inactive Items',
		name: 'includeInactive',
		type: 'boolean',
		default: true,
		description: 'Whether to keep dimension items whose status is inactive (P)',
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['dimension'], operation: ['getAll'] } },
	properties,
);

export const execute = perItem(async function (client: ProcountorClient, i) {
	const name = this.getNodeParameter('name', i) as string;
	const includeInactive = this.getNodeParameter('includeInactive', i) as boolean;
	const dimensions = await client.request<IDataObject[]>('GET', '/dimensions', {
		qs: name ? { name } : undefined,
	});
	return dimensions.map((d) =>
		includeInactive
			? d
			: { ...d, items: ((d.items as IDataObject[]) ?? []).filter((it) => it.status !== 'P') },
	);
});
