import type { INodeProperties } from 'n8n-workflow';
import * as getAll from './getAll.operation';

export { getAll };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['ledgerAccount'] } },
		options: [
			{
				name: 'Get Many',
				value: 'getAll',
				action: 'Get many ledger accounts',
				description: 'Get the chart of accounts',
			},
		],
		default: 'getAll',
	},
	...getAll.description,
];
