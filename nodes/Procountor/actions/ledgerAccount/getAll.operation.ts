import type { IDataObject, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';
import { returnAllOrLimit } from '../common.descriptions';
import { perItem } from '../../helpers/perItem';

const properties: INodeProperties[] = [
	{
		displayName: 'Active Only',
		name: 'activeOnly',
		type: 'boolean',
		default: true,
		description: 'Whether to return only accounts that are active (the only ones you can post to)',
	},
];

export const description: INodeProperties[] = [
	...updateDisplayOptions(
		{ show: { resource: ['ledgerAccount'], operation: ['getAll'] } },
		properties,
	),
	...returnAllOrLimit('ledgerAccount', 'getAll'),
];

export const execute = perItem(async function (client, i) {
	const activeOnly = this.getNodeParameter('activeOnly', i) as boolean;
	const returnAll = this.getNodeParameter('returnAll', i) as boolean;
	const coa = await client.request<{ ledgerAccounts?: IDataObject[] }>('GET', '/coa');
	let accounts = coa.ledgerAccounts ?? [];
	if (activeOnly) accounts = accounts.filter((a) => a.active !== false);
	if (!returnAll) accounts = accounts.slice(0, this.getNodeParameter('limit', i) as number);
	return accounts;
});
