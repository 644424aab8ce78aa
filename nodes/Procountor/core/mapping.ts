// Map Category: Pleo account/category + tax code → Procountor account and VAT per line.
import { REIMBURSEMENT_TYPES } from './contra';
import { describeExpenseCapitalised, fail, isObject } from './failure';
import { decimalEquals, parseDecimal, shiftDecimal } from './money';
import { cleanText, toWindows1252 } from './text';
import { lineVatTreatment, vatContradiction } from './vat';
import {
	REVERSE_CHARGE_CODES,
	REVERSE_CHARGE_LABELS,
	type ReverseChargeKind,
} from './reverseCharge';
import type {
	Failed,
	LineMapping,
	LineSource,
	PleoExportItem,
	ProcountorAccount,
	VatInfo,
	VatSource,
} from './types';

export interface AccountRow {
	/** Pleo account code, or the Pleo account/category name (case-insensitive). */
	pleo: string;
	account: string;
	vatStatus?: number | null;
	vatPercent?: number | null;
	vatDeductionPercent?: number | null;
}

export interface TaxRow {
	taxCode: string;
	vatStatus: number;
	vatPercent: number;
	vatDeductionPercent?: number | null;
}

export interface MappingTable {
	accountRows: AccountRow[];
	taxRows: TaxRow[];
}

export type UnmappedPolicy = 'usePleoCode' | 'fail';

/**
 * VAT statuses used when no tax row applies: domestic (1) and no VAT handling (12), the two the
 * reference confirms. Reverse charge has no built-in number: it is the company's own status
 * (reverseCharge.ts).
 */
export const DEFAULT_VAT_STATUS = { domestic: 1, noVat: 12 } as const;

export type LinesResult = { ok: true; lines: LineMapping[] } | Failed;

const STEP = 'mapCategory' as const;
const norm = (s: unknown) => (typeof s === 'string' ? s.trim().toLowerCase() : '');
const isBlank = (x: unknown) => x === undefined || x === null || x === '';

/**
 * Resolves every accounting line. Account: a row matching the Pleo account code, else a row
 * matching the account/category name (case-insensitive), else (policy usePleoCode) Pleo's code.
 * VAT, field by field: account-row VAT fields > tax row (by tax code) > Pleo's tax:
 * inclusive/exclusive → status 1 with rate × 100; reverse → the company's status for EU purchases
 * of services (of goods for the code EURCG), as its VAT list describes it, else the line fails
 * asking for a tax row; rate 0 → status 1, 0 %; no tax at all (mileage, per diem, fees) → status 12, 0 %.
 * The VAT treatment (added / self-assessed / none) follows Pleo's tax type, whatever the status
 * number (a company's reverse-charge status may be 6); the number decides only without a type.
 * vatDeductionPercent defaults to 100. Reimbursement items get no lines (nothing to categorise). The account must be active in the chart of accounts, the
 * percent must be a company rate and the status must be enabled for purchases.
 */
export function resolveLines(
	item: PleoExportItem,
	table: MappingTable,
	policy: UnmappedPolicy,
	coa: ProcountorAccount[],
	vats: VatInfo,
): LinesResult {
	if (!isObject(item)) {
		return fail('validation_failure', 'The item is not a Pleo export item (not an object).', STEP);
	}
	// Reimbursements book no expense account (out-of-pocket ↔ reimbursement account only).
	if (
		(REIMBURSEMENT_TYPES as readonly string[]).includes(
			typeof item.type === 'string' ? item.type : '',
		)
	) {
		return { ok: true, lines: [] };
	}
	const what = describeExpenseCapitalised(item);
	const lines = item.accountingEntryLines;
	if (!Array.isArray(lines) || lines.length === 0) {
		return fail(
			'validation_failure',
			`${what} has no accounting lines (accountingEntryLines is empty); categorise the expense in Pleo and export it again.`,
			STEP,
		);
	}
	const out: LineMapping[] = [];
	for (let i = 0; i < lines.length; i++) {
		const line = lines[i];
		const lineLabel = lines.length > 1 ? ` (split line ${i + 1} of ${lines.length})` : '';
		if (!line || typeof line !== 'object' || Array.isArray(line)) {
			return fail('validation_failure', `${what}${lineLabel}: the line is not an object.`, STEP);
		}
		const pleoCode = typeof line.account?.code === 'string' ? line.account.code.trim() : '';
		const pleoName = typeof line.account?.name === 'string' ? line.account.name.trim() : '';
		const pleoDesc =
			pleoCode || pleoName
				? `'${toWindows1252([pleoCode, pleoName].filter(Boolean).join(' '))}'`
				: '(none)';

		// --- account
		let row: AccountRow | undefined;
		let source: LineSource;
		let account: string;
		const byCode = pleoCode
			? table.accountRows.find((r) => norm(r.pleo) === norm(pleoCode))
			: undefined;
		const byName =
			!byCode && pleoName
				? table.accountRows.find((r) => norm(r.pleo) === norm(pleoName))
				: undefined;
		let accountReason: string;
		if (byCode) {
			row = byCode;
			source = 'accountRow';
			account = String(byCode.account).trim();
			accountReason = `Pleo account ${pleoCode} is mapped to ${account} in the mapping table`;
		} else if (byName) {
			row = byName;
			source = 'categoryRow';
			account = String(byName.account).trim();
			accountReason = `Pleo category '${toWindows1252(pleoName)}' is mapped to ${account} in the mapping table`;
		} else if (policy === 'usePleoCode' && pleoCode) {
			source = 'pleoAccountCode';
			account = pleoCode;
			accountReason = `no mapping row; Pleo's account code ${pleoCode} is used as the Procountor account`;
		} else {
			return fail(
				'account_unknown',
				pleoCode || pleoName
					? `${what}${lineLabel}: the Pleo account ${pleoDesc} has no row in the Map Category table. Add a row mapping it to a Procountor account, or set “Unmapped Accounts” to use Pleo's account code.`
					: `${what}${lineLabel} has no category/account in Pleo. Categorise the expense in Pleo and export it again.`,
				STEP,
			);
		}
		if (!account) {
			return fail(
				'invalid_configuration',
				`${what}${lineLabel}: the mapping row for ${pleoDesc} has an empty Procountor account. Fill in the account in the Map Category table.`,
				STEP,
			);
		}
		const coaEntry = coa.find((a) => String(a.code).trim() === account);
		if (!coaEntry) {
			return fail(
				'account_unknown',
				`${what}${lineLabel}: Procountor account ${account} (from Pleo account ${pleoDesc}) does not exist in the Procountor chart of accounts. Create it in Procountor or map ${pleoDesc} to an existing account.`,
				STEP,
			);
		}
		if (!coaEntry.active) {
			return fail(
				'validation_failure',
				`${what}${lineLabel}: Procountor account ${account} '${toWindows1252(coaEntry.name)}' is inactive. Activate it in Procountor or map ${pleoDesc} to an active account.`,
				STEP,
			);
		}

		// --- VAT
		const tax = line.tax && typeof line.tax === 'object' ? line.tax : null;
		const taxCode = tax && typeof tax.code === 'string' ? tax.code.trim() : '';
		const taxRow = taxCode
			? table.taxRows.find((r) => norm(r.taxCode) === norm(taxCode))
			: undefined;
		let vatStatus: number;
		let vatPercent: number;
		let vatDeductionPercent = 100;
		let vatSource: VatSource;
		/** Where the status and the percent came from, for configuration errors. */
		let statusFrom: string;
		let percentFrom: string;
		let vatReason: string;
		/** why a reverse-charge code has no status yet (the company's list cannot tell), if so */
		let unresolved = '';
		const taxType = tax && typeof tax.type === 'string' ? tax.type.toLowerCase() : '';
		if (taxRow) {
			vatStatus = Number(taxRow.vatStatus);
			vatPercent = Number(taxRow.vatPercent);
			if (!isBlank(taxRow.vatDeductionPercent))
				vatDeductionPercent = Number(taxRow.vatDeductionPercent);
			statusFrom = percentFrom = `the tax code row '${toWindows1252(taxRow.taxCode)}'`;
			vatSource = 'taxCodeRow';
			vatReason = `tax code ${taxCode} is mapped to VAT status ${vatStatus}, ${vatPercent} %`;
		} else if (tax && !isBlank(tax.rate)) {
			let pct: number | undefined;
			try {
				const d = parseDecimal(tax.rate as number | string);
				pct = d.int < BigInt(0) ? undefined : shiftDecimal(tax.rate as number | string, 2);
			} catch {
				pct = undefined;
			}
			if (pct === undefined || pct > 100) {
				return fail(
					'tax_code_unknown',
					`${what}${lineLabel}: tax code '${toWindows1252(taxCode || '?')}' has an invalid rate '${cleanText(tax.rate, 30)}'. Fix the tax code in Pleo or add a tax row for it in Map Category.`,
					STEP,
				);
			}
			vatPercent = pct;
			statusFrom = percentFrom = `Pleo's tax code '${toWindows1252(taxCode || '?')}'`;
			if (taxType === 'reverse') {
				// the company's own reverse-charge status: goods for the goods code, else services
				const kind: ReverseChargeKind =
					norm(taxCode) === norm(REVERSE_CHARGE_CODES.euGoods) ? 'euGoods' : 'euServices';
				const rc = vats.reverseCharge?.[kind];
				if (rc?.ok) {
					vatStatus = rc.status;
					vatReason = `reverse-charge tax code ${taxCode || '(no code)'} → ${rc.reason}, ${pct} %`;
				} else {
					vatStatus = NaN;
					unresolved = rc
						? rc.why
						: `the company's VAT list was not read, so its status for ${REVERSE_CHARGE_LABELS[kind]} is not known`;
					vatReason = `reverse-charge tax code ${taxCode || '(no code)'}: ${unresolved}`;
				}
			} else {
				vatStatus = DEFAULT_VAT_STATUS.domestic;
				vatReason = `tax code ${taxCode || '(no code)'} (${taxType || 'inclusive'}) → domestic VAT status 1, ${pct} %`;
			}
			vatSource = 'pleoTaxCode';
		} else {
			vatStatus = DEFAULT_VAT_STATUS.noVat;
			vatPercent = 0;
			statusFrom = percentFrom = 'the default for lines without a tax code';
			vatSource = 'noTax';
			vatReason = 'no tax code → VAT status 12 (no VAT handling), 0 %';
		}
		const rowName = row ? `the mapping row '${toWindows1252(row.pleo)}'` : '';
		if (row) {
			const overrides: string[] = [];
			if (!isBlank(row.vatStatus)) {
				vatStatus = Number(row.vatStatus);
				statusFrom = rowName;
				overrides.push(`status ${vatStatus}`);
			}
			if (!isBlank(row.vatPercent)) {
				vatPercent = Number(row.vatPercent);
				percentFrom = rowName;
				overrides.push(`${vatPercent} %`);
			}
			if (!isBlank(row.vatDeductionPercent)) {
				vatDeductionPercent = Number(row.vatDeductionPercent);
				overrides.push(`deduction ${vatDeductionPercent} %`);
			}
			if (overrides.length) {
				vatSource = 'accountRow';
				vatReason += `; the account row sets ${overrides.join(', ')}`;
			}
		}
		if (!Number.isFinite(vatStatus) && unresolved) {
			const code = toWindows1252(taxCode || 'none');
			return fail(
				'invalid_configuration',
				`${what}${lineLabel}: Pleo tax code '${code}' is reverse charge, but ${unresolved}. Add a row for '${code}' in Map Category › Tax Code Mappings with the company's reverse-charge VAT status (the list shows each status with its description), or enable the status in Procountor.`,
				STEP,
			);
		}
		if (
			!Number.isFinite(vatPercent) ||
			!vats.percentages.some((p) => decimalEquals(p, vatPercent))
		) {
			return fail(
				'tax_code_unknown',
				`${what}${lineLabel}: VAT ${String(vatPercent)} % (tax code '${toWindows1252(taxCode || 'none')}') is not a VAT rate of the Procountor company (${vats.percentages.join(', ')} %). Fix the tax code in Pleo or add a tax row mapping '${toWindows1252(taxCode || 'none')}' in Map Category.`,
				STEP,
			);
		}
		if (vats.statuses.length > 0) {
			const st = vats.statuses.find((s) => Number(s.status) === vatStatus);
			if (!st || !st.purchase) {
				const code = toWindows1252(taxCode || 'none');
				return fail(
					'invalid_configuration',
					`${what}${lineLabel}: Pleo tax code '${code}' is booked with VAT status ${String(vatStatus)} (from ${statusFrom}), which is ${st ? 'not enabled for purchases' : 'not a VAT status'} in this Procountor company. Its purchase VAT statuses are ${vats.statuses
						.filter((s) => s.purchase)
						.map((s) => s.status)
						.join(
							', ',
						)}. Map '${code}' to one of them in Map Category › Tax Code Mappings (or in the VAT Overrides of the account row), or enable the status for purchases in Procountor.`,
					STEP,
				);
			}
		}
		// The VAT model follows Pleo's tax type (reverse → self-assessed, net = gross; inclusive →
		// VAT added); the status number decides only when Pleo gives no tax type.
		const treatment = lineVatTreatment(taxType, vatStatus, vats.selfAssessedStatuses);
		const contradiction = vatContradiction(
			vatStatus,
			vatPercent,
			taxType,
			vats.selfAssessedStatuses,
		);
		if (contradiction) {
			const fixRow =
				rowName && (statusFrom === rowName || percentFrom === rowName)
					? rowName
					: statusFrom === percentFrom
						? statusFrom
						: `${statusFrom} or ${percentFrom}`;
			const origin =
				statusFrom === percentFrom
					? `both come from ${statusFrom}`
					: `the status comes from ${statusFrom} and the percent from ${percentFrom}`;
			return fail(
				'invalid_configuration',
				`${what}${lineLabel}: ${contradiction} (${origin}), so the line cannot be booked as configured. ` +
					`Fix ${fixRow} in Map Category: pick a VAT status that matches the tax type (1 domestic for VAT paid to the supplier, the company's reverse-charge status for reverse codes), or set VAT Percent 0 to book no VAT.`,
				STEP,
			);
		}
		const reverseCharge = treatment === 'reverseCharge';
		if (
			!Number.isFinite(vatDeductionPercent) ||
			vatDeductionPercent < 0 ||
			vatDeductionPercent > 100
		) {
			return fail(
				'invalid_configuration',
				`${what}${lineLabel}: VAT deduction percent ${String(vatDeductionPercent)} must be between 0 and 100. Fix it in the Map Category table.`,
				STEP,
			);
		}
		const id =
			typeof line.accountingEntryLineId === 'string' && line.accountingEntryLineId
				? line.accountingEntryLineId
				: `line-${i + 1}`;
		out.push({
			accountingEntryLineId: id,
			account,
			accountName: coaEntry.name,
			vatStatus,
			vatPercent,
			vatDeductionPercent,
			reverseCharge,
			vatTreatment: treatment,
			source,
			vatSource,
			reason: `${accountReason}; ${vatReason}.`,
		});
	}
	return { ok: true, lines: out };
}
