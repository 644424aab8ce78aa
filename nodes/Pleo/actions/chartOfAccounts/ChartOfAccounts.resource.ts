import type { INodeProperties } from 'n8n-workflow';

import * as upsertMany from './upsertMany.operation';

export { upsertMany };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['chartOfAccounts'] } },
		options: [
			{
				name: 'Upsert Many',
				value: 'upsertMany',
				description: 'Create or match many accounts in one batch',
				action: 'Create or match many accounts in one batch',
			},
		],
		default: 'upsertMany',
	},
	...upsertMany.description,
];
