// The Procountor sandbox's check of a ledger receipt's transaction lines, one by one: type, account,
// amount in hundredths, VAT fields (the line's status must be enabled for the receipt's VAT type),
// dimensions and text lengths. rules.ts checks the receipt around them and does the VAT and balance.
import type {
	CompanyState,
	DimensionItemValue,
	LedgerTransaction,
	TransactionType,
	VatType,
} from './types';
import { checkText, err, formatCents, isValidDate, toHundredths, type FieldError } from './checks';

export const VAT_TYPES: VatType[] = ['PURCHASE', 'SALES'];
const TX_TYPES: TransactionType[] = ['ENTRY', 'REVERSING_ENTRY', 'RECONCILIATION_ENTRY'];

/** A checked line before ids are given: the line and its amount in cents. */
export type DraftLine = Omit<LedgerTransaction, 'id'> & { cents: number };

export function isObject(v: unknown): v is Record<string, unknown> {
	return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function checkVatStatus(
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
 * Checks `transactions` (a non-empty array) line by line and returns the lines; every problem is
 * pushed to `errors` as a field error under `transactions[i]`.
 */
export function checkTransactions(
	errors: FieldError[],
	company: CompanyState,
	transactions: unknown[],
	vatType: VatType | undefined,
	vatStatus: number | undefined,
): DraftLine[] {
	const lines: DraftLine[] = [];
	let reversing = 0;
	let reconciliation = 0;
	transactions.forEach((raw: unknown, i: number) => {
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
					err(`${p}.transactionType`, 'TOO_MANY_REVERSING_ENTRIES', 'at most one REVERSING_ENTRY'),
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
				errors.push(err(`${p}.accountingValue`, 'TOO_MANY_DECIMALS', 'at most 2 decimals allowed'));
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
				errors.push(err(`${p}.vatPercent`, 'INVALID_VAT_PERCENT', `${tt} must have vatPercent 0`));
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
				errors.push(err(`${p}.vatDeductionPercent`, 'INVALID_VALUE', 'must be between 0 and 100'));
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
	return lines;
}
