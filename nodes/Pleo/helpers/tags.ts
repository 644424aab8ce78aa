import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { chunk } from '../core/batching';
import { MAX_TAGS_PER_ARCHIVE_CALL } from '../core/constants';
import { errorItem, errorMessage, perBatch } from '../../shared/perItem';
import type { PleoClient } from '../transport';
import { tagIdsField } from './descriptions';

/**
 * Archives or unarchives the tags of all input items (POST /v0/tags/archive, ≤100 per call):
 * Tag › Archive and Tag › Unarchive.
 */
export async function setTagsArchived(
	this: IExecuteFunctions,
	client: PleoClient,
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
			output.push(errorItem(error, { item: i }));
			continue;
		}
		entries.push({ index: i, tagId });
	}
	if (!entries.length) return output;
	const companyId = await client.companyId();
	const sent = await perBatch(
		this,
		chunk(entries, MAX_TAGS_PER_ARCHIVE_CALL),
		async (batch) => {
			await client.request('POST', '/v0/tags/archive', {
				body: { companyId, tagIds: batch.map((e) => e.tagId), archived },
				// setting a flag to a fixed value can be repeated safely
				idempotent: true,
			});
			return batch.map((e) => ({ tagId: e.tagId, archived }));
		},
		(e, error) => ({ tagId: e.tagId, error: errorMessage(error) }),
	);
	return [...output, ...sent];
}

/** Tag › Archive (`archived` true) and Tag › Unarchive (false): description and execute. */
export function tagArchiveOperation(operation: 'archive' | 'unarchive', archived: boolean) {
	return {
		description: updateDisplayOptions({ show: { resource: ['tag'], operation: [operation] } }, [
			tagIdsField,
		]),
		async execute(
			this: IExecuteFunctions,
			client: PleoClient,
			items: INodeExecutionData[],
		): Promise<INodeExecutionData[]> {
			return await setTagsArchived.call(this, client, items, archived);
		},
	};
}
