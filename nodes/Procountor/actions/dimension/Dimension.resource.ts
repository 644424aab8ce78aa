import type { INodeProperties } from 'n8n-workflow';
import * as createItem from './createItem.operation';
import * as get from './get.operation';
import * as getAll from './getAll.operation';

export { createItem, get, getAll };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['dimension'] } },
		options: [
			{
				name: 'Create Item',
				value: 'createItem',
				action: 'Create a dimension item',
				description: 'Add an item, such as a cost centre, to a dimension',
			},
			{
				name: 'Get',
				value: 'get',
				action: 'Get a dimension',
				description: 'Get a dimension and its items',
			},
			{
				name: 'Get Many',
				value: 'getAll',
				action: 'Get many dimensions',
				description: 'Get many dimensions and their items',
			},
		],
		default: 'getAll',
	},
	...createItem.description,
	...get.description,
	...getAll.description,
];
