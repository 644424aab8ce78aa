import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';
import * as attachment from './actions/attachment/Attachment.resource';
import * as company from './actions/company/Company.resource';
import * as dimension from './actions/dimension/Dimension.resource';
import * as fiscalYear from './actions/fiscalYear/FiscalYear.resource';
import * as ledgerAccount from './actions/ledgerAccount/LedgerAccount.resource';
import * as ledgerReceipt from './actions/ledgerReceipt/LedgerReceipt.resource';
import * as pleoExport from './actions/pleoExport/PleoExport.resource';
import * as vat from './actions/vat/Vat.resource';
import { router } from './actions/router';
import * as listSearch from './methods/listSearch';
import * as loadOptions from './methods/loadOptions';

export class Procountor implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Procountor',
		name: 'procountor',
		icon: {
			light: 'file:../../icons/procountor.svg',
			dark: 'file:../../icons/procountor.dark.svg',
		},
		group: ['transform'],
		version: 1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description: 'Read Procountor (Finago) accounting data and export Pleo expenses as journals',
		defaults: { name: 'Procountor' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [
			{
				name: 'procountorApi',
				required: true,
				displayOptions: { show: { authentication: ['apiKey'] } },
			},
			{
				name: 'procountorOAuth2Api',
				required: true,
				displayOptions: { show: { authentication: ['oAuth2'] } },
			},
			{
				name: 'pleoApi',
				required: true,
				displayOptions: {
					show: {
						resource: ['pleoExport'],
						operation: ['importAccountsToPleo', 'importDimensionsAsTags', 'reconcileExports'],
					},
				},
			},
		],
		properties: [
			{
				displayName: 'Authentication',
				name: 'authentication',
				type: 'options',
				options: [
					{ name: 'API Key (Machine to Machine)', value: 'apiKey' },
					{ name: 'OAuth2', value: 'oAuth2' },
				],
				default: 'apiKey',
			},
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: [
					{ name: 'Attachment', value: 'attachment' },
					{ name: 'Company', value: 'company' },
					{ name: 'Dimension', value: 'dimension' },
					{ name: 'Fiscal Year', value: 'fiscalYear' },
					{ name: 'Ledger Account', value: 'ledgerAccount' },
					{ name: 'Ledger Receipt', value: 'ledgerReceipt' },
					{ name: 'Pleo Export', value: 'pleoExport' },
					{ name: 'VAT', value: 'vat' },
				],
				default: 'company',
			},
			...attachment.description,
			...company.description,
			...dimension.description,
			...fiscalYear.description,
			...ledgerAccount.description,
			...ledgerReceipt.description,
			...pleoExport.description,
			...vat.description,
		],
	};

	methods = { listSearch, loadOptions };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
