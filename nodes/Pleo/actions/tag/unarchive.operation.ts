import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { setArchived, unarchiveDescription } from './archive.operation';

export const description = unarchiveDescription;

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	return await setArchived.call(this, items, false);
}
