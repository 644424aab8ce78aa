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

/** How an exported expense goes back in Pleo's export queue (pleo-api.md §4: re-exporting from the UI makes a new job). */
const REQUEUE =
	'in Pleo, open Export, find the expense among the exported ones and export it again; Pleo makes a new export job for it';

/** ", credits 12.00 EUR to the contra accounts, 1 attachment": what an orphan journal books. */
function booked(j: Journal, company: string): string {
	if (!j.detailRead) return '';
	const amount =
		j.minors === null
			? 'no line on the contra accounts'
			: `credits ${formatMoney(j.minors, company)} to the contra accounts`;
	const files =
		j.attachments === null ? '' : `, ${j.attachments} attachment${j.attachments === 1 ? '' : 's'}`;
	return ` (${amount}${files})`;
}

interface Comparison {
	/** how the copy differs from Pleo, or undefined when it matches (or could not be compared) */
	amount?: string;
	date?: string;
	receipts?: string;
	amountCompared: boolean;
	receiptsCompared: boolean;
}

/** One journal against its Pleo expense: amount (company currency only), date and receipts. */
function compare(e: Entry, j: Journal, company: string, checkReceipts: boolean): Comparison {
	const c: Comparison = { amountCompared: false, receiptsCompared: false };
	if (e.minors !== null && e.currency === company && j.detailRead) {
		c.amountCompared = true;
		const same =
			j.minors !== null &&
			(j.mixed ? Math.abs(j.minors) === Math.abs(e.minors) : j.minors === e.minors);
		if (!same)
			c.amount =
				j.minors === null
					? 'has no line on the contra accounts'
					: `credits ${formatMoney(j.minors, company)} (Pleo: ${formatMoney(e.minors, e.currency)})`;
	}
	if (e.date && j.receiptDate && e.date !== j.receiptDate)
		c.date = `is dated ${j.receiptDate} (Pleo: ${e.date})`;
	if (checkReceipts && e.receipts > 0 && j.detailRead && j.attachments !== null) {
		c.receiptsCompared = true;
		if (j.attachments < e.receipts)
			c.receipts = `has ${j.attachments} of the ${e.receipts} receipt${e.receipts > 1 ? 's' : ''}`;
	}
	return c;
}

/** "amount, date and receipts compared": what the comparison of the copies could cover. */
function compareWhat(cs: Comparison[], checkReceipts: boolean): string {
	const parts = [
		cs.every((c) => c.amountCompared) ? 'amount' : 'amount not compared',
		'date',
		checkReceipts ? (cs.every((c) => c.receiptsCompared) ? 'receipts' : 'receipts not listed') : '',
	].filter(Boolean);
	return parts.join(', ');
}

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
		const found = (
			kind: FindingKind,
			list: Journal[],
			action: string,
			extra: Partial<Finding> = {},
		) => {
			kinds.push(kind);
			actions.push(action);
			findings.push({
				kind,
				accountingEntryId: e.id,
				expense: ref,
				journals: refs(list),
				action,
				...extra,
			});
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
					`${what} was deleted in Pleo, but ${valid.map((j) => `${jName(j)}${booked(j, company)}`).join(' and ')} still carries its tag ${e.tag}. Invalidate ${valid.length > 1 ? 'these journals' : 'the journal'} in Procountor (or restore the expense in Pleo if it was deleted by mistake).`,
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

		// the journal the amount, date and receipt checks run on (none: a matching copy is kept)
		let checked: Journal | undefined = valid.length === 1 ? valid[0] : undefined;
		if (valid.length > 1) {
			// every copy is compared with Pleo; the one to keep is the oldest that matches, else the
			// closest (an amount difference weighs most, then the date, then receipts)
			const verdicts = valid.map((j) => {
				const c = compare(e, j, company, checkReceipts);
				const weight = (c.amount ? 4 : 0) + (c.date ? 2 : 0) + (c.receipts ? 1 : 0);
				return { j, c, weight, diffs: [c.amount, c.date, c.receipts].filter(Boolean) as string[] };
			});
			const matching = verdicts.filter((v) => v.weight === 0);
			const keep = (
				matching.length ? matching : [...verdicts].sort((x, y) => x.weight - y.weight)
			)[0];
			const others = valid.filter((j) => j !== keep.j);
			if (matching.length) {
				// a matching copy is kept: no further check runs, so count what the comparison covered
				if (keep.c.amountCompared) amountCompared = true;
				else amountsNotCompared++;
				if (checkReceipts && e.receipts > 0 && keep.j.detailRead && !keep.c.receiptsCompared)
					receiptsNotChecked++;
			}
			const compared = compareWhat(
				verdicts.map((v) => v.c),
				checkReceipts,
			);
			let verdict: string;
			if (matching.length === 1) {
				verdict = `Only ${jName(keep.j)} matches Pleo (${compared}); ${verdicts
					.filter((v) => v !== keep)
					.map((v) => `${jName(v.j)} ${v.diffs.join(', ')}`)
					.join('; ')}.`;
			} else if (matching.length > 1) {
				verdict = `${matching.length === valid.length ? 'Every copy' : matching.map((v) => jName(v.j)).join(' and ')} match${matching.length === valid.length ? 'es' : ''} Pleo (${compared})${
					matching.length < valid.length
						? `; ${verdicts
								.filter((v) => v.weight > 0)
								.map((v) => `${jName(v.j)} ${v.diffs.join(', ')}`)
								.join('; ')}`
						: ''
				}; the oldest matching one is kept.`;
			} else {
				verdict = `None of the copies matches Pleo (${compared}): ${verdicts.map((v) => `${jName(v.j)} ${v.diffs.join(', ')}`).join('; ')}. The closest is kept; correct it as the other findings for this expense say.`;
				checked = keep.j;
			}
			const reused = keep.j === valid[0] ? ', the one Export Expense reuses' : '';
			found(
				'duplicate_in_procountor',
				valid,
				`${what} is booked ${valid.length} times in Procountor: ${valid.map(jName).join(', ')}. ${verdict} Keep ${jName(keep.j)}${reused}, and invalidate ${others.map((j) => `ledger receipt ${j.id}`).join(', ')}.`,
				{ keep: keep.j.id, invalidate: others.map((j) => j.id) },
			);
			const last = findings[findings.length - 1];
			last.journals = last.journals.map((r, k) => ({
				...r,
				matchesPleo: verdicts[k].weight === 0,
				differences: verdicts[k].diffs,
			}));
			if (!exported && includeNotExported) {
				found(
					'not_exported',
					[keep.j],
					`${what} is not marked exported in Pleo (export status ${e.exportStatus}), but ${jName(keep.j)} already carries its tag. Invalidate the other copies first, then export it again: Export Expense reuses that journal and reports it back to Pleo, posting nothing new.`,
				);
			}
		} else if (valid.length === 0) {
			if (exported && invalidated.length) {
				found(
					'invalidated_but_exported',
					invalidated,
					`Pleo says ${what} is exported, but its only ${invalidated.length > 1 ? 'journals are' : 'journal is'} invalidated in Procountor (${invalidated.map(jName).join(', ')}). Book it again: put it back in Pleo's export queue (${REQUEUE}) and let the workflow export it (a new journal is posted), or reverse the invalidation in Procountor.`,
				);
			} else if (exported) {
				found(
					'missing_in_procountor',
					[],
					`Pleo says ${what} is exported, but no journal in Procountor carries its tag ${e.tag}. Put it back in Pleo's export queue (${REQUEUE}) and let the workflow export it, or look for a journal booked by hand and invalidate one of the two.`,
				);
			} else if (includeNotExported) {
				found(
					'not_exported',
					invalidated,
					`${what} is not exported yet (Pleo export status ${e.exportStatus}). No action needed if it is waiting for the next export; export it before closing the period.`,
				);
			}
		} else if (!exported && includeNotExported) {
			found(
				'not_exported',
				valid,
				`${what} is not marked exported in Pleo (export status ${e.exportStatus}), but ${jName(valid[0])} already carries its tag. Export it again: Export Expense reuses that journal and reports it back to Pleo, posting nothing new.`,
			);
		}
		if (checked) {
			const j = checked;
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
						`${what} has ${e.receipts} receipt${e.receipts > 1 ? 's' : ''} in Pleo, but ${jName(j)} has ${j.attachments === 0 ? 'no attachment' : `only ${j.attachments} attachment${j.attachments > 1 ? 's' : ''}`}. Put it back in Pleo's export queue (${REQUEUE}) and let the workflow export it: Export Expense reuses the journal and attaches only the missing receipts. Or attach the receipt to the journal in Procountor by hand.`,
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
		const action = `${valid.map((j) => `${jName(j)}${booked(j, company)}`).join(' and ')} (${merchant || 'no merchant'}) ${valid.length > 1 ? 'carry' : 'carries'} the tag ${tag}, but no Pleo expense in the period or the ${settings.marginDays ?? 0} days around it has that tag. If the expense was deleted or its date moved far in Pleo, invalidate the journal; if it was booked from another Pleo company, reconcile that company instead.`;
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
 * Which journals' lines are needed (GET /ledgerreceipts/{ids}): every valid journal that carries a
 * tag, for its amount and attachments: those of live expenses (compared with Pleo), and those of
 * deleted or unknown expenses (orphans: counted in procountorTotals and shown with their amount).
 * With `period`, a journal of no live expense is read only when it is dated in the period (one
 * outside it is never reported). Invalidated and untagged journals need no detail.
 */
export function journalsNeedingDetail(
	pleoEntries: unknown[],
	journalRows: unknown[],
	tagOf: (id: string) => string = idempotencyTag,
	period?: { from: string; to: string },
): number[] {
	const live = new Set<string>();
	for (const raw of pleoEntries) {
		if (!isObj(raw) || !str(raw.id).trim()) continue;
		if (raw.deletedAt !== null && raw.deletedAt !== undefined && raw.deletedAt !== '') continue;
		live.add(tagOf(str(raw.id).trim()));
	}
	const ids: number[] = [];
	for (const raw of journalRows) {
		if (!isObj(raw) || raw.status === 'INVALIDATED') continue;
		const tag = findTagInName(raw.name);
		const id = Number(raw.id);
		if (!tag || !Number.isSafeInteger(id) || id <= 0) continue;
		const day = str(raw.receiptDate).slice(0, 10);
		if (!live.has(tag) && period && !(day >= period.from && day <= period.to)) continue;
		ids.push(id);
	}
	return [...new Set(ids)];
}
