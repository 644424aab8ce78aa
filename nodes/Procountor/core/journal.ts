// Export Expense: a Pleo export item (after Set Contra Accounts and Map Category) → the body of
// POST /ledgerreceipts (type JOURNAL). Money stays in integer cents until the JSON values are made.
// The context and result types are in journalTypes.ts, the receipt date in receiptDate.ts.
import { REVERSED_REIMBURSEMENT_SUBTYPES } from './contra';
import { defaultGroupCode, resolveLineDimensions, type SkippedTag } from './dimensions';
import { describeExpenseCapitalised, existingFailure, fail, isObject } from './failure';
import { allocate, centsToAmount, currencyDecimals, decimalEquals, formatMoney } from './money';
import { conversionNote, convertMinor, impliedRate } from './currency';
import { buildDescriptions, buildJournalName, idempotencyTag } from './name';
import { cleanText, safeString } from './text';
import type { JournalTransaction, LineMapping, PleoExportItem, ProcountorDimension } from './types';
import { lineVatTreatment, netFromGross, vatContradiction } from './vat';
import type { JournalContext, JournalLineDetail, JournalResult } from './journalTypes';
import { dateProblem, receiptDateOf } from './receiptDate';

export * from './journalTypes';
export * from './receiptDate';

/** Types that give money back: a positive Pleo amount on these is booked as a negative expense. */
export const REFUND_TYPES = ['refund', 'cashback', 'chargeback'] as const;

const STEP = 'exportExpense' as const;

function intMinor(x: unknown): number | undefined {
	return typeof x === 'number' && Number.isSafeInteger(x) ? x : undefined;
}

/**
 * The conversion note of one Pleo line ('' when nothing was converted), the same words on both
 * paths: a wallet in another currency than the company's is converted at Procountor's rate
 * (`rate`); a company-currency wallet paid in another currency was converted by Pleo, at the
 * rate its two amounts imply.
 */
function lineConversion(
	line: {
		lineAmount?: { inSupplierCurrency?: { value?: unknown; currency?: unknown } | null } | null;
	},
	walletMinors: number,
	walletCurrency: string,
	company: string,
	rate: string | number | null | undefined,
): string {
	const paid = line.lineAmount?.inSupplierCurrency;
	const paidMinors = intMinor(paid?.value);
	const paidCurrency = typeof paid?.currency === 'string' ? paid.currency.trim().toUpperCase() : '';
	const paidOther =
		paidMinors !== undefined && paidCurrency !== '' && paidCurrency !== walletCurrency;
	if (walletCurrency !== company) {
		if (rate === undefined || rate === null || rate === '') return '';
		const note = conversionNote({ minors: walletMinors, currency: walletCurrency }, rate, company);
		return paidOther ? `${note} (paid ${formatMoney(paidMinors, paidCurrency)})` : note;
	}
	if (!paidOther || paidCurrency === company) return '';
	const implied = impliedRate(
		{ minors: paidMinors, currency: paidCurrency },
		{ minors: walletMinors, currency: walletCurrency },
	);
	return implied
		? conversionNote({ minors: paidMinors, currency: paidCurrency }, implied, company)
		: '';
}

export function buildJournal(item: PleoExportItem, ctx: JournalContext): JournalResult {
	const prior = existingFailure(item);
	if (prior) return { ok: false, failure: prior };
	if (!isObject(item)) {
		return fail('validation_failure', 'The item is not a Pleo export item (not an object).', STEP);
	}
	const what = describeExpenseCapitalised(item);
	const id = typeof item.accountingEntryId === 'string' ? item.accountingEntryId.trim() : '';
	if (!id) {
		return fail(
			'validation_failure',
			`${what} has no accountingEntryId; it cannot be exported or reported back to Pleo.`,
			STEP,
		);
	}

	// --- date
	let receiptDate: string | undefined;
	let badZone = false;
	try {
		receiptDate = receiptDateOf(item.date, ctx.timeZone);
	} catch {
		badZone = true;
	}
	if (badZone) {
		return fail(
			'invalid_configuration',
			`${what}: the company time zone '${cleanText(ctx.timeZone, 60)}' is not a valid IANA time zone. Fix the Procountor company settings or the node's time zone.`,
			STEP,
		);
	}
	if (!receiptDate) {
		const problem = dateProblem(item.date) ?? 'it cannot be read';
		const missing = item.date === undefined || item.date === null || item.date === '';
		const head = missing
			? `${what} has no date (field date)`
			: `${what} has an invalid date${typeof item.date === 'string' ? ` '${cleanText(item.date, 40)}'` : ''} (field date): ${problem}`;
		return fail(
			'validation_failure',
			`${head}. Procountor needs a real calendar date as the receipt date; correct the expense date in Pleo and export it again.`,
			STEP,
		);
	}

	// --- amounts (wallet currency, minor units)
	const wallet = item.amount?.inWalletCurrency;
	const currency = typeof wallet?.currency === 'string' ? wallet.currency.trim().toUpperCase() : '';
	if (!/^[A-Z]{3}$/.test(currency)) {
		const raw = wallet?.currency;
		const shown =
			typeof raw === 'string'
				? `'${cleanText(raw, 20)}'`
				: raw === undefined || raw === null
					? 'missing'
					: `not a text (${Array.isArray(raw) ? 'an array' : `a ${typeof raw}`})`;
		return fail(
			'validation_failure',
			`${what} has no valid wallet currency (amount.inWalletCurrency.currency is ${shown}; expected a 3-letter code such as EUR). Re-export it from Pleo.`,
			STEP,
		);
	}
	const rawTotal = wallet?.value;
	let total = intMinor(rawTotal);
	if (total === undefined) {
		return fail(
			'validation_failure',
			`${what}: the amount '${cleanText(safeString(rawTotal ?? 'missing'), 30)}' is not a whole number of minor units (more than 2 decimals or missing). Re-export it from Pleo.`,
			STEP,
		);
	}
	const pleoLines = item.accountingEntryLines;
	if (!Array.isArray(pleoLines) || pleoLines.length === 0) {
		return fail(
			'validation_failure',
			`${what} has no accounting lines; categorise the expense in Pleo and export it again.`,
			STEP,
		);
	}
	const lineGross: number[] = [];
	for (let i = 0; i < pleoLines.length; i++) {
		const lw = pleoLines[i]?.lineAmount?.inWalletCurrency;
		const v = intMinor(lw?.value);
		const lc = typeof lw?.currency === 'string' ? lw.currency.trim().toUpperCase() : currency;
		if (v === undefined || lc !== currency) {
			return fail(
				'validation_failure',
				`${what}: line ${i + 1} has ${v === undefined ? 'a missing or non-integer amount' : `the currency ${lc} instead of ${currency}`} (lineAmount.inWalletCurrency). Re-export it from Pleo.`,
				STEP,
			);
		}
		lineGross.push(v);
	}
	const lineSum = lineGross.reduce((a, b) => a + b, 0);
	if (lineSum !== total) {
		return fail(
			'validation_failure',
			`${what}: its lines add up to ${formatMoney(lineSum, currency)} but the expense total is ${formatMoney(total, currency)}. Fix the split in Pleo and export it again.`,
			STEP,
		);
	}
	if (total === 0) {
		return fail(
			'validation_failure',
			`${what} has a total of 0.00; Procountor does not accept an empty journal. Exclude it from the export or correct the amount in Pleo.`,
			STEP,
		);
	}

	// --- contra
	const contra = item.procountor?.contra;
	if (!isObject(contra) || typeof contra.account !== 'string' || !contra.account) {
		return fail(
			'missing_configuration',
			`${what} has no contra account; run the Set Contra Accounts step before Export Expense.`,
			STEP,
		);
	}

	// --- sign: refunds given as positive amounts are reversed
	const type = typeof item.type === 'string' ? item.type : '';
	const sign: 1 | -1 = (REFUND_TYPES as readonly string[]).includes(type) && total > 0 ? -1 : 1;
	total *= sign;
	let gross = lineGross.map((g) => g * sign);
	const originalTotal = total;

	// --- currency conversion to the company currency
	const company = (ctx.companyCurrency || 'EUR').toUpperCase();
	const converted = currency !== company;
	if (converted) {
		if (ctx.rate === undefined || ctx.rate === null || ctx.rate === '') {
			return fail(
				'validation_failure',
				`${what} is in ${currency} but the Procountor company currency is ${company} and no ${currency} exchange rate was found for ${receiptDate}. Add the rate in Procountor or pay from a ${company} wallet.`,
				STEP,
			);
		}
		let t: number | undefined;
		try {
			t = convertMinor(total, ctx.rate, 'toCompany', {
				foreignDecimals: currencyDecimals(currency),
				companyDecimals: currencyDecimals(company),
			});
		} catch {
			t = undefined;
		}
		if (t === undefined) {
			return fail(
				'validation_failure',
				`${what}: the ${currency} exchange rate '${cleanText(String(ctx.rate), 30)}' is not a positive number. Check the exchange rates in Procountor.`,
				STEP,
			);
		}
		if (t === 0) {
			return fail(
				'validation_failure',
				`${what} converts to 0.00 ${company} at the rate ${cleanText(String(ctx.rate), 30)}; Procountor does not accept an empty journal. Exclude it from the export.`,
				STEP,
			);
		}
		gross = allocate(t, gross);
		total = t;
	}

	const tag = idempotencyTag(id);
	const texts = buildDescriptions(item);
	const name = buildJournalName(item, tag);
	const noVat = ctx.noVatStatus;
	const transactions: JournalTransaction[] = [];
	const details: JournalLineDetail[] = [];
	const skippedTags: SkippedTag[] = [];

	if (contra.role === 'reimbursement') {
		const counter = typeof contra.counterAccount === 'string' ? contra.counterAccount : '';
		if (!counter) {
			return fail(
				'missing_configuration',
				`${what} is a reimbursement but has no out-of-pocket counter account; set “Out-of-Pocket Account” in Set Contra Accounts.`,
				STEP,
			);
		}
		const subType = typeof item.subType === 'string' ? item.subType : '';
		const reversed =
			contra.reversed ?? (REVERSED_REIMBURSEMENT_SUBTYPES as readonly string[]).includes(subType);
		const amount = Math.abs(total);
		const debit = reversed ? contra.account : counter;
		const credit = reversed ? counter : contra.account;
		const desc = cleanText(
			[
				reversed ? 'Pleo reimbursement to the company' : 'Pleo reimbursement to the employee',
				converted
					? conversionNote({ minors: Math.abs(originalTotal), currency }, ctx.rate ?? '', company)
					: '',
			]
				.filter(Boolean)
				.join(' – '),
			255,
		);
		transactions.push(
			{
				transactionType: 'ENTRY',
				account: debit,
				accountingValue: centsToAmount(amount),
				vatPercent: 0,
				vatType: 'PURCHASE',
				vatStatus: noVat,
				description: desc,
			},
			{
				transactionType: 'ENTRY',
				account: credit,
				accountingValue: centsToAmount(-amount),
				vatPercent: 0,
				vatType: 'PURCHASE',
				vatStatus: noVat,
				description: desc,
			},
		);
		details.push({
			accountingEntryLineId: 'reimbursement',
			grossCents: amount,
			netCents: amount,
			vatCents: 0,
			residualCents: 0,
		});
		return {
			ok: true,
			journal: {
				type: 'JOURNAL',
				name,
				receiptDate,
				vatType: 'PURCHASE',
				vatStatus: noVat,
				transactionDescription: texts.transactionDescription,
				invoiceNotes: texts.invoiceNotes,
				transactions,
			},
			tag,
			totals: { grossCents: amount, netCents: amount, vatCents: 0, residualCents: 0 },
			needsReconciliation: false,
			lines: details,
			skippedTags,
			sign,
		};
	}

	// --- mapped lines
	const mappings = item.procountor?.lines;
	if (!Array.isArray(mappings) || mappings.length === 0) {
		return fail(
			'missing_configuration',
			`${what} has no account mapping; run the Map Category step before Export Expense.`,
			STEP,
		);
	}
	const groupCodeOf = ctx.groupCodeOf ?? ((d: ProcountorDimension) => defaultGroupCode(d.name));
	let sumGross = 0;
	let sumNet = 0;
	let sumVat = 0;
	for (let i = 0; i < pleoLines.length; i++) {
		const line = pleoLines[i];
		const lineId = typeof line.accountingEntryLineId === 'string' ? line.accountingEntryLineId : '';
		const m: LineMapping | undefined =
			(lineId ? mappings.find((x) => x && x.accountingEntryLineId === lineId) : undefined) ??
			(mappings.length === pleoLines.length ? mappings[i] : undefined);
		if (!m || typeof m.account !== 'string' || !m.account) {
			return fail(
				'missing_configuration',
				`${what}: line ${i + 1} has no Procountor account mapping; run Map Category on the item before Export Expense.`,
				STEP,
			);
		}
		if (!ctx.vatRates.some((r) => decimalEquals(r, m.vatPercent))) {
			return fail(
				'tax_code_unknown',
				`${what}: line ${i + 1} uses VAT ${safeString(m.vatPercent)} %, which is not a VAT rate of the Procountor company (${ctx.vatRates.join(', ')} %). Fix the tax code in Pleo or the tax rows in Map Category.`,
				STEP,
			);
		}
		const taxCode = cleanText(line.tax?.code, 40) || 'none';
		if (ctx.purchaseVatStatuses && !ctx.purchaseVatStatuses.includes(Number(m.vatStatus))) {
			return fail(
				'invalid_configuration',
				`${what}: line ${i + 1} (Pleo tax code '${taxCode}') is mapped to VAT status ${safeString(m.vatStatus)}, which is not enabled for purchases in this Procountor company. Its purchase VAT statuses are ${ctx.purchaseVatStatuses.join(', ')}. Map '${taxCode}' to one of them in Map Category › Tax Code Mappings (or in the VAT Overrides of the account row) and run the chain again.`,
				STEP,
			);
		}
		const treatment = lineVatTreatment(line.tax?.type, m.vatStatus, ctx.selfAssessedStatuses);
		const contradiction = vatContradiction(
			m.vatStatus,
			m.vatPercent,
			line.tax?.type,
			ctx.selfAssessedStatuses,
		);
		if (contradiction) {
			return fail(
				'invalid_configuration',
				`${what}: line ${i + 1} (Pleo tax code '${taxCode}') ${contradiction}, so Procountor would not book the VAT Pleo shows. Fix the row for '${taxCode}' in Map Category (a VAT status that matches the tax type, or VAT Percent 0) and run Map Category again.`,
				STEP,
			);
		}
		const g = gross[i];
		sumGross += g;
		if (g === 0) continue; // a zero split line books nothing
		let net = g;
		let vat = 0;
		let residual = 0;
		// Pleo's tax type decides (reverse: self-assessed, net = gross; inclusive: VAT added); the
		// status number only when Pleo gives no type (1 adds VAT, 3/8/9 self-assess).
		if (treatment === 'added' && !decimalEquals(m.vatPercent, 0)) {
			const pleoNet = intMinor(line.netAmount?.inWalletCurrency?.value);
			const preferred = !converted && pleoNet !== undefined ? pleoNet * sign : undefined;
			const r = netFromGross(g, m.vatPercent, preferred);
			net = r.netCents;
			vat = r.vatCents;
			residual = r.residualCents;
		}
		sumNet += net;
		sumVat += vat;
		const dims = resolveLineDimensions(line.tags, ctx.dimensions ?? [], groupCodeOf, net, {
			unknownTags: ctx.unknownTags,
			item,
			step: STEP,
			line: `line ${i + 1}`,
		});
		if (!dims.ok) return dims;
		skippedTags.push(...dims.skipped);
		const tx: JournalTransaction = {
			transactionType: 'ENTRY',
			account: m.account,
			accountingValue: centsToAmount(net),
			vatPercent: m.vatPercent,
			vatType: 'PURCHASE',
			vatStatus: m.vatStatus,
			vatDeductionPercent: m.vatDeductionPercent ?? 100,
			description: texts.lineDescription(
				line,
				lineConversion(line, lineGross[i], currency, company, ctx.rate),
			),
		};
		if (dims.dimensionItemValues.length) tx.dimensionItemValues = dims.dimensionItemValues;
		transactions.push(tx);
		details.push({
			accountingEntryLineId: lineId || `line-${i + 1}`,
			grossCents: g,
			netCents: net,
			vatCents: vat,
			residualCents: residual,
		});
	}
	const creditLabel =
		contra.role === 'outOfPocket'
			? `Owed to ${cleanText(item.user?.name, 80) || 'the employee'}`
			: 'Pleo card account';
	transactions.push({
		transactionType: 'ENTRY',
		account: contra.account,
		accountingValue: centsToAmount(-sumGross),
		vatPercent: 0,
		vatType: 'PURCHASE',
		vatStatus: noVat,
		description: cleanText(
			`${creditLabel} – ${cleanText(item.supplier?.name, 100) || cleanText(item.note, 100) || type}`,
			255,
		),
	});
	const residualCents = sumGross - (sumNet + sumVat);
	return {
		ok: true,
		journal: {
			type: 'JOURNAL',
			name,
			receiptDate,
			vatType: 'PURCHASE',
			vatStatus: transactions.length > 1 ? transactions[0].vatStatus : noVat,
			transactionDescription: texts.transactionDescription,
			invoiceNotes: texts.invoiceNotes,
			transactions,
		},
		tag,
		totals: { grossCents: sumGross, netCents: sumNet, vatCents: sumVat, residualCents },
		needsReconciliation: residualCents !== 0,
		lines: details,
		skippedTags,
		sign,
	};
}
