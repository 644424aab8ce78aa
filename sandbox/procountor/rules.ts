// Exact money helpers, text rules and the ledger-receipt validation of the Procountor sandbox.
//
// VAT model (what the sandbox assumes Procountor does with a JOURNAL):
//  - `accountingValue` is NET. For every ENTRY line with vatPercent > 0 Procountor computes
//    vat = round-half-away-from-zero(accountingValue * vatPercent / 100) to cents.
//  The status's `treatment` in the company's list decides (behaviours.ts: default list 1 added,
//  3/8/9 reverse charge; the 'alternative' list has its reverse-charge status at 6).
//  - PURCHASE, vatStatus 1 (Domestic): the VAT is paid to the supplier, so it is part of the
//    receipt total. The deductible share (vatDeductionPercent, default 100) is booked to 1765,
//    the non-deductible rest stays on the line's own (expense) account.
//  - PURCHASE, vatStatus 3/8/9 (outside EU / EU goods / EU services = reverse charge): the
//    VAT is self-assessed: receivable (1765, deductible share; rest on the expense account)
//    and payable (2939, full VAT) cancel out, so it does NOT change the receipt total.
//  - SALES, vatStatus 1: output VAT on 2939 (same sign as the line), part of the total.
//  - vatStatus 12, SALES with 5, vatPercent 0, REVERSING_ENTRY/RECONCILIATION_ENTRY: no VAT.
//  The total Σ(accountingValue) + Σ(VAT that is part of the total) must be exactly 0.
//  With ?createReconciliation=true a difference of at most 1.00 is closed by one appended
//  RECONCILIATION_ENTRY on account 8990 (vatPercent 0); a larger one is refused.
//  Generated VAT lines are stored in `receipt.vatPostings` (state only, not in API answers).
import type { CompanyState, LedgerTransaction, VatPosting, VatType } from './types';
import {
	checkText,
	divRoundHalfAway,
	err,
	formatCents,
	isValidDate,
	periodIsOpen,
	type FieldError,
} from './checks';
import {
	checkTransactions,
	checkVatStatus,
	isObject,
	VAT_TYPES,
	type DraftLine,
} from './transactions';

export * from './checks';
export { checkTransactions, type DraftLine } from './transactions';

// ---------- ledger receipts ----------

export const PURCHASE_VAT_ACCOUNT = '1765';
export const VAT_PAYABLE_ACCOUNT = '2939';
export const RECONCILIATION_ACCOUNT = '8990';
export const MAX_RECONCILIATION_CENTS = 100;

export type ReceiptDraft = {
	name: string;
	receiptDate: string;
	vatType: VatType;
	vatStatus: number;
	vatProcessing?: string;
	invoiceNotes?: string;
	accountantsNotes?: string;
	transactionDescription?: string;
	receiptValidity?: string;
	periodStartDate?: string;
	periodEndDate?: string;
	transactions: LedgerTransaction[];
	vatPostings: VatPosting[];
};

export type ValidationResult =
	{ ok: true; draft: ReceiptDraft } | { ok: false; httpStatus: number; errors: FieldError[] };

/**
 * Validates a POST /ledgerreceipts body the way the sandbox models Procountor, computes the
 * VAT and balance. `nextTransactionId` allocates line ids (only called on success).
 */
export function validateLedgerReceipt(
	company: CompanyState,
	body: unknown,
	createReconciliation: boolean,
	nextTransactionId: () => number,
): ValidationResult {
	const errors: FieldError[] = [];
	if (!isObject(body)) {
		return {
			ok: false,
			httpStatus: 400,
			errors: [err('', 'INVALID_BODY', 'JSON object expected')],
		};
	}
	if (body.type === undefined || body.type === null) {
		errors.push(err('type', 'FIELD_REQUIRED', 'may not be null'));
	} else if (body.type !== 'JOURNAL') {
		errors.push(
			err('type', 'INVALID_RECEIPT_TYPE', 'only ledger receipts of type JOURNAL can be created'),
		);
	}
	const name = checkText(errors, 'name', body.name, 80, true);
	let receiptDate: string | undefined;
	if (body.receiptDate === undefined || body.receiptDate === null) {
		errors.push(err('receiptDate', 'FIELD_REQUIRED', 'may not be null'));
	} else if (!isValidDate(body.receiptDate)) {
		errors.push(err('receiptDate', 'INVALID_DATE', 'must be a date YYYY-MM-DD'));
	} else {
		receiptDate = body.receiptDate;
	}
	let vatType: VatType | undefined;
	if (body.vatType === undefined || body.vatType === null) {
		errors.push(err('vatType', 'FIELD_REQUIRED', 'may not be null'));
	} else if (!VAT_TYPES.includes(body.vatType as VatType)) {
		errors.push(err('vatType', 'INVALID_VALUE', 'must be PURCHASE or SALES'));
	} else {
		vatType = body.vatType as VatType;
	}
	let vatStatus: number | undefined;
	if (body.vatStatus === undefined || body.vatStatus === null) {
		errors.push(err('vatStatus', 'FIELD_REQUIRED', 'may not be null'));
	} else {
		vatStatus = checkVatStatus(company, errors, 'vatStatus', body.vatStatus, vatType);
	}
	const transactionDescription = checkText(
		errors,
		'transactionDescription',
		body.transactionDescription,
		255,
		false,
	);
	const accountantsNotes = checkText(errors, 'accountantsNotes', body.accountantsNotes, 255, false);
	const invoiceNotes = checkText(errors, 'invoiceNotes', body.invoiceNotes, 10000, false);

	let lines: DraftLine[] = [];
	if (body.transactions === undefined || body.transactions === null) {
		errors.push(err('transactions', 'FIELD_REQUIRED', 'may not be null'));
	} else if (!Array.isArray(body.transactions) || body.transactions.length < 1) {
		errors.push(err('transactions', 'FIELD_REQUIRED', 'at least one transaction is required'));
	} else {
		lines = checkTransactions(errors, company, body.transactions, vatType, vatStatus);
	}
	if (errors.length > 0) return { ok: false, httpStatus: 400, errors };

	if (!periodIsOpen(company, receiptDate as string)) {
		return {
			ok: false,
			httpStatus: 409,
			errors: [
				err(
					'receiptDate',
					'CLOSED_FISCAL_PERIOD',
					`${receiptDate} is not in an open fiscal year and tracking period`,
					409,
				),
			],
		};
	}

	// VAT and balance
	const transactions: LedgerTransaction[] = [];
	const vatPostings: VatPosting[] = [];
	let total = 0;
	for (const l of lines) {
		const { cents, _pct100, _ded100, ...rest } = l as typeof l & {
			_pct100: number;
			_ded100: number;
		};
		const tx: LedgerTransaction = { id: nextTransactionId(), ...rest };
		transactions.push(tx);
		total += cents;
		if (tx.transactionType !== 'ENTRY' || _pct100 === 0) continue;
		const vt = tx.vatType ?? (vatType as VatType);
		const st = tx.vatStatus as number;
		const vat = divRoundHalfAway(cents * _pct100, 10000);
		if (vat === 0) continue;
		const post = (kind: VatPosting['kind'], account: string, amountCents: number) => {
			if (amountCents !== 0) {
				vatPostings.push({
					sourceTransactionId: tx.id,
					kind,
					account,
					amountCents,
					accountingValue: amountCents / 100,
				});
			}
		};
		// the company's own status list says how a status books VAT (behaviours.ts)
		const treatment = company.vat.vatStatuses.find((s) => s.vatStatus === st)?.treatment;
		if (vt === 'PURCHASE' && (treatment === 'added' || treatment === 'reverseCharge')) {
			const ded = divRoundHalfAway(vat * _ded100, 10000);
			post('DEDUCTIBLE_VAT', PURCHASE_VAT_ACCOUNT, ded);
			post('NON_DEDUCTIBLE_VAT', tx.account, vat - ded);
			if (treatment === 'added') total += vat;
			else post('REVERSE_CHARGE_PAYABLE', VAT_PAYABLE_ACCOUNT, -vat);
		} else if (vt === 'SALES' && st === 1) {
			post('SALES_VAT', VAT_PAYABLE_ACCOUNT, vat);
			total += vat;
		}
	}
	if (total !== 0) {
		if (!createReconciliation || lines.some((l) => l.transactionType === 'RECONCILIATION_ENTRY')) {
			return {
				ok: false,
				httpStatus: 400,
				errors: [
					err(
						'transactions',
						'RECEIPT_NOT_BALANCED',
						`receipt total including VAT is ${formatCents(total)} (difference ${formatCents(total)}), must be 0`,
					),
				],
			};
		}
		if (Math.abs(total) > MAX_RECONCILIATION_CENTS) {
			return {
				ok: false,
				httpStatus: 400,
				errors: [
					err(
						'transactions',
						'RECONCILIATION_TOO_LARGE',
						`difference ${formatCents(total)} exceeds the 1.00 reconciliation limit`,
					),
				],
			};
		}
		transactions.push({
			id: nextTransactionId(),
			transactionType: 'RECONCILIATION_ENTRY',
			account: RECONCILIATION_ACCOUNT,
			accountingValue: -total / 100,
			vatPercent: 0,
			description: 'Reconciliation',
			dimensionItemValues: [],
		});
	}
	const b = body;
	const optStr = (k: string) => (typeof b[k] === 'string' ? { [k]: b[k] as string } : {});
	return {
		ok: true,
		draft: {
			name: name as string,
			receiptDate: receiptDate as string,
			vatType: vatType as VatType,
			vatStatus: vatStatus as number,
			...(transactionDescription !== undefined ? { transactionDescription } : {}),
			...(accountantsNotes !== undefined ? { accountantsNotes } : {}),
			...(invoiceNotes !== undefined ? { invoiceNotes } : {}),
			...optStr('vatProcessing'),
			...optStr('receiptValidity'),
			...optStr('periodStartDate'),
			...optStr('periodEndDate'),
			transactions,
			vatPostings,
		},
	};
}
