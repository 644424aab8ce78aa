// Failure helpers: every failure names the expense so a bookkeeper can find it in Pleo.
import { formatMoney } from './money';
import { cleanText } from './text';
import type { Failed, FailureReasonType, ItemFailure, PleoExportItem, StepName } from './types';

export function fail(
	failureReasonType: FailureReasonType,
	failureReason: string,
	step: StepName,
): Failed {
	return { ok: false, failure: { failureReasonType, failureReason, step } };
}

export function isObject(x: unknown): x is Record<string, unknown> {
	return typeof x === 'object' && x !== null && !Array.isArray(x);
}

/** The existing failure of an item that an earlier step failed, if any. */
export function existingFailure(item: PleoExportItem | null | undefined): ItemFailure | undefined {
	if (!isObject(item) || !isObject(item.procountor)) return undefined;
	const f = item.procountor.failure;
	return isObject(f) && typeof f.failureReason === 'string' ? (f as ItemFailure) : undefined;
}

/**
 * "the expense 'Taxi Helsinki' of 2026-03-14, 50.00 EUR (Pleo accounting entry 8f3c…)":
 * merchant (or note, or type), date, wallet amount and the accounting entry id.
 */
export function describeExpense(item: PleoExportItem | null | undefined): string {
	if (!isObject(item)) return 'the expense (no data)';
	const parts: string[] = [];
	const merchant = cleanText(item.supplier?.name, 60) || cleanText(item.note, 60);
	const type = typeof item.type === 'string' ? item.type.replace(/_/g, ' ') : '';
	let head = merchant ? `the expense '${merchant}'` : type ? `the ${type} expense` : 'the expense';
	if (typeof item.date === 'string' && item.date) head += ` of ${item.date.slice(0, 10)}`;
	parts.push(head);
	const w = item.amount?.inWalletCurrency;
	if (w && Number.isSafeInteger(w.value)) parts.push(formatMoney(w.value as number, w.currency));
	const id = typeof item.accountingEntryId === 'string' && item.accountingEntryId;
	return `${parts.join(', ')} (Pleo accounting entry ${id || 'without id'})`;
}

/** Capitalised variant for the start of a sentence. */
export function describeExpenseCapitalised(item: PleoExportItem | null | undefined): string {
	const s = describeExpense(item);
	return s.charAt(0).toUpperCase() + s.slice(1);
}
