// Journal names and descriptions. Procountor has no idempotency key, and its ledger-receipt search
// only returns `name` (≤ 80), so each journal name ends with a short stable tag derived from the
// Pleo accounting entry id: a retry can find an earlier, possibly half-acknowledged, export by name.
import { createHash } from 'crypto';
import { formatMoney } from './money';
import { cleanText, safeString, toWindows1252, truncate } from './text';
import type { PleoExportItem, PleoExportLine } from './types';

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
export const NAME_MAX = 80;
export const DESCRIPTION_MAX = 255;
export const INVOICE_NOTES_MAX = 10000;

/**
 * `[P:XXXXXXXXXX]`: the first 10 RFC 4648 base32 characters (50 bits) of sha256(accountingEntryId).
 * Collision odds: for n journals searched together p ≈ n² / 2^51, i.e. ~4e-8 for 10 000 and ~4e-4
 * for 1 000 000; the lookup is also limited to a date window, so n is small in practice.
 */
export function idempotencyTag(accountingEntryId: string): string {
	const digest = createHash('sha256').update(String(accountingEntryId), 'utf8').digest();
	let bits = 0;
	let acc = 0;
	let out = '';
	for (let i = 0; i < digest.length && out.length < 10; i++) {
		acc = (acc << 8) | digest[i];
		bits += 8;
		while (bits >= 5 && out.length < 10) {
			out += BASE32[(acc >> (bits - 5)) & 31];
			bits -= 5;
		}
		acc &= (1 << bits) - 1;
	}
	return `[P:${out}]`;
}

const TAG_RE = /\[P:([A-Z2-7]{10})\]/g;

/** The last idempotency tag in a journal name (the full `[P:…]` form), or null. */
export function findTagInName(name: unknown): string | null {
	if (typeof name !== 'string') return null;
	let last: string | null = null;
	for (const m of name.matchAll(TAG_RE)) last = m[0];
	return last;
}

/** "Matti Meikäläinen" → "M. Meikäläinen"; one word stays as is. */
export function shortPersonName(name: unknown): string {
	const words = toWindows1252(name).trim().split(/\s+/).filter(Boolean);
	if (words.length === 0) return '';
	if (words.length === 1) return words[0];
	const first = Array.from(words[0])[0];
	return `${first}. ${words.slice(1).join(' ')}`;
}

const TYPE_LABELS: Record<string, string> = {
	card_purchase: 'Card purchase',
	card_invoice: 'Card invoice',
	out_of_pocket: 'Out-of-pocket',
	mileage: 'Mileage',
	per_diem: 'Per diem',
	external_reimbursement: 'Reimbursement',
	direct_reimbursement: 'Reimbursement',
	invoice: 'Invoice',
	invoice_payment: 'Invoice payment',
	chargeback: 'Chargeback',
	refund: 'Refund',
	cashback: 'Cashback',
	atm_withdrawal: 'ATM withdrawal',
	wallet_topup: 'Wallet top-up',
	wallet_unload: 'Wallet unload',
	personal_spend: 'Personal spend',
	fee: 'Fee',
};

export function typeLabel(type: unknown): string {
	if (typeof type !== 'string' || !type) return 'Expense';
	return TYPE_LABELS[type] ?? cleanText(type.replace(/_/g, ' '), 40);
}

/** "What" of an expense: merchant, else note, else the type label. */
function subject(item: PleoExportItem): string {
	return cleanText(item.supplier?.name, 80) || cleanText(item.note, 80) || typeLabel(item.type);
}

/**
 * `Pleo Taxi Helsinki – M. Meikäläinen [P:…]`: ≤ 80 code points, Windows-1252, always ending with
 * the full tag (the merchant/employee part is truncated, never the tag).
 */
export function buildJournalName(item: PleoExportItem, tag: string): string {
	const safeTag = cleanText(tag, NAME_MAX);
	const room = NAME_MAX - Array.from(safeTag).length - 1;
	const who = shortPersonName(item?.user?.name);
	let head = `Pleo ${subject(item ?? {})}${who ? ` – ${who}` : ''}`;
	head = cleanText(head, Math.max(0, room));
	return head ? `${head} ${safeTag}` : safeTag;
}

export interface Descriptions {
	transactionDescription: string;
	invoiceNotes: string;
	/** `conversion`: the line's conversion note (conversionNote in currency.ts), if it was converted. */
	lineDescription: (line: PleoExportLine | null | undefined, conversion?: string) => string;
}

function money(m: { value?: number | null; currency?: unknown } | null | undefined) {
	if (!m || typeof m !== 'object' || !Number.isSafeInteger(m.value)) return '';
	return formatMoney(m.value as number, m.currency);
}

/** A string field of untrusted input, or '' (numbers, objects and arrays are ignored). */
const str = (x: unknown): string => (typeof x === 'string' ? x : '');

/** "GROUP:code" of each tag with a code; anything that is not an array of tags gives []. */
function tagLabels(tags: unknown): string[] {
	if (!Array.isArray(tags)) return [];
	const out: string[] = [];
	for (const t of tags as unknown[]) {
		if (!t || typeof t !== 'object') continue;
		const tag = t as { code?: unknown; groupCode?: unknown };
		const code = typeof tag.code === 'number' ? String(tag.code) : str(tag.code);
		if (code) out.push(`${str(tag.groupCode)}:${code}`);
	}
	return out;
}

/** Header and line texts for the ledger receipt, all Windows-1252 and within Procountor's limits. */
export function buildDescriptions(item: PleoExportItem): Descriptions {
	const it = item ?? {};
	const label = typeLabel(it.type);
	const merchant = cleanText(it.supplier?.name, 100);
	const user = cleanText(it.user?.name, 80);
	const note = cleanText(it.note, 150);
	const td = [label, merchant, user, note].filter(Boolean).join(' – ');
	const transactionDescription = cleanText(`Pleo: ${td}`, DESCRIPTION_MAX);

	const notes: string[] = ['Exported from Pleo by n8n-nodes-pleo-procountor.'];
	const add = (k: string, v: unknown) => {
		const s = toWindows1252(v, { allowNewlines: true }).trim();
		if (s) notes.push(`${k}: ${s}`);
	};
	add('Pleo accounting entry', it.accountingEntryId);
	add('Type', [it.type, it.subType].filter((x) => typeof x === 'string' && x).join(' / '));
	add('Date', it.date);
	const userCode = safeString(it.user?.code);
	add(
		'User',
		[safeString(it.user?.name), userCode ? `(${userCode})` : ''].filter(Boolean).join(' '),
	);
	add('Team', it.team?.name);
	add(
		'Supplier',
		[safeString(it.supplier?.name), safeString(it.supplier?.country)].filter(Boolean).join(', '),
	);
	add('Note', it.note);
	add('Amount in supplier currency', money(it.amount?.inSupplierCurrency));
	add('Amount in wallet currency', money(it.amount?.inWalletCurrency));
	add('Reconciliation id', it.additionalInformation?.reconciliationId);
	add('Pleo export job', it.jobId);
	add('Pleo link', it._links?.web?.exportItem);
	const invoiceNotes = truncate(notes.join('\n'), INVOICE_NOTES_MAX);

	const lineDescription = (line: PleoExportLine | null | undefined, conversion = ''): string => {
		const account = cleanText(line?.account?.name, 80);
		const base = merchant || note || label;
		const tags = tagLabels(line?.tags).join(', ');
		return cleanText(
			[base, account, conversion, tags ? `tags ${tags}` : ''].filter(Boolean).join(' – '),
			DESCRIPTION_MAX,
		);
	};
	return { transactionDescription, invoiceNotes, lineDescription };
}
