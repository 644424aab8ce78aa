import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { tagGroupLocator } from '../../helpers/descriptions';
import { forEachItem, getLocatorValue, unwrap } from '../../helpers/utils';
import { pleoApiRequest } from '../../transport';

const properties: INodeProperties[] = [tagGroupLocator];

const displayOptions = { show: { resource: ['tagGroup'], operation: ['get'] } };

export const description = updateDisplayOptions(displayOptions, properties);

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	return await forEachItem.call(this, items, async (i) => {
		const id = getLocatorValue.call(this, 'tagGroupId', i);
		return unwrap(
			await pleoApiRequest.call(this, 'GET', `/v0/tag-groups/${encodeURIComponent(id)}`),
		);
	});
}
