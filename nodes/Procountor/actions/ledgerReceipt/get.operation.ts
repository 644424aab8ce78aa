import type { INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';
import { perItem } from '../../../shared/perItem';
import type { ProcountorClient } from '../../transport';

const properties: INodeProperties[] = [
	{
		displayName: 'Ledger Receipt ID',
		name: 'ledgerReceiptId',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. 500001 or 500001,500002',
		description: 'The ID of the ledger receipt, or up to 200 IDs separated by commas',
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['ledgerReceipt'], operation: ['get'] } },
	properties,
);

export const execute = perItem(async function (client: ProcountorClient, i) {
	const raw = String(this.getNodeParameter('ledgerReceiptId', i));
	const ids = raw
		.split(',')
		.map((s) => s.trim())
		.filter(Boolean);
	if (!ids.length || ids.some((id) => !/^\d+$/.test(id))) {
		throw new NodeOperationError(
			this.getNode(),
			`"${raw}" is not a ledger receipt ID or a list of IDs`,
			{
				itemIndex: i,
				description:
					'Ledger receipt IDs are numbers, for example 500001. Separate several with commas.',
			},
		);
	}
	if (ids.length > 200) {
		throw new NodeOperationError(
			this.getNode(),
			`Procountor returns at most 200 receipts at a time; got ${ids.length} IDs`,
			{
				itemIndex: i,
			},
		);
	}
	if (ids.length === 1) return await client.request('GET', `/ledgerreceipts/${ids[0]}`);
	const r = await client.request<{ results?: [] }>('GET', `/ledgerreceipts/${ids.join(',')}`);
	return r.results ?? [];
});
