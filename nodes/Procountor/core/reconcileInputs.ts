// Reconcile Exports: the Pleo accounting entries and Procountor journals normalised for matching
// (exact amounts in minor units, the idempotency tag, the receipt date), and the references and
// sentences a finding shows the bookkeeper.
import { receiptDateOf } from './receiptDate';
import { currencyCode, divRoundHalfAway, formatMoney, parseDecimal, pow10 } from './money';
import { findTagInName } from './name';
import { cleanText } from './text';
import type { ExpenseRef, JournalRef, MoneyOut, ReconcileSettings } from './reconcileTypes';

export const isObj = (x: unknown): x is Record<string, unknown> =>
	typeof x === 'object' && x !== null && !Array.isArray(x);
export const str = (x: unknown): string => (typeof x === 'string' ? x : '');

/** A Procountor amount (number or decimal string) in minor units of a currency; exact. */
export function amountToMinors(value: unknown, decimals = 2): number | undefined {
	if (typeof value !== 'number' && typeof value !== 'string') return undefined;
	let d;
	try {
		d = parseDecimal(value);
	} catch {
		return undefined;
	}
	const int =
		d.scale <= decimals
			? d.int * pow10(decimals - d.scale)
			: divRoundHalfAway(d.int, pow10(d.scale - decimals));
	const n = Number(int);
	return Number.isSafeInteger(n) ? n || 0 : undefined;
}

export function moneyOut(minors: number, currency: string): MoneyOut {
	return { currency, minors, text: formatMoney(minors, currency) };
}

/** The merchant part of a journal name `Pleo <merchant> – <who> [P:…]`. */
export function merchantFromJournalName(name: string): string {
	let s = name.replace(/\s*\[P:[A-Z2-7]{10}\]\s*$/, '').trim();
	s = s.replace(/^Pleo\s+/, '');
	const dash = s.indexOf(' – ');
	return (dash >= 0 ? s.slice(0, dash) : s).trim();
}

// ---------- normalised inputs

export interface Entry {
	id: string;
	tag: string;
	date: string | null;
	currency: string;
	minors: number | null;
	exportStatus: string;
	deleted: boolean;
	receipts: number;
	note: string;
	family: string;
	merchant: string;
	inPeriod: boolean;
}

export interface Journal {
	id: number;
	name: string;
	tag: string | null;
	status: string;
	receiptDate: string | null;
	receiptNumber: number | null;
	/** signed: − sum of the contra lines; null when no detail was read or no contra line exists */
	minors: number | null;
	/** contra lines have both signs (a reimbursement between two contra accounts): compare magnitudes */
	mixed: boolean;
	contraLines: number;
	detailRead: boolean;
	attachments: number | null;
	inPeriod: boolean;
}

export function normaliseEntry(
	raw: unknown,
	s: Required<Pick<ReconcileSettings, 'timeZone' | 'dateField' | 'from' | 'to'>>,
	tagOf: (id: string) => string,
): Entry | undefined {
	if (!isObj(raw)) return undefined;
	const id = str(raw.id).trim();
	if (!id) return undefined;
	let date: string | null = null;
	try {
		date = receiptDateOf(raw[s.dateField], s.timeZone) ?? null;
	} catch {
		date = null;
	}
	const bill = isObj(raw.totalBillValue) ? raw.totalBillValue : undefined;
	const minors =
		typeof bill?.minors === 'number' && Number.isSafeInteger(bill.minors) ? bill.minors : null;
	const supplier = isObj(raw.supplier) ? raw.supplier : undefined;
	return {
		id,
		tag: tagOf(id),
		date,
		currency: currencyCode(bill?.currency),
		minors,
		exportStatus: str(raw.exportStatus).toUpperCase() || 'UNKNOWN',
		deleted: raw.deletedAt !== null && raw.deletedAt !== undefined && raw.deletedAt !== '',
		receipts: Array.isArray(raw.receiptIds) ? raw.receiptIds.length : 0,
		note: cleanText(raw.note, 80),
		family: str(raw.family),
		merchant: cleanText(supplier?.name ?? raw.merchant, 80),
		inPeriod: date !== null && date >= s.from && date <= s.to,
	};
}

export function normaliseJournal(
	raw: unknown,
	detail: unknown,
	contra: Set<string>,
	decimals: number,
	period: { from: string; to: string },
): Journal | undefined {
	if (!isObj(raw)) return undefined;
	const id = Number(raw.id);
	if (!Number.isSafeInteger(id) || id <= 0) return undefined;
	if (raw.type !== undefined && raw.type !== 'JOURNAL') return undefined;
	const name = str(raw.name);
	const receiptDate = str(raw.receiptDate).slice(0, 10) || null;
	const j: Journal = {
		id,
		name,
		tag: findTagInName(name),
		status: str(raw.status).toUpperCase() || 'UNKNOWN',
		receiptDate,
		receiptNumber: typeof raw.receiptNumber === 'number' ? raw.receiptNumber : null,
		minors: null,
		mixed: false,
		contraLines: 0,
		detailRead: false,
		attachments: null,
		inPeriod: receiptDate !== null && receiptDate >= period.from && receiptDate <= period.to,
	};
	if (isObj(detail)) {
		j.detailRead = true;
		let sum = 0;
		let pos = 0;
		let neg = 0;
		let bad = false;
		for (const t of Array.isArray(detail.transactions) ? detail.transactions : []) {
			if (!isObj(t) || !contra.has(str(t.account).trim())) continue;
			const v = amountToMinors(t.accountingValue, decimals);
			if (v === undefined) {
				bad = true;
				continue;
			}
			j.contraLines++;
			sum += v;
			if (v > 0) pos += v;
			if (v < 0) neg += v;
		}
		if (j.contraLines > 0 && !bad) {
			j.mixed = pos !== 0 && neg !== 0;
			j.minors = j.mixed ? pos : -sum || 0;
		}
		j.attachments = Array.isArray(detail.attachments) ? detail.attachments.length : null;
	}
	return j;
}

// ---------- refs and sentences

export function expenseRef(e: Entry, journals: Journal[]): ExpenseRef {
	const fromJournal = journals.map((j) => merchantFromJournalName(j.name)).find(Boolean) ?? '';
	return {
		accountingEntryId: e.id,
		merchant:
			e.merchant ||
			fromJournal ||
			e.note ||
			(e.family ? e.family.toLowerCase().replace(/_/g, ' ') : ''),
		date: e.date,
		amount: e.minors === null ? null : moneyOut(e.minors, e.currency),
		exportStatus: e.exportStatus,
		deleted: e.deleted,
		receipts: e.receipts,
		tag: e.tag,
	};
}

export function journalRef(j: Journal, currency: string): JournalRef {
	return {
		ledgerReceiptId: j.id,
		receiptNumber: j.receiptNumber,
		name: j.name,
		status: j.status,
		receiptDate: j.receiptDate,
		amount: j.minors === null ? null : moneyOut(j.minors, currency),
		attachments: j.attachments,
	};
}

export function describe(e: ExpenseRef): string {
	const parts = [
		e.merchant || 'Pleo expense',
		e.date ?? 'no date',
		e.amount ? e.amount.text : 'no amount',
	];
	return `${parts.join(', ')} (Pleo accounting entry ${e.accountingEntryId})`;
}

export function jName(j: Journal): string {
	return `journal ${j.receiptNumber ?? '?'} (ledger receipt ${j.id}, ${j.status.toLowerCase()}, dated ${j.receiptDate ?? '?'})`;
}
