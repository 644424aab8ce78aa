import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';
import type {
	AccountRow,
	MappingTable,
	ProcountorAccount,
	TaxRow,
	UnmappedPolicy,
	VatInfo,
} from '../../core';
import { decimalEquals, resolveLines, rowVatContradiction, vatInfoOf } from '../../core';
import { Lookups } from '../../helpers/lookups';
import type { ProcountorClient } from '../../transport';
import {
	assertActiveAccount,
	forEachOpenItem,
	locatorValue,
	withProcountor,
} from '../../helpers/pipelineItems';

const vatStatusField = (name: string): INodeProperties => ({
	displayName: 'VAT Status Name or ID',
	name,
	type: 'options',
	typeOptions: { loadOptionsMethod: 'getVatStatuses' },
	default: '',
	description:
		'Procountor purchase VAT status from the company\'s own list (numbers differ per company), such as Domestic or EU purchases of services. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
});

const vatPercentField = (name: string): INodeProperties => ({
	displayName: 'VAT Percent Name or ID',
	name,
	type: 'options',
	typeOptions: { loadOptionsMethod: 'getVatPercentages' },
	default: '',
	description:
		'One of the Procountor company\'s VAT rates. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
});

const deductionField = (name: string): INodeProperties => ({
	displayName: 'VAT Deduction Percent',
	name,
	type: 'number',
	typeOptions: { minValue: 0, maxValue: 100, numberPrecision: 2 },
	default: 100,
	description: 'Share of the VAT that is deductible, such as 50 for entertainment',
});

const properties: INodeProperties[] = [
	{
		displayName: 'Account Mappings',
		name: 'accountMappings',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		placeholder: 'Add Account Mapping',
		default: {},
		description:
			'Pleo account (by code, or by category/account name) → Procountor ledger account, optionally with the VAT to use',
		options: [
			{
				displayName: 'Mapping',
				name: 'mappings',
				values: [
					{
						displayName: 'Pleo Account or Category',
						name: 'pleo',
						type: 'string',
						default: '',
						placeholder: 'e.g. 7600 or Travel expenses',
						description:
							"A Pleo account code or a category/account name. Matched against the line's account code first, then its account or category name (case-insensitive).",
					},
					{
						displayName: 'Procountor Account',
						name: 'account',
						type: 'resourceLocator',
						default: { mode: 'list', value: '' },
						description: 'The Procountor ledger account the line is debited to',
						modes: [
							{
								displayName: 'From List',
								name: 'list',
								type: 'list',
								typeOptions: { searchListMethod: 'searchLedgerAccounts', searchable: true },
							},
							{
								displayName: 'By Code',
								name: 'id',
								type: 'string',
								placeholder: 'e.g. 7600',
							},
						],
					},
					{
						displayName: 'VAT Overrides',
						name: 'vat',
						type: 'collection',
						placeholder: 'Add VAT Override',
						default: {},
						description:
							'Leave empty to take the VAT from the tax code mappings or the Pleo tax code',
						options: [
							vatStatusField('vatStatus'),
							vatPercentField('vatPercent'),
							deductionField('vatDeductionPercent'),
						],
					},
				],
			},
		],
	},
	{
		displayName: 'Tax Code Mappings',
		name: 'taxCodeMappings',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		placeholder: 'Add Tax Code Mapping',
		default: {},
		description:
			"Pleo tax code → Procountor VAT status and percent. Without a row, inclusive/exclusive codes book as the domestic status at their rate and reverse codes as the company's status for EU purchases of services (of goods for EURCG), as its VAT list describes it; where the list cannot tell, add a row. The VAT is booked by the Pleo tax type (reverse: self-assessed, net = gross), whatever the status number.",
		options: [
			{
				displayName: 'Mapping',
				name: 'mappings',
				values: [
					{
						displayName: 'Pleo Tax Code',
						name: 'taxCode',
						type: 'string',
						default: '',
						placeholder: 'e.g. EURC',
					},
					vatStatusField('vatStatus'),
					vatPercentField('vatPercent'),
					deductionField('vatDeductionPercent'),
				],
			},
		],
	},
	{
		displayName: 'Unmapped Accounts',
		name: 'unmappedPolicy',
		type: 'options',
		default: 'usePleoCode',
		description: 'What to do with a line whose Pleo account has no row in Account Mappings',
		options: [
			{
				name: 'Use the Pleo Account Code',
				value: 'usePleoCode',
				description:
					"Book to the Procountor account with the line's Pleo account code, if it exists and is active. Works when Pleo's chart of accounts was imported from Procountor (same codes).",
			},
			{
				name: 'Fail the Item',
				value: 'fail',
				description: 'The item is reported to Pleo as account_unknown and not exported',
			},
		],
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['pleoExport'], operation: ['mapCategory'] } },
	properties,
);

const STEP = 'Map Category';

const blank = (x: unknown) => x === undefined || x === null || x === '';

function readTable(ctx: IExecuteFunctions, i: number): MappingTable {
	const accountRows: AccountRow[] = (
		(ctx.getNodeParameter('accountMappings.mappings', i, []) as IDataObject[]) ?? []
	).map((r) => {
		const vat = (r.vat as IDataObject | undefined) ?? {};
		return {
			pleo: String(r.pleo ?? '').trim(),
			account: locatorValue(r.account),
			vatStatus: blank(vat.vatStatus) ? null : Number(vat.vatStatus),
			vatPercent: blank(vat.vatPercent) ? null : Number(vat.vatPercent),
			vatDeductionPercent: blank(vat.vatDeductionPercent) ? null : Number(vat.vatDeductionPercent),
		};
	});
	const taxRows: TaxRow[] = (
		(ctx.getNodeParameter('taxCodeMappings.mappings', i, []) as IDataObject[]) ?? []
	).map((r) => ({
		taxCode: String(r.taxCode ?? '').trim(),
		vatStatus: blank(r.vatStatus) ? NaN : Number(r.vatStatus),
		vatPercent: blank(r.vatPercent) ? NaN : Number(r.vatPercent),
		vatDeductionPercent: blank(r.vatDeductionPercent) ? null : Number(r.vatDeductionPercent),
	}));
	return { accountRows, taxRows };
}

/** Checks every row against the chart of accounts and VAT settings; a bad row stops the node. */
function validateTable(
	ctx: IExecuteFunctions,
	table: MappingTable,
	coa: ProcountorAccount[],
	vats: VatInfo,
	i: number,
): void {
	const bad = (row: string, message: string, fix: string): never => {
		throw new NodeOperationError(ctx.getNode(), `${row}: ${message}`, {
			itemIndex: i,
			description: fix,
		});
	};
	const checkVat = (
		row: string,
		status: number | null | undefined,
		percent: number | null | undefined,
		deduction: number | null | undefined,
	) => {
		// A status the company has not enabled for purchases fails the expenses that use the row
		// (resolveLines names the tax code and the statuses); expenses that do not use it still run.
		if (status !== null && status !== undefined && !Number.isFinite(status)) {
			bad(row, `VAT status ${String(status)} is not a number`, 'Pick a Procountor VAT status.');
		}
		if (percent !== null && percent !== undefined) {
			if (!Number.isFinite(percent) || !vats.percentages.some((p) => decimalEquals(p, percent))) {
				bad(
					row,
					`VAT ${String(percent)} % is not a VAT rate of the Procountor company`,
					`Pick one of ${vats.percentages.join(', ')} %.`,
				);
			}
		}
		if (
			deduction !== null &&
			deduction !== undefined &&
			(!Number.isFinite(deduction) || deduction < 0 || deduction > 100)
		) {
			bad(
				row,
				`VAT deduction ${String(deduction)} % is outside 0–100`,
				'Use a percentage between 0 and 100.',
			);
		}
		// A row that alone contradicts itself (status 12 "no VAT handling" with a percent > 0):
		// Procountor would book no VAT while the percent says there is some. Any other status is a
		// label: the line's Pleo tax type decides its treatment (a reverse-charge status may be 6).
		const contradiction = rowVatContradiction(status, percent);
		if (contradiction) {
			bad(
				row,
				contradiction,
				`Set VAT Percent to 0 to book no VAT, or pick VAT Status 1 (domestic) to book ${String(percent)} % VAT.`,
			);
		}
	};
	const seen = new Map<string, number>();
	table.accountRows.forEach((r, n) => {
		const row = `Account Mappings, row ${n + 1}${r.pleo ? ` ('${r.pleo}')` : ''}`;
		if (!r.pleo)
			bad(row, 'the Pleo account code or category name is empty', 'Fill it in or remove the row.');
		const key = r.pleo.toLowerCase();
		if (seen.has(key)) {
			bad(
				row,
				`'${r.pleo}' is already mapped in row ${(seen.get(key) as number) + 1}`,
				'Keep one row per Pleo account or category.',
			);
		}
		seen.set(key, n);
		if (!r.account)
			bad(
				row,
				'the Procountor account is empty',
				'Pick the Procountor ledger account for this row.',
			);
		assertActiveAccount(ctx, coa, r.account, row, STEP, i);
		checkVat(row, r.vatStatus, r.vatPercent, r.vatDeductionPercent);
	});
	const seenTax = new Map<string, number>();
	table.taxRows.forEach((r, n) => {
		const row = `Tax Code Mappings, row ${n + 1}${r.taxCode ? ` ('${r.taxCode}')` : ''}`;
		if (!r.taxCode) bad(row, 'the Pleo tax code is empty', 'Fill it in or remove the row.');
		const key = r.taxCode.toLowerCase();
		if (seenTax.has(key)) {
			bad(
				row,
				`'${r.taxCode}' is already mapped in row ${(seenTax.get(key) as number) + 1}`,
				'Keep one row per Pleo tax code.',
			);
		}
		seenTax.set(key, n);
		if (!Number.isFinite(r.vatStatus))
			bad(row, 'the VAT status is empty', 'Pick the Procountor VAT status for this tax code.');
		if (!Number.isFinite(r.vatPercent))
			bad(row, 'the VAT percent is empty', 'Pick the Procountor VAT percent for this tax code.');
		checkVat(row, r.vatStatus, r.vatPercent, r.vatDeductionPercent);
	});
}

export async function execute(
	this: IExecuteFunctions,
	client: ProcountorClient,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	const lookups = new Lookups(client);
	let reference: { coa: ProcountorAccount[]; vats: VatInfo } | undefined;
	const validated = new Set<string>();
	return await forEachOpenItem(items, async (item, json, i) => {
		const table = readTable(this, i);
		const policy = this.getNodeParameter('unmappedPolicy', i, 'usePleoCode') as UnmappedPolicy;
		if (!reference) {
			const [coa, vats] = await Promise.all([lookups.accounts(), lookups.vatDefaults()]);
			reference = { coa, vats: vatInfoOf(vats) };
		}
		const key = JSON.stringify(table);
		if (!validated.has(key)) {
			validateTable(this, table, reference.coa, reference.vats, i);
			validated.add(key);
		}
		const r = resolveLines(
			json,
			table,
			policy === 'fail' ? 'fail' : 'usePleoCode',
			reference.coa,
			reference.vats,
		);
		return withProcountor(item, i, r.ok ? { lines: r.lines } : { failure: r.failure });
	});
}
