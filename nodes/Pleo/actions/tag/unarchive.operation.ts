import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { tagIdsField } from '../../helpers/descriptions';
import { setTagsArchived } from '../../helpers/tags';
import type { PleoClient } from '../../transport';

export const description = updateDisplayOptions(
	{ show: { resource: ['tag'], operation: ['unarchive'] } },
	[tagIdsField],
);

export async function execute(
	this: IExecuteFunctions,
	client: PleoClient,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	return await setTagsArchived.call(this, client, items, false);
}
