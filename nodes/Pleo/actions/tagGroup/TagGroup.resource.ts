import type { INodeProperties } from 'n8n-workflow';

import * as create from './create.operation';
import * as deleteOperation from './delete.operation';
import * as get from './get.operation';
import * as getAll from './getAll.operation';
import * as update from './update.operation';

export { create, deleteOperation as delete, get, getAll, update };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['tagGroup'] } },
		options: [
			{
				name: 'Create',
				value: 'create',
				description: 'Create a tag group',
				action: 'Create a tag group',
			},
			{
				name: 'Delete',
				value: 'delete',
				description: 'Delete a tag group',
				action: 'Delete a tag group',
			},
			{
				name: 'Get',
				value: 'get',
				description: 'Get a tag group',
				action: 'Get a tag group',
			},
			{
				name: 'Get Many',
				value: 'getAll',
				description: 'Get many tag groups',
				action: 'Get many tag groups',
			},
			{
				name: 'Update',
				value: 'update',
				description: 'Update a tag group',
				action: 'Update a tag group',
			},
		],
		default: 'getAll',
	},
	...create.description,
	...deleteOperation.description,
	...get.description,
	...getAll.description,
	...update.description,
];
