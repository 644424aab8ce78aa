import type { INodeProperties } from 'n8n-workflow';
import * as exportExpense from './exportExpense';
import * as importAccountsToPleo from './importAccountsToPleo.operation';
import * as importDimensionsAsTags from './importDimensionsAsTags.operation';
import * as mapCategory from './mapCategory.operation';
import * as reconcileExports from './reconcileExports.operation';
import * as setContraAccounts from './setContraAccounts.operation';

export {
	exportExpense,
	importAccountsToPleo,
	importDimensionsAsTags,
	mapCategory,
	reconcileExports,
	setContraAccounts,
};

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['pleoExport'] } },
		options: [
			{
				name: 'Export Expense',
				value: 'exportExpense',
				action: 'Export expenses as journals',
				description:
					'Post each Pleo export item as a balanced Procountor journal with VAT, dimensions and receipts',
			},
			{
				name: 'Import Accounts and VAT Codes to Pleo',
				value: 'importAccountsToPleo',
				action: 'Import accounts and VAT codes',
				description:
					"Push Procountor's active accounts and VAT codes into Pleo so categories can be linked",
			},
			{
				name: 'Import Dimensions as Tags',
				value: 'importDimensionsAsTags',
				action: 'Import dimensions as tags',
				description: 'Keep Pleo tag groups and tags in sync with Procountor dimensions',
			},
			{
				name: 'Map Category',
				value: 'mapCategory',
				action: 'Map categories to accounts and VAT',
				description: 'Resolve each expense line to a Procountor ledger account and VAT code',
			},
			{
				name: 'Reconcile Exports',
				value: 'reconcileExports',
				action: 'Reconcile exports',
				description:
					'Read-only check for a period: every exported Pleo expense is in Procountor exactly once, with the right amount, date and receipts, and no journal is left over',
			},
			{
				name: 'Set Contra Accounts',
				value: 'setContraAccounts',
				action: 'Set contra accounts',
				description: 'Choose the balancing account for card and out-of-pocket expenses',
			},
		],
		default: 'exportExpense',
	},
	...exportExpense.description,
	...importAccountsToPleo.description,
	...importDimensionsAsTags.description,
	...mapCategory.description,
	...reconcileExports.description,
	...setContraAccounts.description,
];
