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
import type {
	CompanyState,
	DimensionItemValue,
	LedgerTransaction,
	TransactionType,
	VatPosting,
	VatType,
} from './types';
import {
	checkText,
	divRoundHalfAway,
	err,
	formatCents,
	isValidDate,
	periodIsOpen,
	toHundredths,
	type FieldError,
} from './checks';

export * from './checks';

// ---------- ledger receipts ----------

const TX_TYPES: TransactionType[] = ['ENTRY', 'REVERSING_ENTRY', 'RECONCILIATION_ENTRY'];
const VAT_TYPES: VatType[] = ['PURCHASE', 'SALES'];
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

function isObject(v: unknown): v is Record<string, unknown> {
	return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function checkVatStatus(
	company: CompanyState,
	errors: FieldError[],
	field: string,
	v: unknown,
	vatType: VatType | undefined,
): number | undefined {
	if (typeof v !== 'number' || !Number.isInteger(v)) {
		errors.push(err(field, 'INVALID_VAT_STATUS', 'must be an integer VAT status'));
		return undefined;
	}
	const st = company.vat.vatStatuses.find((s) => s.vatStatus === v);
	if (!st) {
		errors.push(err(field, 'INVALID_VAT_STATUS', `VAT status ${v} does not exist`));
		return undefined;
	}
	if (vatType && !(vatType === 'PURCHASE' ? st.purchase : st.sales)) {
		errors.push(
			err(field, 'VAT_STATUS_NOT_ALLOWED', `VAT status ${v} is not enabled for ${vatType}`),
		);
		return undefined;
	}
	return v;
}

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

	const lines: Array<Omit<LedgerTransaction, 'id'> & { cents: number }> = [];
	if (body.transactions === undefined || body.transactions === null) {
		errors.push(err('transactions', 'FIELD_REQUIRED', 'may not be null'));
	} else if (!Array.isArray(body.transactions) || body.transactions.length < 1) {
		errors.push(err('transactions', 'FIELD_REQUIRED', 'at least one transaction is required'));
	} else {
		let reversing = 0;
		let reconciliation = 0;
		body.transactions.forEach((raw: unknown, i: number) => {
			const p = `transactions[${i}]`;
			if (!isObject(raw)) {
				errors.push(err(p, 'INVALID_VALUE', 'transaction must be an object'));
				return;
			}
			const lineErrors = errors.length;
			let tt: TransactionType | undefined;
			if (raw.transactionType === undefined || raw.transactionType === null) {
				errors.push(err(`${p}.transactionType`, 'FIELD_REQUIRED', 'may not be null'));
			} else if (!TX_TYPES.includes(raw.transactionType as TransactionType)) {
				errors.push(err(`${p}.transactionType`, 'INVALID_VALUE', `must be one of ${TX_TYPES}`));
			} else {
				tt = raw.transactionType as TransactionType;
				if (tt === 'REVERSING_ENTRY' && ++reversing === 2) {
					errors.push(
						err(
							`${p}.transactionType`,
							'TOO_MANY_REVERSING_ENTRIES',
							'at most one REVERSING_ENTRY',
						),
					);
				}
				if (tt === 'RECONCILIATION_ENTRY' && ++reconciliation === 2) {
					errors.push(
						err(
							`${p}.transactionType`,
							'TOO_MANY_RECONCILIATION_ENTRIES',
							'at most one RECONCILIATION_ENTRY',
						),
					);
				}
			}
			const special = tt === 'REVERSING_ENTRY' || tt === 'RECONCILIATION_ENTRY';
			let account: string | undefined;
			if (raw.account === undefined || raw.account === null || raw.account === '') {
				errors.push(err(`${p}.account`, 'FIELD_REQUIRED', 'may not be null'));
			} else {
				account = String(raw.account);
				const acc = company.coa.find((a) => a.ledgerAccountCode === account);
				if (!acc) {
					errors.push(
						err(`${p}.account`, 'ACCOUNT_NOT_FOUND', `ledger account ${account} not found`),
					);
				} else if (!acc.active) {
					errors.push(
						err(`${p}.account`, 'ACCOUNT_INACTIVE', `ledger account ${account} is not active`),
					);
				}
			}
			let cents: number | undefined;
			if (raw.accountingValue === undefined || raw.accountingValue === null) {
				errors.push(err(`${p}.accountingValue`, 'FIELD_REQUIRED', 'may not be null'));
			} else {
				const r = toHundredths(raw.accountingValue);
				if (r.ok) cents = r.value;
				else if (r.reason === 'decimals') {
					errors.push(
						err(`${p}.accountingValue`, 'TOO_MANY_DECIMALS', 'at most 2 decimals allowed'),
					);
				} else errors.push(err(`${p}.accountingValue`, 'INVALID_TYPE', 'must be a number'));
			}
			let lineVatType: VatType | undefined;
			if (raw.vatType !== undefined && raw.vatType !== null) {
				if (!VAT_TYPES.includes(raw.vatType as VatType)) {
					errors.push(err(`${p}.vatType`, 'INVALID_VALUE', 'must be PURCHASE or SALES'));
				} else lineVatType = raw.vatType as VatType;
			}
			const effVatType = lineVatType ?? vatType;
			let pct: number | undefined;
			let pct100 = 0;
			if (raw.vatPercent === undefined || raw.vatPercent === null) {
				errors.push(err(`${p}.vatPercent`, 'FIELD_REQUIRED', 'may not be null'));
			} else {
				const r = toHundredths(raw.vatPercent);
				const rate = r.ok
					? company.vat.percentages.find((x) => Math.round(x.vatPercent * 100) === r.value)
					: undefined;
				if (
					!r.ok ||
					!rate ||
					(effVatType && !(effVatType === 'PURCHASE' ? rate.purchase : rate.sales))
				) {
					errors.push(
						err(
							`${p}.vatPercent`,
							'INVALID_VAT_PERCENT',
							`${String(raw.vatPercent)} is not a VAT percentage of the company`,
						),
					);
				} else {
					pct = rate.vatPercent;
					pct100 = r.value;
				}
				if (special && pct !== undefined && pct100 !== 0) {
					errors.push(
						err(`${p}.vatPercent`, 'INVALID_VAT_PERCENT', `${tt} must have vatPercent 0`),
					);
				}
			}
			let lineVatStatus: number | undefined;
			if (raw.vatStatus !== undefined && raw.vatStatus !== null) {
				if (special) {
					errors.push(
						err(`${p}.vatStatus`, 'VAT_STATUS_NOT_ALLOWED', `${tt} must not have a vatStatus`),
					);
				} else {
					lineVatStatus = checkVatStatus(
						company,
						errors,
						`${p}.vatStatus`,
						raw.vatStatus,
						effVatType,
					);
				}
			}
			let vatDeductionPercent: number | undefined;
			let ded100 = 10000;
			if (raw.vatDeductionPercent !== undefined && raw.vatDeductionPercent !== null) {
				const r = toHundredths(raw.vatDeductionPercent);
				if (!r.ok || r.value < 0 || r.value > 10000) {
					errors.push(
						err(`${p}.vatDeductionPercent`, 'INVALID_VALUE', 'must be between 0 and 100'),
					);
				} else {
					ded100 = r.value;
					vatDeductionPercent = r.value / 100;
				}
			}
			const description = checkText(errors, `${p}.description`, raw.description, 255, false);
			for (const k of ['startDate', 'endDate'] as const) {
				if (raw[k] !== undefined && raw[k] !== null && !isValidDate(raw[k])) {
					errors.push(err(`${p}.${k}`, 'INVALID_DATE', 'must be a date YYYY-MM-DD'));
				}
			}
			const dims: DimensionItemValue[] = [];
			if (raw.dimensionItemValues !== undefined && raw.dimensionItemValues !== null) {
				if (!Array.isArray(raw.dimensionItemValues)) {
					errors.push(err(`${p}.dimensionItemValues`, 'INVALID_VALUE', 'must be an array'));
				} else {
					const sums = new Map<number, number>();
					const seen = new Set<string>();
					raw.dimensionItemValues.forEach((dv: unknown, j: number) => {
						const q = `${p}.dimensionItemValues[${j}]`;
						if (!isObject(dv)) {
							errors.push(err(q, 'INVALID_VALUE', 'must be an object'));
							return;
						}
						const dim = company.dimensions.find((d) => d.id === dv.dimensionId);
						if (!dim) {
							errors.push(
								err(
									`${q}.dimensionId`,
									'DIMENSION_NOT_FOUND',
									`dimension ${String(dv.dimensionId)} not found`,
								),
							);
							return;
						}
						const item = dim.items.find((it) => it.id === dv.itemId);
						if (!item) {
							errors.push(
								err(
									`${q}.itemId`,
									'DIMENSION_ITEM_NOT_FOUND',
									`item ${String(dv.itemId)} not found in dimension ${dim.id}`,
								),
							);
							return;
						}
						if (item.status === 'P') {
							errors.push(
								err(
									`${q}.itemId`,
									'DIMENSION_ITEM_INACTIVE',
									`item ${item.id} (${item.codeName}) is not active`,
								),
							);
						}
						const key = `${dim.id}:${item.id}`;
						if (seen.has(key)) {
							errors.push(
								err(
									q,
									'DUPLICATE_DIMENSION_ITEM',
									`item ${item.id} of dimension ${dim.id} used twice`,
								),
							);
						}
						seen.add(key);
						const r = toHundredths(dv.value);
						if (!r.ok) {
							errors.push(
								r.reason === 'decimals'
									? err(`${q}.value`, 'TOO_MANY_DECIMALS', 'at most 2 decimals allowed')
									: err(`${q}.value`, 'FIELD_REQUIRED', 'value must be a number'),
							);
							return;
						}
						sums.set(dim.id, (sums.get(dim.id) ?? 0) + r.value);
						dims.push({ dimensionId: dim.id, itemId: item.id, value: r.value / 100 });
					});
					if (cents !== undefined) {
						for (const [dimId, sum] of sums) {
							if (sum !== cents) {
								errors.push(
									err(
										`${p}.dimensionItemValues`,
										'DIMENSION_VALUES_DO_NOT_MATCH',
										`values of dimension ${dimId} sum to ${formatCents(sum)}, line accountingValue is ${formatCents(cents)}`,
									),
								);
							}
						}
					}
				}
			}
			if (errors.length > lineErrors || tt === undefined || account === undefined) return;
			if (cents === undefined || pct === undefined) return;
			lines.push({
				transactionType: tt,
				account,
				accountingValue: cents / 100,
				cents,
				vatPercent: pct,
				...(lineVatType ? { vatType: lineVatType } : {}),
				...(special ? {} : { vatStatus: lineVatStatus ?? vatStatus }),
				...(vatDeductionPercent !== undefined ? { vatDeductionPercent } : {}),
				...(description !== undefined ? { description } : {}),
				...(typeof raw.startDate === 'string' ? { startDate: raw.startDate } : {}),
				...(typeof raw.endDate === 'string' ? { endDate: raw.endDate } : {}),
				dimensionItemValues: dims,
				// stash for the VAT computation
				...({ _pct100: pct100, _ded100: ded100 } as object),
			});
		});
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
