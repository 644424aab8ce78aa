// Set Contra Accounts: which balance-sheet account the journal credits, by Pleo type/subType.
import { describeExpenseCapitalised, fail, isObject } from './failure';
import { typeLabel } from './name';
import type { ContraResolution, Failed, PleoExportItem } from './types';

export interface ContraConfig {
	/** Card / wallet account in the company currency (e.g. 1940). */
	cardAccount: string;
	/** Employee liability account for out-of-pocket, mileage and per diem (e.g. 2940). */
	outOfPocketAccount: string;
	/** Bank account reimbursements are paid from (e.g. 1910). */
	reimbursementAccount?: string;
	/** Wallet currency → card account, e.g. { SEK: '1941' }. */
	currencyOverrides?: Record<string, string>;
	/** Use Pleo's contraAccount.code when the item carries one (wallet types). */
	preferPleoContra?: boolean;
}

export const WALLET_TYPES = [
	'card_purchase',
	'card_invoice',
	'refund',
	'fee',
	'cashback',
	'chargeback',
	'atm_withdrawal',
	'wallet_topup',
	'wallet_unload',
	'personal_spend',
	'invoice_payment',
] as const;
export const OUT_OF_POCKET_TYPES = ['out_of_pocket', 'mileage', 'per_diem'] as const;
export const REIMBURSEMENT_TYPES = ['direct_reimbursement', 'external_reimbursement'] as const;
/** subTypes where money flows from the employee back to the company. */
export const REVERSED_REIMBURSEMENT_SUBTYPES = [
	'reimbursement_to_company',
	'reimbursement_to_employee_refund',
] as const;

export type ContraResult = { ok: true; contra: ContraResolution } | Failed;

const clean = (s: unknown) => (typeof s === 'string' ? s.trim() : '');
const STEP = 'setContraAccounts' as const;

export function resolveContra(item: PleoExportItem, cfg: ContraConfig): ContraResult {
	if (!isObject(item)) {
		return fail('validation_failure', 'The item is not a Pleo export item (not an object).', STEP);
	}
	const what = describeExpenseCapitalised(item);
	const type = clean(item.type);
	const subType = clean(item.subType);
	const label = typeLabel(type);
	const wallet = clean(item.amount?.inWalletCurrency?.currency).toUpperCase();
	const pleoCode = clean(item.contraAccount?.code);

	if ((WALLET_TYPES as readonly string[]).includes(type)) {
		if (cfg.preferPleoContra && pleoCode) {
			return ok({
				account: pleoCode,
				role: 'card',
				source: 'pleo',
				reason: `${label} paid from the ${wallet || 'Pleo'} wallet: credited to Pleo's contra account ${pleoCode} (“Prefer Pleo contra account” is on).`,
			});
		}
		const overrides = cfg.currencyOverrides ?? {};
		const overrideKey = Object.keys(overrides).find((k) => k.trim().toUpperCase() === wallet);
		const override = overrideKey ? clean(overrides[overrideKey]) : '';
		if (wallet && override) {
			return ok({
				account: override,
				role: 'card',
				source: 'currencyOverride',
				reason: `${label} paid from the ${wallet} wallet: credited to ${override}, the card account set for ${wallet} in the currency overrides.`,
			});
		}
		const card = clean(cfg.cardAccount);
		if (!card) {
			return fail(
				'missing_configuration',
				`${what}: no card contra account is configured. Set “Card Account” in the Set Contra Accounts step${wallet ? ` or add a currency override for ${wallet}` : ''}.`,
				STEP,
			);
		}
		return ok({
			account: card,
			role: 'card',
			source: 'parameter',
			reason: `${label} paid from the ${wallet || 'Pleo'} wallet: credited to the card account ${card} set in the node parameters.`,
		});
	}

	if ((OUT_OF_POCKET_TYPES as readonly string[]).includes(type)) {
		const oop = clean(cfg.outOfPocketAccount);
		if (!oop) {
			return fail(
				'missing_configuration',
				`${what}: no out-of-pocket contra account is configured. Set “Out-of-Pocket Account” (employee liabilities, e.g. 2940) in the Set Contra Accounts step.`,
				STEP,
			);
		}
		return ok({
			account: oop,
			role: 'outOfPocket',
			source: 'parameter',
			reason: `${label} is owed to the employee: credited to the out-of-pocket (employee liability) account ${oop}.`,
		});
	}

	if ((REIMBURSEMENT_TYPES as readonly string[]).includes(type)) {
		const oop = clean(cfg.outOfPocketAccount);
		let account = clean(cfg.reimbursementAccount);
		let source: ContraResolution['source'] = 'parameter';
		if (!account && cfg.preferPleoContra && pleoCode) {
			account = pleoCode;
			source = 'pleo';
		}
		if (!account || !oop) {
			return fail(
				'missing_configuration',
				`${what}: a reimbursement needs both the reimbursement account and the out-of-pocket account. Set “${!account ? 'Reimbursement Account' : 'Out-of-Pocket Account'}” in the Set Contra Accounts step.`,
				STEP,
			);
		}
		const reversed = (REVERSED_REIMBURSEMENT_SUBTYPES as readonly string[]).includes(subType);
		const reason = reversed
			? `Reimbursement from the employee to the company (${subType}): debits ${account} and credits the out-of-pocket account ${oop}.`
			: `Reimbursement paid to the employee: debits the out-of-pocket account ${oop} and credits ${account}${source === 'pleo' ? " (Pleo's contra account)" : ''}.`;
		return ok({ account, role: 'reimbursement', source, reason, counterAccount: oop, reversed });
	}

	if (type === 'invoice') {
		return fail(
			'invalid_configuration',
			`${what} is a supplier invoice; this workflow books card and employee expenses as journals only. Export supplier invoices with an accounts-payable integration or exclude them from the export.`,
			STEP,
		);
	}
	return fail(
		'validation_failure',
		type
			? `${what} has the Pleo type '${type}', which this integration does not know how to book. Report it to the workflow owner; supported types: ${[...WALLET_TYPES, ...OUT_OF_POCKET_TYPES, ...REIMBURSEMENT_TYPES].join(', ')}.`
			: `${what} has no Pleo expense type; re-export it from Pleo.`,
		STEP,
	);
}

function ok(contra: ContraResolution): ContraResult {
	return { ok: true, contra };
}
