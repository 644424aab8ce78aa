import type { INodeProperties } from 'n8n-workflow';

import * as claimNext from './claimNext.operation';
import * as complete from './complete.operation';
import * as get from './get.operation';
import * as getAll from './getAll.operation';
import * as start from './start.operation';

export { claimNext, complete, get, getAll, start };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['exportJob'] } },
		options: [
			{
				name: 'Claim Next',
				value: 'claimNext',
				description: 'Claim the next pending export job and get its export items',
				action: 'Claim the next pending export job and get its export items',
			},
			{
				name: 'Complete',
				value: 'complete',
				description: 'Send the final event of export jobs',
				action: 'Send the final event of export jobs',
			},
			{
				name: 'Get',
				value: 'get',
				description: 'Get an export job',
				action: 'Get an export job',
			},
			{
				name: 'Get Many',
				value: 'getAll',
				description: 'Get many export jobs',
				action: 'Get many export jobs',
			},
			{
				name: 'Start',
				value: 'start',
				description: 'Send the started event for an export job',
				action: 'Send the started event for an export job',
			},
		],
		default: 'claimNext',
	},
	...claimNext.description,
	...complete.description,
	...get.description,
	...getAll.description,
	...start.description,
];
