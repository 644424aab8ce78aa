import type { INodeProperties } from 'n8n-workflow';

import * as create from './create.operation';
import * as getAll from './getAll.operation';

export { create, getAll };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['taxCode'] } },
		options: [
			{
				name: 'Create',
				value: 'create',
				description: 'Create a tax code',
				action: 'Create a tax code',
			},
			{
				name: 'Get Many',
				value: 'getAll',
				description: 'Get many tax codes',
				action: 'Get many tax codes',
			},
		],
		default: 'getAll',
	},
	...create.description,
	...getAll.description,
];
