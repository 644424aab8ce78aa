// Reconcile Exports: is every Pleo expense of a period in Procountor exactly once, with the right
// amount and date, and nothing else? Pure matching: the operation reads Pleo accounting entries
// and Procountor journals (with paging) and hands them here; this file decides the findings.
//
// Journals are matched to expenses by the idempotency tag Export Expense ends every journal name
// with (`[P:…]`, see name.ts). Money is compared in integer minor units, never as floats.
//
// The types are in reconcileTypes.ts, the period arithmetic in reconcileDates.ts and the
// normalised inputs in reconcileInputs.ts; this file re-exports what the node and tests use.
import { currencyCode, currencyDecimals, formatMoney } from './money';
import { findTagInName, idempotencyTag } from './name';
import { periodProblem } from './reconcileDates';
import {
	describe,
	expenseRef,
	isObj,
	jName,
	journalRef,
	merchantFromJournalName,
	moneyOut,
	normaliseEntry,
	normaliseJournal,
	str,
	type Entry,
	type Journal,
} from './reconcileInputs';
import {
	FINDING_KINDS,
	type ExpenseRow,
	type Finding,
	type FindingKind,
	type ReconcileResult,
	type ReconcileSettings,
} from './reconcileTypes';

export * from './reconcileTypes';
export { addDays, periodInstants, periodProblem, startOfDayUtc } from './reconcileDates';
export { amountToMinors, merchantFromJournalName } from './reconcileInputs';

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
