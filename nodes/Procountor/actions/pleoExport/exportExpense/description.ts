// Export Expense's parameters: the Options collection as the editor shows it, and as the
// pipeline reads it (once per execution, into ExportOptions).
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';
import type { ClosedPeriodPolicy } from '../../../core';
import { timeZoneOf, timeZoneOption } from '../../../../shared/timeZone';
import { collection } from '../../../../shared/descriptions';
import { requestsPerSecondOption } from '../../common.descriptions';

const properties: INodeProperties[] = [
	{
		displayName:
			'Each input item must be a Pleo export item that went through Set Contra Accounts and Map Category. The output (one item per input) feeds Pleo › Export Item › Report Results unchanged.',
		name: 'exportNotice',
		type: 'notice',
		default: '',
	},
	collection('options', [
		{
			displayName: 'Approve Journals',
			name: 'approve',
			type: 'boolean',
			default: false,
			description:
				'Whether to approve each journal after posting it (API journals are created unfinished). A failed approval is reported in the output; the export still counts as successful.',
		},
		{
			displayName: 'Closed Periods',
			name: 'closedPeriods',
			type: 'options',
			options: [
				{
					name: 'Fail the Expense',
					value: 'fail',
					description:
						'Report validation_failure naming the date and the period; reopen the period in Procountor and export again',
				},
				{
					name: 'Post on the First Open Day',
					value: 'firstOpenDay',
					description:
						'Book it on the first day of the next open period; the original date stays in the description and the output',
				},
			],
			default: 'fail',
			description:
				'What to do with an expense dated in a closed tracking period, a closed fiscal year or no fiscal year (checked before anything is posted)',
		},
		{
			displayName: 'Concurrency',
			name: 'concurrency',
			type: 'number',
			typeOptions: { minValue: 1, maxValue: 16 },
			default: 4,
			description:
				'How many expenses are exported at the same time. All requests still share the Requests per Second budget.',
		},
		{
			displayName: 'Dry Run',
			name: 'dryRun',
			type: 'boolean',
			default: false,
			description:
				'Whether to only output the journal each item would become, posting nothing to Procountor',
		},
		{
			displayName: 'External URL Template',
			name: 'externalUrlTemplate',
			type: 'string',
			default: '',
			placeholder: 'e.g. https://pts.procountor.com/ledgerreceipt/{ID}',
			description:
				'Link shown in Pleo for an exported expense. Placeholders: {ID} (ledger receipt ID), {invoiceID}, {receiptNumber}. Empty = no link.',
		},
		{
			displayName: 'Input Binary Fields',
			name: 'binaryProperties',
			type: 'string',
			default: '',
			placeholder: 'e.g. receipt_0, receipt_1',
			description:
				'With Receipts From = Input Binary Fields: comma-separated binary field names to attach. Empty = every binary field of the item.',
		},
		{
			displayName: 'Receipts From',
			name: 'receiptsFrom',
			type: 'options',
			options: [
				{
					name: 'Pleo File URLs',
					value: 'pleoUrls',
					description: 'Download the files[] links of the export item',
				},
				{
					name: 'Input Binary Fields',
					value: 'binary',
					description: 'Attach the binary data of the input item',
				},
			],
			default: 'pleoUrls',
		},
		requestsPerSecondOption,
		{
			displayName: 'Tag Group Mapping',
			name: 'tagGroups',
			type: 'fixedCollection',
			typeOptions: { multipleValues: true },
			default: {},
			placeholder: 'Add Mapping',
			description:
				'Which Pleo tag group belongs to which Procountor dimension. Dimensions without a row use their name upper-cased without accents (Kustannuspaikka → KUSTANNUSPAIKKA).',
			options: [
				{
					displayName: 'Mapping',
					name: 'mapping',
					values: [
						{
							displayName: 'Procountor Dimension',
							name: 'dimension',
							type: 'string',
							default: '',
							description: 'Dimension name or ID',
						},
						{
							displayName: 'Pleo Tag Group Code',
							name: 'groupCode',
							type: 'string',
							default: '',
						},
					],
				},
			],
		},
		timeZoneOption(
			'Time zone of the Procountor company; the expense date in this zone becomes the receipt date',
		),
		{
			displayName: 'Unknown Tags',
			name: 'unknownTags',
			type: 'options',
			options: [
				{ name: 'Fail the Item', value: 'fail', description: 'Report tag_unknown to Pleo' },
				{
					name: 'Skip the Tag',
					value: 'skip',
					description: 'Post the line without that dimension',
				},
			],
			default: 'fail',
			description: 'What to do with a Pleo tag that has no Procountor dimension item',
		},
	]),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['pleoExport'], operation: ['exportExpense'] } },
	properties,
);

export interface ExportOptions {
	approve: boolean;
	closedPeriods: ClosedPeriodPolicy;
	concurrency: number;
	dryRun: boolean;
	externalUrlTemplate: string;
	binaryProperties: string[];
	receiptsFrom: 'pleoUrls' | 'binary';
	timeZone: string;
	unknownTags: 'fail' | 'skip';
	tagGroups: Array<{ dimension: string; groupCode: string }>;
}

/** Export Expense's Options collection, read once per execution. */
export function readExportOptions(ctx: IExecuteFunctions): ExportOptions {
	const o = ctx.getNodeParameter('options', 0, {}) as IDataObject;
	const rows = ((o.tagGroups as IDataObject | undefined)?.mapping ?? []) as Array<IDataObject>;
	return {
		approve: o.approve === true,
		closedPeriods: o.closedPeriods === 'firstOpenDay' ? 'firstOpenDay' : 'fail',
		concurrency: Math.max(1, Math.min(16, Number(o.concurrency ?? 4) || 4)),
		dryRun: o.dryRun === true,
		externalUrlTemplate:
			typeof o.externalUrlTemplate === 'string' ? o.externalUrlTemplate.trim() : '',
		binaryProperties: String(o.binaryProperties ?? '')
			.split(',')
			.map((s) => s.trim())
			.filter(Boolean),
		receiptsFrom: o.receiptsFrom === 'binary' ? 'binary' : 'pleoUrls',
		timeZone: timeZoneOf(o),
		unknownTags: o.unknownTags === 'skip' ? 'skip' : 'fail',
		tagGroups: rows
			.map((r) => ({
				dimension: String(r.dimension ?? '').trim(),
				groupCode: String(r.groupCode ?? '').trim(),
			}))
			.filter((r) => r.dimension && r.groupCode),
	};
}
