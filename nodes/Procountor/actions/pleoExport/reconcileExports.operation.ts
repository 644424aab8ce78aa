// Reconcile Exports: for one period, is every Pleo expense in Procountor exactly once, with the
// right amount, and nothing else? Read only. One run per input item (normally one, from a
// Schedule Trigger): Pleo accounting entries of the period (cursor pages of 100), Procountor
// journals of the period (pages of 200) and the lines of the matched journals (batches of 200),
// so the calls grow with pages, not with expenses. The matching is core/reconcile.ts.
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';
import { PleoClient } from '../../../Pleo/transport';
import { perItem } from '../../../shared/perItem';
import { parseTimeZone, timeZoneOption } from '../../../shared/timeZone';
import {
	addDays,
	journalsNeedingDetail,
	periodInstants,
	periodProblem,
	reconcile,
	type ExpenseDateField,
	type ReconcileResult,
} from '../../core';
import { fetchLedgerReceipts } from '../../helpers/ledgerReceipts';
import { Lookups } from '../../helpers/lookups';
import type { ProcountorClient } from '../../transport';
import { collection } from '../../../shared/descriptions';
import { requestsPerSecondOption } from '../common.descriptions';

const properties: INodeProperties[] = [
	{
		displayName:
			'Read only: this operation never writes to Pleo or Procountor, so there is no Dry Run. It reads the Pleo expenses and the Procountor journals of the period and outputs one item per finding plus a summary. Journals are matched by the [P:…] tag Export Expense puts at the end of every journal name.',
		name: 'reconcileNotice',
		type: 'notice',
		default: '',
	},
	{
		displayName: 'From',
		name: 'from',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. 2026-03-01',
		description:
			"First day of the period (YYYY-MM-DD, in the company's time zone). A date-time is cut to its date.",
	},
	{
		displayName: 'To',
		name: 'to',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. 2026-03-31',
		description: 'Last day of the period, included (YYYY-MM-DD)',
	},
	{
		displayName: 'Contra Accounts',
		name: 'contraAccounts',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. 1940, 2940, 1910',
		description:
			'Comma-separated ledger accounts the export credits (card, out-of-pocket, reimbursement and any currency overrides from Set Contra Accounts). A journal’s amount is what it books on these accounts.',
	},
	{
		displayName: 'Output',
		name: 'output',
		type: 'options',
		options: [
			{
				name: 'Findings and Summary',
				value: 'findingsAndSummary',
				description: 'One item per finding, then one summary item',
			},
			{ name: 'Summary Only', value: 'summaryOnly', description: 'Only the summary item' },
			{
				name: 'Everything',
				value: 'everything',
				description:
					'One item per expense (matched or not) and per unknown journal, then the summary',
			},
		],
		default: 'findingsAndSummary',
	},
	collection('options', [
		{
			displayName: 'Check Receipts',
			name: 'checkReceipts',
			type: 'boolean',
			default: true,
			description:
				'Whether to report receipt_missing when a Pleo expense has more receipts than its journal has attachments. Turn off if your Procountor does not list journal attachments.',
		},
		{
			displayName: 'Expense Date',
			name: 'dateField',
			type: 'options',
			options: [
				{ name: 'Performed At (Purchase Date)', value: 'performedAt' },
				{ name: 'Bookkeeping Date', value: 'bookkeepingDate' },
			],
			default: 'performedAt',
			description:
				'Which Pleo date selects the period and must equal the journal’s receipt date (Export Expense uses the purchase date)',
		},
		{
			displayName: 'Include Not Exported',
			name: 'includeNotExported',
			type: 'boolean',
			default: true,
			description:
				'Whether to output not_exported findings (informational: expenses of the period still waiting for an export)',
		},
		{
			displayName: 'Margin (Days)',
			name: 'marginDays',
			type: 'number',
			typeOptions: { minValue: 0, maxValue: 62 },
			default: 7,
			description:
				'Days before and after the period that are read too, so an expense and its journal on either side of the boundary still match',
		},
		requestsPerSecondOption,
		timeZoneOption(
			"Time zone of the Procountor company: the same as Export Expense's, so expense dates become the same receipt dates",
		),
	]),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['pleoExport'], operation: ['reconcileExports'] } },
	properties,
);

type OutputMode = 'findingsAndSummary' | 'summaryOnly' | 'everything';

/** YYYY-MM-DD from a date or the date part of a date-time; '' for anything else. */
function dayOf(value: unknown): string {
	const s = typeof value === 'string' ? value.trim() : '';
	return /^\d{4}-\d{2}-\d{2}/.test(s) ? s.slice(0, 10) : s;
}

/** The run for one input item: reads, matches, and shapes the output records. */
async function reconcileOne(
	this: IExecuteFunctions,
	client: ProcountorClient,
	i: number,
): Promise<IDataObject[]> {
	const from = dayOf(this.getNodeParameter('from', i));
	const to = dayOf(this.getNodeParameter('to', i));
	const problem = periodProblem(from, to);
	if (problem) {
		throw new NodeOperationError(this.getNode(), `The period is not valid: ${problem}.`, {
			itemIndex: i,
			description: 'Set From and To to dates such as 2026-03-01 and 2026-03-31.',
		});
	}
	const contraAccounts = String(this.getNodeParameter('contraAccounts', i, ''))
		.split(',')
		.map((s) => s.trim())
		.filter(Boolean);
	if (!contraAccounts.length) {
		throw new NodeOperationError(this.getNode(), 'Contra Accounts is empty.', {
			itemIndex: i,
			description:
				'Enter the accounts Export Expense credits, e.g. 1940, 2940, 1910 (the ones chosen in Set Contra Accounts).',
		});
	}
	const output = this.getNodeParameter('output', i, 'findingsAndSummary') as OutputMode;
	const o = this.getNodeParameter('options', i, {}) as IDataObject;
	const timeZone = parseTimeZone.call(this, o, i);
	const marginDays = Math.max(0, Math.min(62, Math.floor(Number(o.marginDays ?? 7)) || 0));
	const dateField: ExpenseDateField =
		o.dateField === 'bookkeepingDate' ? 'bookkeepingDate' : 'performedAt';

	const callsBefore = client.stats.calls;
	let pleoCalls = 0;

	// Procountor (company currency, then the journals of the period ± margin in every status) and
	// Pleo (accounting entries of the period ± margin, deleted ones included) are read side by side
	const readProcountor = async () => {
		const company = await new Lookups(client).company();
		const rows = await client.getAllPages<IDataObject>('/ledgerreceipts', {
			types: 'JOURNAL',
			startDate: addDays(from, -marginDays),
			endDate: addDays(to, marginDays),
		});
		return {
			companyCurrency:
				typeof company.companyCurrency === 'string' ? company.companyCurrency : 'EUR',
			journalRows: rows,
		};
	};
	const { start, end } = periodInstants(from, to, timeZone, marginDays);
	const readPleo = async (): Promise<IDataObject[]> => {
		try {
			const pleo = new PleoClient(this);
			const companyId = await pleo.companyId();
			return await pleo.getAllPages('POST', '/v1/accounting-entries:search', {
				qs: { company_id: companyId },
				body: { includeDeleted: true, [`${dateField}Start`]: start, [`${dateField}End`]: end },
				idempotent: true,
				onRequest: () => pleoCalls++,
			});
		} catch (error) {
			const e = error as { message?: unknown; description?: unknown };
			throw new NodeOperationError(
				this.getNode(),
				`Reading the Pleo accounting entries of ${from} – ${to} failed: ${String(e.message ?? error)}`,
				{
					itemIndex: i,
					description:
						typeof e.description === 'string' && e.description
							? e.description
							: 'Check the Pleo credential (API key, environment, company ID) and run the reconciliation again.',
				},
			);
		}
	};
	const [{ companyCurrency, journalRows }, entries] = await Promise.all([
		readProcountor(),
		readPleo(),
	]);

	// the lines (amount) and attachments of every valid tagged journal (orphans of the period too)
	const ids = journalsNeedingDetail(entries, journalRows, undefined, { from, to });
	const details = new Map<number, unknown>();
	// four batches in flight: the shared rate limiter keeps the pace, latency overlaps
	for (const r of await fetchLedgerReceipts(client, ids, 4)) details.set(Number(r.id), r);

	const result: ReconcileResult = reconcile(entries, journalRows, details, {
		from,
		to,
		timeZone,
		dateField,
		companyCurrency,
		contraAccounts,
		marginDays,
		includeNotExported: o.includeNotExported !== false,
		checkReceipts: o.checkReceipts !== false,
	});

	const procountorCalls = client.stats.calls - callsBefore;
	const summary: IDataObject = {
		type: 'summary',
		...(result.summary as unknown as IDataObject),
		read: {
			pleoEntries: entries.length,
			procountorJournals: journalRows.length,
			journalDetails: details.size,
		},
		calls: { pleo: pleoCalls, procountor: procountorCalls, total: pleoCalls + procountorCalls },
	};
	const records: IDataObject[] = [];
	if (output === 'findingsAndSummary') {
		for (const f of result.findings)
			records.push({ type: 'finding', ...(f as unknown as IDataObject) });
	} else if (output === 'everything') {
		for (const r of result.rows)
			records.push({ type: 'expense', ...(r as unknown as IDataObject) });
	}
	records.push(summary);
	return records;
}

/** One reconciliation per input item (normally one); every output item is paired with it. */
export const execute = perItem(reconcileOne);
