import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { chunk } from '../../core/batching';
import { MAX_TAGS_PER_ARCHIVE_CALL } from '../../core/constants';
import { errorMessage, toNodeError } from '../../helpers/utils';
import { getPleoCompanyId, pleoApiRequest } from '../../transport';

const properties: INodeProperties[] = [
	{
		displayName: 'Tag ID',
		name: 'tagId',
		type: 'string',
		default: '={{ $json.id }}',
		required: true,
		description: 'The tag of each input item; all items are sent in batches of up to 100',
	},
];

export const archiveDescription = updateDisplayOptions(
	{ show: { resource: ['tag'], operation: ['archive'] } },
	properties,
);
export const unarchiveDescription = updateDisplayOptions(
	{ show: { resource: ['tag'], operation: ['unarchive'] } },
	properties,
);

/** Archives or unarchives the tags of all input items (POST /v0/tags/archive, ≤100 per call). */
export async function setArchived(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
	archived: boolean,
): Promise<INodeExecutionData[]> {
	const output: INodeExecutionData[] = [];
	const entries: Array<{ index: number; tagId: string }> = [];
	for (let i = 0; i < items.length; i++) {
		const tagId = String(this.getNodeParameter('tagId', i, '') ?? '').trim();
		if (!tagId) {
			const error = new NodeOperationError(this.getNode(), 'The item has no tag ID', {
				itemIndex: i,
			});
			if (!this.continueOnFail()) throw error;
			output.push({ json: { error: error.message }, pairedItem: { item: i } });
			continue;
		}
		entries.push({ index: i, tagId });
	}
	if (!entries.length) return output;
	const companyId = await getPleoCompanyId.call(this);
	for (const batch of chunk(entries, MAX_TAGS_PER_ARCHIVE_CALL)) {
		try {
			await pleoApiRequest.call(this, 'POST', '/v0/tags/archive', {
				body: { companyId, tagIds: batch.map((e) => e.tagId), archived },
				// setting a flag to a fixed value can be repeated safely
				idempotent: true,
			});
			for (const e of batch) {
				output.push({ json: { tagId: e.tagId, archived }, pairedItem: { item: e.index } });
			}
		} catch (error) {
			if (!this.continueOnFail()) throw toNodeError(this.getNode(), error, batch[0].index);
			for (const e of batch) {
				output.push({
					json: { tagId: e.tagId, error: errorMessage(error) },
					pairedItem: { item: e.index },
				});
			}
		}
	}
	return output;
}

export const description = archiveDescription;

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	return await setArchived.call(this, items, true);
}
