// Reconcile Exports: is every Pleo expense of a period in Procountor exactly once, with the right
// amount and date, and nothing else? Pure matching: the operation reads Pleo accounting entries
// and Procountor journals (with paging) and hands them here; this file decides the findings.
//
// Journals are matched to expenses by the idempotency tag Export Expense ends every journal name
// with (`[P:…]`, see name.ts). Money is compared in integer minor units, never as floats.
import { receiptDateOf } from './journal';
import {
	currencyCode,
	currencyDecimals,
	divRoundHalfAway,
	formatMoney,
	parseDecimal,
	pow10,
} from './money';
import { findTagInName, idempotencyTag } from './name';
import { cleanText } from './text';

export const FINDING_KINDS = [
	'missing_in_procountor',
	'duplicate_in_procountor',
	'amount_mismatch',
	'date_mismatch',
	'orphan_journal',
	'not_exported',
	'invalidated_but_exported',
	'receipt_missing',
] as const;
export type FindingKind = (typeof FINDING_KINDS)[number];

export type ExpenseDateField = 'performedAt' | 'bookkeepingDate';

export interface ReconcileSettings {
	/** First day of the period, YYYY-MM-DD in the company time zone. */
	from: string;
	/** Last day of the period (inclusive), YYYY-MM-DD in the company time zone. */
	to: string;
	/** IANA time zone of the Procountor company (the export's Time Zone option). */
	timeZone: string;
	/** Which Pleo date the export's receipt date comes from. Default performedAt. */
	dateField?: ExpenseDateField;
	/** Currency of the Procountor company: journals are in it. */
	companyCurrency: string;
	/** The ledger accounts Export Expense credits (card, out-of-pocket, reimbursement, overrides). */
	contraAccounts: string[];
	/** Days around the period that are read too, so a journal dated just outside still matches. */
	marginDays?: number;
	/** Whether to report not_exported findings (informational). Default true. */
	includeNotExported?: boolean;
	/** Whether to report receipt_missing (needs Procountor to list journal attachments). Default true. */
	checkReceipts?: boolean;
	/** The tag of an accounting entry id; default idempotencyTag (what Export Expense writes). */
	tagOf?: (accountingEntryId: string) => string;
}

export interface MoneyOut {
	currency: string;
	minors: number;
	text: string;
}

export interface ExpenseRef {
	accountingEntryId: string;
	merchant: string;
	date: string | null;
	amount: MoneyOut | null;
	exportStatus: string;
	deleted: boolean;
	receipts: number;
	tag: string;
}

export interface JournalRef {
	ledgerReceiptId: number;
	receiptNumber: number | null;
	name: string;
	status: string;
	receiptDate: string | null;
	/** What the journal credits to the contra accounts (company currency), when its lines were read. */
	amount: MoneyOut | null;
	/** Attachments Procountor lists on the journal, or null when it lists none at all. */
	attachments: number | null;
}

export interface Finding {
	kind: FindingKind;
	accountingEntryId: string | null;
	expense: ExpenseRef | null;
	journals: JournalRef[];
	/** A sentence for the bookkeeper: what is wrong and what to do. */
	action: string;
}

export interface ExpenseRow {
	accountingEntryId: string | null;
	status: 'ok' | 'finding' | 'deleted';
	kinds: FindingKind[];
	/** The sentences of this row's findings, in the order of `kinds`. */
	actions: string[];
	expense: ExpenseRef | null;
	journals: JournalRef[];
	amountCompared: boolean;
}

export interface ReconcileSummary {
	period: { from: string; to: string; timeZone: string };
	clean: boolean;
	findings: number;
	counts: Record<FindingKind, number>;
	expenses: { inPeriod: number; exported: number; notExported: number; deleted: number };
	journals: { read: number; tagged: number; valid: number; invalidated: number; untagged: number };
	/** Exported, not deleted Pleo expenses of the period (totalBillValue), per currency. */
	pleoTotals: Record<string, MoneyOut>;
	/** Valid tagged journals dated in the period: amount credited to the contra accounts, per currency. */
	procountorTotals: Record<string, MoneyOut>;
	/** Expenses whose amount could not be compared (wallet currency ≠ company currency). */
	amountsNotCompared: number;
	/** Journals whose attachments Procountor did not list (receipts not checked for them). */
	receiptsNotChecked: number;
}

export interface ReconcileResult {
	findings: Finding[];
	rows: ExpenseRow[];
	summary: ReconcileSummary;
}

// ---------- small helpers

const ISO_DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** YYYY-MM-DD shifted by whole days (calendar arithmetic, no time zone involved). */
export function addDays(day: string, days: number): string {
	const m = ISO_DAY.exec(day);
	if (!m) throw new RangeError(`Not a date (YYYY-MM-DD): ${cleanText(day, 40)}`);
	const t = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) + days * 86_400_000;
	return new Date(t).toISOString().slice(0, 10);
}

/** Offset of a time zone from UTC at an instant, in ms (Helsinki in summer → +3 h). */
function zoneOffsetMs(instant: number, timeZone: string): number {
	const parts = new Intl.DateTimeFormat('en-US', {
		timeZone,
		hourCycle: 'h23',
		year: 'numeric',
		month: '2-digit',
		day: '2-digit',
		hour: '2-digit',
		minute: '2-digit',
		second: '2-digit',
	}).formatToParts(new Date(instant));
	const get = (t: string) => Number(parts.find((p) => p.type === t)?.value ?? 0);
	const asUtc = Date.UTC(
		get('year'),
		get('month') - 1,
		get('day'),
		get('hour'),
		get('minute'),
		get('second'),
	);
	return asUtc - Math.floor(instant / 1000) * 1000;
}

/** The UTC instant at which a calendar day starts in a time zone (DST-safe). */
export function startOfDayUtc(day: string, timeZone: string): number {
	const m = ISO_DAY.exec(day);
	if (!m) throw new RangeError(`Not a date (YYYY-MM-DD): ${cleanText(day, 40)}`);
	const local = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
	let guess = local - zoneOffsetMs(local, timeZone);
	guess = local - zoneOffsetMs(guess, timeZone);
	return guess;
}

/**
 * The UTC instants Pleo's date filter needs for [from, to] in the company time zone, widened by
 * `marginDays` on both sides: start of `from − margin` and the last millisecond of `to + margin`.
 */
export function periodInstants(
	from: string,
	to: string,
	timeZone: string,
	marginDays = 0,
): { start: string; end: string } {
	const start = startOfDayUtc(addDays(from, -marginDays), timeZone);
	const end = startOfDayUtc(addDays(to, marginDays + 1), timeZone) - 1;
	return { start: new Date(start).toISOString(), end: new Date(end).toISOString() };
}

/** Checks the period; returns a sentence naming the problem, or undefined. */
export function periodProblem(from: unknown, to: unknown): string | undefined {
	for (const [name, v] of [
		['From', from],
		['To', to],
	] as const) {
		if (typeof v !== 'string' || !ISO_DAY.test(v))
			return `${name} must be a date (YYYY-MM-DD), got '${cleanText(String(v ?? ''), 40)}'`;
		if (addDays(v, 0) !== v) return `${name} '${v}' is not a calendar date`;
	}
	if ((from as string) > (to as string))
		return `From (${String(from)}) is after To (${String(to)})`;
	return undefined;
}

const isObj = (x: unknown): x is Record<string, unknown> =>
	typeof x === 'object' && x !== null && !Array.isArray(x);
const str = (x: unknown): string => (typeof x === 'string' ? x : '');

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

function moneyOut(minors: number, currency: string): MoneyOut {
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

interface Entry {
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

interface Journal {
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

function normaliseEntry(
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

function normaliseJournal(
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

function expenseRef(e: Entry, journals: Journal[]): ExpenseRef {
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

function journalRef(j: Journal, currency: string): JournalRef {
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

function describe(e: ExpenseRef): string {
	const parts = [
		e.merchant || 'Pleo expense',
		e.date ?? 'no date',
		e.amount ? e.amount.text : 'no amount',
	];
	return `${parts.join(', ')} (Pleo accounting entry ${e.accountingEntryId})`;
}

function jName(j: Journal): string {
	return `journal ${j.receiptNumber ?? '?'} (ledger receipt ${j.id}, ${j.status.toLowerCase()}, dated ${j.receiptDate ?? '?'})`;
}

// ---------- the match

export function reconcile(
	pleoEntries: unknown[],
	journalRows: unknown[],
	details: Map<number, unknown>,
	settings: ReconcileSettings,
): ReconcileResult {
	const problem = periodProblem(settings.from, settings.to);
	if (problem) throw new RangeError(problem);
	const s = {
		from: settings.from,
		to: settings.to,
		timeZone: settings.timeZone,
		dateField: settings.dateField ?? 'performedAt',
	};
	const tagOf = settings.tagOf ?? idempotencyTag;
	const includeNotExported = settings.includeNotExported !== false;
	const checkReceipts = settings.checkReceipts !== false;
	const company = currencyCode(settings.companyCurrency) || 'EUR';
	const decimals = currencyDecimals(company);
	const contra = new Set(settings.contraAccounts.map((a) => String(a).trim()).filter(Boolean));

	// entries by id (a repeated id in Pleo's pages counts once) and by tag
	const entries = new Map<string, Entry>();
	for (const raw of pleoEntries) {
		const e = normaliseEntry(raw, s, tagOf);
		if (e && !entries.has(e.id)) entries.set(e.id, e);
	}
	const entryByTag = new Map<string, Entry>();
	for (const e of entries.values()) entryByTag.set(e.tag, e);

	const journals: Journal[] = [];
	const seen = new Set<number>();
	for (const raw of journalRows) {
		const id = isObj(raw) ? Number(raw.id) : NaN;
		if (seen.has(id)) continue;
		const j = normaliseJournal(raw, details.get(id), contra, decimals, s);
		if (!j) continue;
		seen.add(id);
		journals.push(j);
	}
	journals.sort((a, b) => a.id - b.id);
	const byTag = new Map<string, Journal[]>();
	for (const j of journals) {
		if (!j.tag) continue;
		const list = byTag.get(j.tag);
		if (list) list.push(j);
		else byTag.set(j.tag, [j]);
	}

	const findings: Finding[] = [];
	const rows: ExpenseRow[] = [];
	let amountsNotCompared = 0;
	let receiptsNotChecked = 0;
	const pleoTotals: Record<string, number> = {};
	const add = (totals: Record<string, number>, cur: string, minors: number) => {
		totals[cur] = (totals[cur] ?? 0) + minors;
	};
	const summaryCounts = { inPeriod: 0, exported: 0, notExported: 0, deleted: 0 };

	const sortedEntries = [...entries.values()].sort((a, b) =>
		(a.date ?? '') === (b.date ?? '')
			? a.id < b.id
				? -1
				: 1
			: (a.date ?? '') < (b.date ?? '')
				? -1
				: 1,
	);
	for (const e of sortedEntries) {
		const mine = byTag.get(e.tag) ?? [];
		const valid = mine.filter((j) => j.status !== 'INVALIDATED');
		const invalidated = mine.filter((j) => j.status === 'INVALIDATED');
		// in scope: the expense is dated in the period, or one of its journals is
		if (!e.inPeriod && !mine.some((j) => j.inPeriod)) continue;
		const ref = expenseRef(e, mine);
		const refs = (list: Journal[]) => list.map((j) => journalRef(j, company));
		const kinds: FindingKind[] = [];
		const actions: string[] = [];
		const found = (kind: FindingKind, list: Journal[], action: string) => {
			kinds.push(kind);
			actions.push(action);
			findings.push({ kind, accountingEntryId: e.id, expense: ref, journals: refs(list), action });
		};
		const what = describe(ref);
		const exported = e.exportStatus === 'EXPORTED';
		if (e.inPeriod) {
			summaryCounts.inPeriod++;
			if (e.deleted) summaryCounts.deleted++;
			else if (exported) summaryCounts.exported++;
			else summaryCounts.notExported++;
			if (exported && !e.deleted && e.minors !== null) add(pleoTotals, e.currency, e.minors);
		}
		let amountCompared = false;

		if (e.deleted) {
			if (valid.length) {
				found(
					'orphan_journal',
					valid,
					`${what} was deleted in Pleo, but ${valid.map(jName).join(' and ')} still carries its tag ${e.tag}. Invalidate ${valid.length > 1 ? 'these journals' : 'the journal'} in Procountor (or restore the expense in Pleo if it was deleted by mistake).`,
				);
			}
			rows.push({
				accountingEntryId: e.id,
				status: kinds.length ? 'finding' : 'deleted',
				kinds,
				actions,
				expense: ref,
				journals: refs(mine),
				amountCompared,
			});
			continue;
		}

		if (valid.length > 1) {
			const [keep, ...extra] = valid;
			found(
				'duplicate_in_procountor',
				valid,
				`${what} is booked ${valid.length} times in Procountor: ${valid.map(jName).join(', ')}. Keep ${jName(keep)}, the one Export Expense reuses, and invalidate ${extra.map((j) => `ledger receipt ${j.id}`).join(', ')}.`,
			);
		} else if (valid.length === 0) {
			if (exported && invalidated.length) {
				found(
					'invalidated_but_exported',
					invalidated,
					`Pleo says ${what} is exported, but its only ${invalidated.length > 1 ? 'journals are' : 'journal is'} invalidated in Procountor (${invalidated.map(jName).join(', ')}). Book it again: put it back in Pleo's export queue and export it (a new journal is posted), or reverse the invalidation in Procountor.`,
				);
			} else if (exported) {
				found(
					'missing_in_procountor',
					[],
					`Pleo says ${what} is exported, but no journal in Procountor carries its tag ${e.tag}. Put it back in Pleo's export queue and export it again, or look for a journal booked by hand and invalidate one of the two.`,
				);
			} else if (includeNotExported) {
				found(
					'not_exported',
					invalidated,
					`${what} is not exported yet (Pleo export status ${e.exportStatus}). No action needed if it is waiting for the next export; export it before closing the period.`,
				);
			}
		} else {
			const j = valid[0];
			if (!exported && includeNotExported) {
				found(
					'not_exported',
					valid,
					`${what} is not marked exported in Pleo (export status ${e.exportStatus}), but ${jName(j)} already carries its tag. Export it again: Export Expense reuses that journal and reports it back to Pleo, posting nothing new.`,
				);
			}
			// amount: journals are in the company currency; Pleo's totalBillValue in the wallet currency
			if (e.minors !== null && e.currency === company && j.detailRead) {
				amountCompared = true;
				const same =
					j.minors !== null &&
					(j.mixed ? Math.abs(j.minors) === Math.abs(e.minors) : j.minors === e.minors);
				if (!same) {
					const booked =
						j.minors === null
							? `has no line on the contra accounts (${[...contra].join(', ') || 'none set'})`
							: `credits ${formatMoney(j.minors, company)} to the contra account`;
					found(
						'amount_mismatch',
						[j],
						`${what}: ${jName(j)} ${booked}, but the expense is ${formatMoney(e.minors, e.currency)} in Pleo. ${j.minors === null ? "Check the node's Contra Accounts setting; if it is right, correct" : 'Correct'} the journal in Procountor (invalidate it and export the expense again), or fix the amount in Pleo if Pleo is wrong.`,
					);
				}
			} else {
				amountsNotCompared++;
			}
			if (e.date && j.receiptDate && e.date !== j.receiptDate) {
				found(
					'date_mismatch',
					[j],
					`${what}: ${jName(j)} is dated ${j.receiptDate}, but the expense date is ${e.date} in ${s.timeZone}. Correct the receipt date in Procountor${j.receiptDate.slice(0, 7) !== e.date.slice(0, 7) ? ' (it falls in another month, so another VAT period)' : ''}, or check the node's Time Zone matches the export's.`,
				);
			}
			if (checkReceipts && e.receipts > 0 && j.detailRead) {
				if (j.attachments === null) receiptsNotChecked++;
				else if (j.attachments < e.receipts) {
					found(
						'receipt_missing',
						[j],
						`${what} has ${e.receipts} receipt${e.receipts > 1 ? 's' : ''} in Pleo, but ${jName(j)} has ${j.attachments === 0 ? 'no attachment' : `only ${j.attachments} attachment${j.attachments > 1 ? 's' : ''}`}. Export the expense again: Export Expense reuses the journal and attaches only the missing receipts.`,
					);
				}
			}
		}
		rows.push({
			accountingEntryId: e.id,
			status: kinds.length ? 'finding' : 'ok',
			kinds,
			actions,
			expense: ref,
			journals: refs(mine),
			amountCompared,
		});
	}

	// journals in the period whose tag belongs to no Pleo expense read (period ± margin)
	for (const [tag, list] of byTag) {
		if (entryByTag.has(tag)) continue;
		const valid = list.filter((j) => j.status !== 'INVALIDATED' && j.inPeriod);
		if (!valid.length) continue;
		const merchant = merchantFromJournalName(valid[0].name);
		const action = `${valid.map(jName).join(' and ')} (${merchant || 'no merchant'}) carries the tag ${tag}, but no Pleo expense in the period or the ${settings.marginDays ?? 0} days around it has that tag. If the expense was deleted or its date moved far in Pleo, invalidate the journal; if it was booked from another Pleo company, reconcile that company instead.`;
		findings.push({
			kind: 'orphan_journal',
			accountingEntryId: null,
			expense: null,
			journals: valid.map((j) => journalRef(j, company)),
			action,
		});
		rows.push({
			accountingEntryId: null,
			status: 'finding',
			kinds: ['orphan_journal'],
			actions: [action],
			expense: null,
			journals: valid.map((j) => journalRef(j, company)),
			amountCompared: false,
		});
	}

	const counts = Object.fromEntries(FINDING_KINDS.map((k) => [k, 0])) as Record<
		FindingKind,
		number
	>;
	for (const f of findings) counts[f.kind]++;
	const procountorTotals: Record<string, number> = {};
	let tagged = 0;
	let validCount = 0;
	let invalidatedCount = 0;
	for (const j of journals) {
		if (j.status === 'INVALIDATED') invalidatedCount++;
		if (!j.tag) continue;
		tagged++;
		if (j.status === 'INVALIDATED') continue;
		validCount++;
		if (j.inPeriod && j.minors !== null) add(procountorTotals, company, j.minors);
	}
	const totalsOut = (t: Record<string, number>) =>
		Object.fromEntries(
			Object.keys(t)
				.sort()
				.map((c) => [c, moneyOut(t[c], c)]),
		);
	return {
		findings,
		rows,
		summary: {
			period: { from: s.from, to: s.to, timeZone: s.timeZone },
			clean: findings.every((f) => f.kind === 'not_exported'),
			findings: findings.length,
			counts,
			expenses: summaryCounts,
			journals: {
				read: journals.length,
				tagged,
				valid: validCount,
				invalidated: invalidatedCount,
				untagged: journals.length - tagged,
			},
			pleoTotals: totalsOut(pleoTotals),
			procountorTotals: totalsOut(procountorTotals),
			amountsNotCompared,
			receiptsNotChecked,
		},
	};
}

/**
 * Which journals' lines are needed (GET /ledgerreceipts/{ids}): the valid journals that carry the
 * tag of an expense that is not deleted (for the amount and the attachments). Invalidated journals,
 * untagged ones and those of unknown or deleted expenses need no detail.
 */
export function journalsNeedingDetail(
	pleoEntries: unknown[],
	journalRows: unknown[],
	tagOf: (id: string) => string = idempotencyTag,
): number[] {
	const tags = new Set<string>();
	for (const raw of pleoEntries) {
		if (!isObj(raw) || !str(raw.id).trim()) continue;
		if (raw.deletedAt !== null && raw.deletedAt !== undefined && raw.deletedAt !== '') continue;
		tags.add(tagOf(str(raw.id).trim()));
	}
	const ids: number[] = [];
	for (const raw of journalRows) {
		if (!isObj(raw) || raw.status === 'INVALIDATED') continue;
		const tag = findTagInName(raw.name);
		const id = Number(raw.id);
		if (tag && tags.has(tag) && Number.isSafeInteger(id) && id > 0) ids.push(id);
	}
	return [...new Set(ids)];
}
