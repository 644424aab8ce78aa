import type { INodeProperties } from 'n8n-workflow';

import * as downloadReceipts from './downloadReceipts.operation';
import * as get from './get.operation';
import * as search from './search.operation';

export { downloadReceipts, get, search };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['accountingEntry'] } },
		options: [
			{
				name: 'Download Receipts',
				value: 'downloadReceipts',
				description: 'Download the receipts of an accounting entry',
				action: 'Download the receipts of an accounting entry',
			},
			{
				name: 'Get',
				value: 'get',
				description: 'Get an accounting entry',
				action: 'Get an accounting entry',
			},
			{
				name: 'Search',
				value: 'search',
				description: 'Search accounting entries',
				action: 'Search accounting entries',
			},
		],
		default: 'search',
	},
	...downloadReceipts.description,
	...get.description,
	...search.description,
];
