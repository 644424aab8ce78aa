import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';
import type { ContraConfig, ProcountorAccount } from '../../core';
import { describeExpenseCapitalised, resolveContra } from '../../core';
import { Lookups } from '../../helpers/lookups';
import {
	assertActiveAccount,
	forEachOpenItem,
	locatorValue,
	withProcountor,
} from '../../helpers/pipelineItems';
import type { ProcountorClient } from '../../transport';
import { ledgerAccountLocator } from '../common.descriptions';

const properties: INodeProperties[] = [
	ledgerAccountLocator(
		'cardAccount',
		'Card Account',
		'Balance-sheet account credited for card purchases, refunds, fees and other Pleo wallet transactions, such as 1940',
	),
	ledgerAccountLocator(
		'outOfPocketAccount',
		'Out-of-Pocket Account',
		'Employee liability account credited for out-of-pocket expenses, mileage and per diem, such as "Liabilities to employees"',
	),
	ledgerAccountLocator(
		'reimbursementAccount',
		'Reimbursement Account (Optional)',
		'Optional. Bank account reimbursements to employees are paid from, such as 1910. Leave empty if you do not export reimbursements.',
		false,
	),
	{
		displayName: 'Currency Overrides',
		name: 'currencyOverrides',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		placeholder: 'Add Currency Override',
		default: {},
		description: 'A different card account for a Pleo wallet in another currency',
		options: [
			{
				displayName: 'Override',
				name: 'overrides',
				values: [
					{
						displayName: 'Wallet Currency',
						name: 'currency',
						type: 'string',
						default: '',
						placeholder: 'e.g. SEK',
						description: 'Three-letter ISO currency code of the Pleo wallet',
					},
					{
						displayName: 'Account Code',
						name: 'account',
						type: 'string',
						default: '',
						placeholder: 'e.g. 1941',
						description: 'Procountor ledger account credited for that wallet',
					},
				],
			},
		],
	},
	{
		displayName: 'Prefer Pleo Contra Account',
		name: 'preferPleoContra',
		type: 'boolean',
		default: false,
		description:
			"Whether to credit the contra account configured in Pleo (the export item's contraAccount) when the item carries one, instead of the accounts above",
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['pleoExport'], operation: ['setContraAccounts'] } },
	properties,
);

const STEP = 'Set Contra Accounts';

function readConfig(ctx: IExecuteFunctions, i: number): ContraConfig {
	const overrides =
		(ctx.getNodeParameter('currencyOverrides.overrides', i, []) as IDataObject[]) ?? [];
	const currencyOverrides: Record<string, string> = {};
	for (const [n, row] of overrides.entries()) {
		const currency = String(row.currency ?? '')
			.trim()
			.toUpperCase();
		const account = locatorValue(row.account);
		if (!/^[A-Z]{3}$/.test(currency)) {
			throw new NodeOperationError(
				ctx.getNode(),
				`Currency Overrides, row ${n + 1}: '${currency}' is not a currency code`,
				{
					itemIndex: i,
					description: 'Use a three-letter ISO code such as SEK, USD or NOK.',
				},
			);
		}
		if (!account) {
			throw new NodeOperationError(
				ctx.getNode(),
				`Currency Overrides, row ${n + 1} (${currency}): the account is empty`,
				{
					itemIndex: i,
					description:
						'Fill in the Procountor account code for this wallet currency, or remove the row.',
				},
			);
		}
		if (currencyOverrides[currency]) {
			throw new NodeOperationError(
				ctx.getNode(),
				`Currency Overrides: ${currency} appears more than once`,
				{
					itemIndex: i,
					description: 'Keep one row per wallet currency.',
				},
			);
		}
		currencyOverrides[currency] = account;
	}
	return {
		cardAccount: locatorValue(ctx.getNodeParameter('cardAccount', i, '')),
		outOfPocketAccount: locatorValue(ctx.getNodeParameter('outOfPocketAccount', i, '')),
		reimbursementAccount:
			locatorValue(ctx.getNodeParameter('reimbursementAccount', i, '')) || undefined,
		currencyOverrides,
		preferPleoContra: ctx.getNodeParameter('preferPleoContra', i, false) as boolean,
	};
}

function validateConfig(
	ctx: IExecuteFunctions,
	coa: ProcountorAccount[],
	cfg: ContraConfig,
	i: number,
): void {
	const check = (code: string | undefined, parameter: string) => {
		if (code) assertActiveAccount(ctx, coa, code, parameter, STEP, i);
	};
	if (!cfg.cardAccount) {
		throw new NodeOperationError(ctx.getNode(), 'Card Account is empty', {
			itemIndex: i,
			description: 'Pick the Pleo card (wallet) account, such as 1940, in "Card Account".',
		});
	}
	if (!cfg.outOfPocketAccount) {
		throw new NodeOperationError(ctx.getNode(), 'Out-of-Pocket Account is empty', {
			itemIndex: i,
			description:
				'Pick the employee liability account (such as "Liabilities to employees") in "Out-of-Pocket Account".',
		});
	}
	check(cfg.cardAccount, 'Card Account');
	check(cfg.outOfPocketAccount, 'Out-of-Pocket Account');
	check(cfg.reimbursementAccount, 'Reimbursement Account');
	for (const [currency, account] of Object.entries(cfg.currencyOverrides ?? {})) {
		check(account, `Currency Overrides (${currency})`);
	}
}

export async function execute(
	this: IExecuteFunctions,
	client: ProcountorClient,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	const lookups = new Lookups(client);
	let coa: ProcountorAccount[] | undefined;
	const validated = new Set<string>();
	return await forEachOpenItem(items, async (item, json, i) => {
		const cfg = readConfig(this, i);
		const key = JSON.stringify(cfg);
		if (!validated.has(key)) {
			coa ??= await lookups.accounts();
			validateConfig(this, coa, cfg, i);
			validated.add(key);
		}
		const r = resolveContra(json, cfg);
		if (r.ok && r.contra.source === 'pleo') {
			// The configured accounts were checked above; the one Pleo sends is checked per item.
			coa ??= await lookups.accounts();
			const sent = coa.find((a) => a.code === r.contra.account);
			if (!sent?.active) {
				const failure = {
					failureReasonType: 'account_unknown' as const,
					failureReason: `${describeExpenseCapitalised(json)}: Pleo sent contra account ${r.contra.account}, which is ${sent ? 'inactive' : 'not'} in Procountor's chart of accounts. Fix the contra account in Pleo (Settings › Accounting › Contra accounts), activate it in Procountor, or turn off "Prefer Pleo Contra Account".`,
					step: 'setContraAccounts' as const,
				};
				return withProcountor(item, i, { failure });
			}
		}
		return withProcountor(item, i, r.ok ? { contra: r.contra } : { failure: r.failure });
	});
}
