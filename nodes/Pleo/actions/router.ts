import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { OperationExecute } from '../../shared/perItem';
import { PleoClient } from '../transport';

import * as exportJob from './exportJob/ExportJob.resource';
import * as exportItem from './exportItem/ExportItem.resource';
import * as tagGroup from './tagGroup/TagGroup.resource';
import * as tag from './tag/Tag.resource';
import * as chartOfAccounts from './chartOfAccounts/ChartOfAccounts.resource';
import * as taxCode from './taxCode/TaxCode.resource';
import * as accountingEntry from './accountingEntry/AccountingEntry.resource';
import * as webhookSubscription from './webhookSubscription/WebhookSubscription.resource';

const resources: Record<string, Record<string, unknown>> = {
	exportJob,
	exportItem,
	tagGroup,
	tag,
	chartOfAccounts,
	taxCode,
	accountingEntry,
	webhookSubscription,
};

export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const resource = this.getNodeParameter('resource', 0) as string;
	const operation = this.getNodeParameter('operation', 0) as string;
	const op = resources[resource]?.[operation] as
		{ execute?: OperationExecute<PleoClient> } | undefined;
	if (!op?.execute) {
		throw new NodeOperationError(
			this.getNode(),
			`The operation "${operation}" of resource "${resource}" is not supported`,
		);
	}
	const client = new PleoClient(this);
	return [await op.execute.call(this, client, items)];
}
