import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
	IPairedItemData,
} from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { JOB_FAILURE_REASON_TYPES } from '../../core/constants';
import { capText, decideJobCompletion, type JobCompletionEvent } from '../../core/results';
import { recordedResults, sendJobEvent } from '../../helpers/exportJobs';
import type { PleoClient } from '../../transport';
import { errorMessage, toNodeError } from '../../../shared/perItem';

function label(value: string): string {
	return value
		.split('_')
		.map((w) => w.charAt(0).toUpperCase() + w.slice(1))
		.join(' ');
}

const properties: INodeProperties[] = [
	{
		displayName: 'Job ID',
		name: 'completeJobId',
		type: 'string',
		default: '={{ $json.jobId }}',
		required: true,
		description:
			'The export job of each input item; one event is sent per distinct job ID among the items',
	},
	{
		displayName: 'Outcome',
		name: 'outcome',
		type: 'options',
		options: [
			{
				name: 'Automatic (From Item Results)',
				value: 'auto',
				description:
					'All successful → completed; some failed → completed with errors; none successful → failed',
			},
			{ name: 'Completed', value: 'completed' },
			{ name: 'Completed With Errors', value: 'completed_with_errors' },
			{ name: 'Failed', value: 'failed' },
		],
		default: 'auto',
	},
	{
		displayName: 'Failure Reason Type',
		name: 'failureReasonType',
		type: 'options',
		options: [...JOB_FAILURE_REASON_TYPES]
			.map((value) => ({ name: label(value), value }))
			.sort((a, b) => a.name.localeCompare(b.name)),
		default: 'validation_failure',
		displayOptions: { show: { outcome: ['failed'] } },
	},
	{
		displayName: 'Failure Reason',
		name: 'failureReason',
		type: 'string',
		default: '',
		description: 'Shown to the bookkeeper in Pleo',
		displayOptions: { show: { outcome: ['failed'] } },
	},
];

const displayOptions = { show: { resource: ['exportJob'], operation: ['complete'] } };

export const description = updateDisplayOptions(displayOptions, properties);

interface JobGroup {
	jobId: string;
	indexes: number[];
	/** this run's result per item, by accounting entry id (items without one: by position) */
	results: Map<string, { status?: unknown; failed?: boolean }>;
}

export async function execute(
	this: IExecuteFunctions,
	client: PleoClient,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	const out: INodeExecutionData[] = [];
	const groups = new Map<string, JobGroup>();
	for (let i = 0; i < items.length; i++) {
		const jobId = String(this.getNodeParameter('completeJobId', i, '') ?? '').trim();
		if (!jobId) {
			const error = new NodeOperationError(this.getNode(), 'The item has no export job ID', {
				itemIndex: i,
			});
			if (this.continueOnFail()) {
				out.push({ json: { error: error.message }, pairedItem: { item: i } });
				continue;
			}
			throw error;
		}
		const json = items[i].json;
		const group: JobGroup = groups.get(jobId) ?? { jobId, indexes: [], results: new Map() };
		group.indexes.push(i);
		const entry = json.accountingEntryId ? String(json.accountingEntryId) : `#${i}`;
		group.results.set(entry, {
			status: json.status,
			failed: Boolean(json.reportError || json.error),
		});
		groups.set(jobId, group);
	}

	for (const group of groups.values()) {
		const first = group.indexes[0];
		const pairedItem: IPairedItemData[] = group.indexes.map((item) => ({ item }));
		try {
			const outcome = this.getNodeParameter('outcome', first, 'auto') as string;
			// Automatic: this run's results, and what earlier runs of the job reported (a resumed job,
			// a run killed during Report Results), so the outcome covers the whole job
			const results = new Map(group.results);
			if (outcome === 'auto') {
				const recorded = await recordedResults(client, group.jobId);
				for (const [entry, status] of recorded) {
					if (!results.has(entry)) results.set(entry, { status });
				}
			}
			const decision = decideJobCompletion([...results.values()]);
			let event: JobCompletionEvent = decision.event;
			let failureReasonType = decision.failureReasonType;
			let failureReason = decision.failureReason;
			if (outcome !== 'auto') {
				event = outcome as JobCompletionEvent;
				failureReasonType = undefined;
				failureReason = undefined;
				if (event === 'failed') {
					failureReasonType = this.getNodeParameter('failureReasonType', first) as string;
					failureReason =
						(this.getNodeParameter('failureReason', first, '') as string).trim() ||
						'The export job failed';
				}
			}
			if (failureReason) failureReason = capText(failureReason, 1000);
			const sent = await sendJobEvent(client, group.jobId, event, {
				failureReasonType,
				failureReason,
			});
			const json: IDataObject = {
				jobId: group.jobId,
				event,
				successful: decision.successful,
				failed: decision.failed,
			};
			// another execution (Claim Next recovering the job) completed it the same way first
			if (sent === 'already') json.alreadyCompleted = true;
			if (failureReasonType) json.failureReasonType = failureReasonType;
			if (failureReason) json.failureReason = failureReason;
			out.push({ json, pairedItem });
		} catch (error) {
			const nodeError = toNodeError(this, error, first);
			if (this.continueOnFail()) {
				// the item names the job and what to do (the error's description)
				const json: IDataObject = { jobId: group.jobId, error: errorMessage(error) };
				if (nodeError.description) json.description = nodeError.description;
				out.push({ json, pairedItem });
				continue;
			}
			throw nodeError;
		}
	}
	return out;
}
