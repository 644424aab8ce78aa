import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { collection } from '../../../shared/descriptions';
import { archivedField } from '../../helpers/descriptions';
import { chunk } from '../../core/batching';
import { MAX_ACCOUNTS_PER_BATCH } from '../../core/constants';
import { errorMessage, perBatch } from '../../../shared/perItem';
import type { PleoClient } from '../../transport';

const properties: INodeProperties[] = [
	{
		displayName: 'External ID',
		name: 'externalId',
		type: 'string',
		default: '={{ $json.externalId }}',
		required: true,
		description: 'The account ID in the accounting system (unique per company)',
	},
	{
		displayName: 'Name',
		name: 'name',
		type: 'string',
		default: '={{ $json.name }}',
		required: true,
	},
	collection('additionalFields', [
		archivedField('Whether the account is archived'),
		{ displayName: 'Code', name: 'code', type: 'string', default: '' },
		{
			displayName: 'Tax Code External ID',
			name: 'taxCodeExternalId',
			type: 'string',
			default: '',
			description: "The accounting system's ID of the default tax code",
		},
	]),
];

const displayOptions = { show: { resource: ['chartOfAccounts'], operation: ['upsertMany'] } };

export const description = updateDisplayOptions(displayOptions, properties);

interface Entry {
	index: number;
	account: IDataObject;
}

/**
 * Sends all input items as accounts through POST /v1/chart-of-accounts/batch (≤1000 per call)
 * and outputs one item per input: created, or failed with Pleo's reasons.
 */
export async function execute(
	this: IExecuteFunctions,
	client: PleoClient,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	const output: INodeExecutionData[] = [];
	const entries: Entry[] = [];
	for (let i = 0; i < items.length; i++) {
		const externalId = String(this.getNodeParameter('externalId', i, '') ?? '').trim();
		const name = String(this.getNodeParameter('name', i, '') ?? '').trim();
		if (!externalId || !name) {
			const error = new NodeOperationError(
				this.getNode(),
				'Each account needs an external ID and a name',
				{ itemIndex: i },
			);
			if (!this.continueOnFail()) throw error;
			output.push({
				json: { externalId, outcome: 'failed', error: error.message },
				pairedItem: { item: i },
			});
			continue;
		}
		const fields = this.getNodeParameter('additionalFields', i, {}) as IDataObject;
		const account: IDataObject = { externalId, name, archived: fields.archived === true };
		if (typeof fields.code === 'string' && fields.code) account.code = fields.code;
		if (typeof fields.taxCodeExternalId === 'string' && fields.taxCodeExternalId) {
			account.taxCodeExternalId = fields.taxCodeExternalId;
		}
		entries.push({ index: i, account });
	}
	if (!entries.length) return output;
	const companyId = await client.companyId();
	const sent = await perBatch(
		this,
		chunk(entries, MAX_ACCOUNTS_PER_BATCH),
		async (batch) => {
			const response = await client.request('POST', '/v1/chart-of-accounts/batch', {
				body: { companyId, items: batch.map((e) => e.account) },
			});
			const result = ((response.data as IDataObject | undefined) ?? response) as IDataObject;
			const created = new Map<string, IDataObject>();
			for (const a of (result.created as IDataObject[] | undefined) ?? []) {
				created.set(String(a.externalId), a);
			}
			const failed = new Map<string, IDataObject>();
			for (const f of (result.failed as IDataObject[] | undefined) ?? []) {
				const request = (f.request as IDataObject | undefined) ?? {};
				failed.set(String(request.externalId), f);
			}
			return batch.map((e): IDataObject => {
				const externalId = String(e.account.externalId);
				const ok = created.get(externalId);
				const bad = failed.get(externalId);
				return ok
					? { externalId, outcome: 'created', account: ok }
					: bad
						? { externalId, outcome: 'failed', reasons: (bad.reasons as string[]) ?? [] }
						: { externalId, outcome: 'unknown' };
			});
		},
		(e, error) => ({
			externalId: e.account.externalId,
			outcome: 'failed',
			error: errorMessage(error),
		}),
	);
	return [...output, ...sent];
}
