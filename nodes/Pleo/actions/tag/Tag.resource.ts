import type { INodeProperties } from 'n8n-workflow';

import * as archive from './archive.operation';
import * as create from './create.operation';
import * as get from './get.operation';
import * as getAll from './getAll.operation';
import * as unarchive from './unarchive.operation';
import * as update from './update.operation';

export { archive, create, get, getAll, unarchive, update };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['tag'] } },
		options: [
			{
				name: 'Archive',
				value: 'archive',
				description: 'Archive tags',
				action: 'Archive tags',
			},
			{
				name: 'Create',
				value: 'create',
				description: 'Create a tag',
				action: 'Create a tag',
			},
			{
				name: 'Get',
				value: 'get',
				description: 'Get a tag',
				action: 'Get a tag',
			},
			{
				name: 'Get Many',
				value: 'getAll',
				description: 'Get many tags of a group',
				action: 'Get many tags of a group',
			},
			{
				name: 'Unarchive',
				value: 'unarchive',
				description: 'Unarchive tags',
				action: 'Unarchive tags',
			},
			{
				name: 'Update',
				value: 'update',
				description: 'Update a tag',
				action: 'Update a tag',
			},
		],
		default: 'getAll',
	},
	...archive.description,
	...create.description,
	...get.description,
	...getAll.description,
	...unarchive.description,
	...update.description,
];
