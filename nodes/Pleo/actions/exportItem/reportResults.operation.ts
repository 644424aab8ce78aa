import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { collection } from '../../../shared/descriptions';
import { chunk, groupBy } from '../../core/batching';
import { DEFAULT_FAILURE_REASON_MAX_LENGTH, MAX_ITEM_RESULTS_PER_CALL } from '../../core/constants';
import { normaliseItemResult, type ExportItemResult } from '../../core/results';
import { errorMessage, perBatch } from '../../../shared/perItem';
import type { PleoClient } from '../../transport';

const properties: INodeProperties[] = [
	{
		displayName: 'Job ID',
		name: 'reportJobId',
		type: 'string',
		default: '={{ $json.jobId }}',
		required: true,
		description: 'The export job of each result item',
	},
	collection('options', [
		{
			displayName: 'Batch Size',
			name: 'batchSize',
			type: 'number',
			typeOptions: { minValue: 1, maxValue: MAX_ITEM_RESULTS_PER_CALL },
			default: MAX_ITEM_RESULTS_PER_CALL,
			description: 'Results per request (Pleo accepts at most 100)',
		},
		{
			displayName: 'Company ID',
			name: 'companyId',
			type: 'string',
			default: '',
			description: "Overrides the credential's company ID (for organisation-level keys)",
		},
		{
			displayName: 'Failure Reason Max Length',
			name: 'failureReasonMaxLength',
			type: 'number',
			typeOptions: { minValue: 20 },
			default: DEFAULT_FAILURE_REASON_MAX_LENGTH,
			description: 'Longer failure reasons are shortened (they are shown to users in Pleo)',
		},
	]),
];

const displayOptions = { show: { resource: ['exportItem'], operation: ['reportResults'] } };

export const description = updateDisplayOptions(displayOptions, properties);

interface Entry {
	index: number;
	jobId: string;
	result: ExportItemResult;
}

export async function execute(
	this: IExecuteFunctions,
	client: PleoClient,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	const output: Array<INodeExecutionData | undefined> = new Array(items.length);
	const entries: Entry[] = [];
	for (let i = 0; i < items.length; i++) {
		const jobId = String(this.getNodeParameter('reportJobId', i, '') ?? '').trim();
		const options = this.getNodeParameter('options', i, {}) as IDataObject;
		const normalised = jobId
			? normaliseItemResult(items[i].json, {
					failureReasonMaxLength:
						(options.failureReasonMaxLength as number) ?? DEFAULT_FAILURE_REASON_MAX_LENGTH,
				})
			: ({ ok: false, error: 'The item has no export job ID' } as const);
		if (!normalised.ok) {
			if (this.continueOnFail()) {
				output[i] = {
					json: { ...items[i].json, reported: false, error: normalised.error },
					pairedItem: { item: i },
				};
				continue;
			}
			throw new NodeOperationError(this.getNode(), normalised.error, { itemIndex: i });
		}
		entries.push({ index: i, jobId, result: normalised.result });
	}

	const firstOptions = this.getNodeParameter('options', 0, {}) as IDataObject;
	const batchSize = Math.min(
		MAX_ITEM_RESULTS_PER_CALL,
		Math.max(1, Number(firstOptions.batchSize ?? MAX_ITEM_RESULTS_PER_CALL)),
	);
	const companyId = await client.companyId(
		typeof firstOptions.companyId === 'string' ? firstOptions.companyId : undefined,
	);

	// one PUT per batch of one job's results
	const batches = [...groupBy(entries, (e) => e.jobId).values()].flatMap((jobEntries) =>
		chunk(jobEntries, batchSize),
	);
	const sent = await perBatch(
		this,
		batches,
		async (batch) => {
			const jobId = batch[0].jobId;
			const response = await client.request(
				'PUT',
				`/v3/export-jobs/${encodeURIComponent(jobId)}/items`,
				{
					qs: { company_id: companyId },
					body: batch.map((e) => e.result as unknown as IDataObject),
				},
			);
			const errors = new Map<string, IDataObject>();
			for (const err of (response.errors as IDataObject[] | undefined) ?? []) {
				errors.set(String(err.accountingEntryId), err);
			}
			return batch.map((e) => {
				const err = errors.get(e.result.accountingEntryId);
				const json: IDataObject = {
					...items[e.index].json,
					...(e.result as unknown as IDataObject),
					jobId,
					reported: !err,
				};
				if (err) json.reportError = { type: err.type ?? null, message: err.message ?? null };
				return json;
			});
		},
		(e, error) => ({
			...items[e.index].json,
			jobId: e.jobId,
			reported: false,
			error: errorMessage(error),
		}),
	);
	for (const o of sent) output[(o.pairedItem as { item: number }).item] = o;
	return output.filter((o): o is INodeExecutionData => o !== undefined);
}
