import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import * as accountingEntry from './actions/accountingEntry/AccountingEntry.resource';
import * as chartOfAccounts from './actions/chartOfAccounts/ChartOfAccounts.resource';
import * as exportItem from './actions/exportItem/ExportItem.resource';
import * as exportJob from './actions/exportJob/ExportJob.resource';
import { router } from './actions/router';
import * as tag from './actions/tag/Tag.resource';
import * as tagGroup from './actions/tagGroup/TagGroup.resource';
import * as taxCode from './actions/taxCode/TaxCode.resource';
import * as webhookSubscription from './actions/webhookSubscription/WebhookSubscription.resource';
import { listSearch, loadOptions } from './methods';

export class Pleo implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Pleo',
		name: 'pleo',
		icon: { light: 'file:../../icons/pleo.svg', dark: 'file:../../icons/pleo.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description:
			'Export Pleo expenses: export jobs and items, tags, chart of accounts, tax codes and accounting entries',
		defaults: { name: 'Pleo' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'pleoApi', required: true }],
		properties: [
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: [
					{ name: 'Account (Chart of Accounts)', value: 'chartOfAccounts' },
					{ name: 'Accounting Entry', value: 'accountingEntry' },
					{ name: 'Export Item', value: 'exportItem' },
					{ name: 'Export Job', value: 'exportJob' },
					{ name: 'Tag', value: 'tag' },
					{ name: 'Tag Group', value: 'tagGroup' },
					{ name: 'Tax Code', value: 'taxCode' },
					{ name: 'Webhook Subscription', value: 'webhookSubscription' },
				],
				default: 'exportJob',
			},
			...accountingEntry.description,
			...chartOfAccounts.description,
			...exportItem.description,
			...exportJob.description,
			...tag.description,
			...tagGroup.description,
			...taxCode.description,
			...webhookSubscription.description,
		],
	};

	methods = { listSearch, loadOptions };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
