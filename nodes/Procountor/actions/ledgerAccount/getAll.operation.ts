import type { IDataObject, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';
import { perItem } from '../../../shared/perItem';
import { getLimit, returnAllOrLimit, takeLimit } from '../../../shared/returnAllOrLimit';
import type { ProcountorClient } from '../../transport';

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
	...returnAllOrLimit({ resource: 'ledgerAccount', operation: 'getAll' }),
];

export const execute = perItem(async function (client: ProcountorClient, i) {
	const activeOnly = this.getNodeParameter('activeOnly', i) as boolean;
	const coa = await client.request<{ ledgerAccounts?: IDataObject[] }>('GET', '/coa');
	let accounts = coa.ledgerAccounts ?? [];
	if (activeOnly) accounts = accounts.filter((a) => a.active !== false);
	return takeLimit(accounts, getLimit.call(this, i));
});
