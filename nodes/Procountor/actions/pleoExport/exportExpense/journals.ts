// Building an item's journal (core buildJournal with the execution's reference data and, for a
// foreign wallet currency, Procountor's rate of the day) and placing its date in the fiscal
// periods. checkJournal runs for every item before anything is posted; journalFor builds the
// same journal again when the item is posted, so a waiting item holds no journal body.
import {
	buildJournal,
	decidePeriod,
	moveJournalDate,
	receiptDateOf,
	type JournalOk,
	type ProcountorJournal,
} from '../../../core';
import { describeHttpFailure } from '../../../transport';
import type { ExportContext } from './context';
import type { ExportOptions } from './description';
import { failureFromError, isProcountorError } from './failures';
import { failed, summaryOf, type Checked, type Failed, type Planned } from './phases';

/** The exchange rate an item needs (undefined: none needed, or none found; buildJournal explains). */
async function rateFor(
	context: ExportContext,
	p: Planned,
	timeZone: string,
): Promise<{ rate: string | undefined } | Failed> {
	const wallet = String(p.input.item.amount?.inWalletCurrency?.currency ?? '')
		.trim()
		.toUpperCase();
	if (!/^[A-Z]{3}$/.test(wallet) || wallet === context.journal.companyCurrency.toUpperCase())
		return { rate: undefined };
	let day: string | undefined;
	try {
		day = receiptDateOf(p.input.item.date, timeZone);
	} catch {
		return { rate: undefined }; // buildJournal reports the bad time zone
	}
	if (!day) return { rate: undefined };
	try {
		return { rate: await context.exchangeRate(wallet, day) };
	} catch (error) {
		const f = isProcountorError(error) ? describeHttpFailure(error) : undefined;
		// "no rate" (404 / empty answer) is explained by buildJournal; anything else is reported as is
		if (f && f.status !== 404)
			return failed(
				p.input,
				failureFromError(error, p.input.what, `read the ${wallet} exchange rate for ${day}`),
			);
		return { rate: undefined };
	}
}

/** Builds the item's journal once to check it, and decides its period (applied later). */
export async function checkJournal(
	context: ExportContext,
	opts: ExportOptions,
	p: Planned,
): Promise<Checked | Failed> {
	const rate = await rateFor(context, p, opts.timeZone);
	if ('phase' in rate) return rate;
	const built = buildJournal(p.input.item, { ...context.journal, rate: rate.rate });
	if (!built.ok) return failed(p.input, built.failure);
	return {
		phase: 'checked',
		input: p.input,
		journal: summaryOf(built),
		rate: rate.rate,
		period: decidePeriod(
			p.input.what,
			built.journal.receiptDate,
			context.fiscalYears,
			opts.closedPeriods,
		),
	};
}

/**
 * Applies the period decision to an item about to be posted: a refused date fails the item,
 * a moved one gets the first open day (its own date stays in the texts and the result).
 */
export function applyPeriod(c: Checked): Checked | Failed {
	const d = c.period;
	if (d.kind === 'refused') return failed(c.input, d.failure);
	if (d.kind !== 'moved') return c;
	return {
		...c,
		journal: { ...c.journal, receiptDate: d.to },
		moved: { dateMoved: true, originalDate: d.from, closedPeriod: d.place.label },
	};
}

/** The full journal of a checked item (the same as checkJournal built, moved where decided). */
export function journalFor(context: ExportContext, c: Checked): JournalOk {
	const built = buildJournal(c.input.item, { ...context.journal, rate: c.rate });
	// checkJournal built this very journal from the same input, context and rate
	if (!built.ok) throw new Error(`${c.input.what}: its journal no longer builds`);
	if (!c.moved) return built;
	const journal: ProcountorJournal = moveJournalDate(
		built.journal,
		c.moved.originalDate,
		c.journal.receiptDate,
	);
	return { ...built, journal };
}
