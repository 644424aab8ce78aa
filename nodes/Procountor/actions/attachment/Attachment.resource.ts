import type { INodeProperties } from 'n8n-workflow';
import * as upload from './upload.operation';

export { upload };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['attachment'] } },
		options: [
			{
				name: 'Upload',
				value: 'upload',
				action: 'Upload an attachment',
				description: 'Attach a file from a binary field to a journal',
			},
		],
		default: 'upload',
	},
	...upload.description,
];
