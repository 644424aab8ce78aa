import type { INodeProperties } from 'n8n-workflow';
import * as get from './get.operation';
import * as getAll from './getAll.operation';

export { get, getAll };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['ledgerReceipt'] } },
		options: [
			{
				name: 'Get',
				value: 'get',
				action: 'Get a ledger receipt',
				description: 'Get a ledger receipt with its lines',
			},
			{
				name: 'Get Many',
				value: 'getAll',
				action: 'Get many ledger receipts',
				description: 'Search ledger receipts by date, type and status',
			},
		],
		default: 'get',
	},
	...get.description,
	...getAll.description,
];
