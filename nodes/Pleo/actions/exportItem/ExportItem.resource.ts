import type { INodeProperties } from 'n8n-workflow';

import * as getAll from './getAll.operation';
import * as reportResults from './reportResults.operation';

export { getAll, reportResults };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['exportItem'] } },
		options: [
			{
				name: 'Get Many',
				value: 'getAll',
				description: 'Get many export items of a job',
				action: 'Get many export items of a job',
			},
			{
				name: 'Report Results',
				value: 'reportResults',
				description: 'Report export results of items',
				action: 'Report export results of items',
			},
		],
		default: 'reportResults',
	},
	...getAll.description,
	...reportResults.description,
];
