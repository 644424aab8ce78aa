import type { INodeProperties } from 'n8n-workflow';
import * as getAll from './getAll.operation';

export { getAll };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['fiscalYear'] } },
		options: [
			{
				name: 'Get Many',
				value: 'getAll',
				action: 'Get many fiscal years',
				description: 'Get the fiscal years and their tracking periods',
			},
		],
		default: 'getAll',
	},
	...getAll.description,
];
