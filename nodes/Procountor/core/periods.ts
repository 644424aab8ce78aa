// Closed periods: Procountor refuses a journal whose receipt date is not in an open fiscal year
// and an open tracking period. The export reads GET /fiscalyears once per execution and decides
// here, before anything is written, whether an expense can be posted on its own date, must move
// to the first open day after it (option "Post on the First Open Day"), or fails.
import { DESCRIPTION_MAX, INVOICE_NOTES_MAX } from './name';
import { cleanText, truncate } from './text';
import type { ItemFailure, ProcountorJournal } from './types';

/** A tracking period as GET /fiscalyears lists it (status OPEN | PENDING | CLOSED). */
export interface TrackingPeriodInfo {
	id?: number;
	startDate: string;
	endDate: string;
	status?: string;
}

/** A fiscal year as GET /fiscalyears lists it (newest first). */
export interface FiscalYearInfo {
	id?: number;
	startDate: string;
	endDate: string;
	isOpen?: boolean;
	trackingPeriods?: TrackingPeriodInfo[];
}

export type ClosedPeriodPolicy = 'fail' | 'firstOpenDay';

/** Where a date falls: the period that decides whether it can be booked. */
export interface PeriodPlace {
	/** "the tracking period 2025-12-01 – 2025-12-31 (CLOSED) of the fiscal year 2025-01-01 – 2025-12-31" */
	label: string;
	state: 'open' | 'closed' | 'noFiscalYear' | 'uncertain';
}

export type PeriodDecision =
	| { kind: 'open' }
	/** PENDING or an unknown status: not refused before posting; Procountor decides. */
	| { kind: 'uncertain'; place: PeriodPlace }
	| { kind: 'moved'; from: string; to: string; place: PeriodPlace }
	| { kind: 'refused'; place: PeriodPlace; failure: ItemFailure };

const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;

function day(s: unknown): string {
	return typeof s === 'string' ? s.slice(0, 10) : '';
}

function within(date: string, start: unknown, end: unknown): boolean {
	const a = day(start);
	const b = day(end);
	return ISO_DAY.test(a) && ISO_DAY.test(b) && a <= date && date <= b;
}

function yearLabel(y: FiscalYearInfo): string {
	return `the fiscal year ${day(y.startDate)} – ${day(y.endDate)}`;
}

function periodStatus(p: TrackingPeriodInfo): string {
	return typeof p.status === 'string' ? p.status.toUpperCase() : '';
}

/** Where `date` (YYYY-MM-DD) falls in the company's fiscal years and tracking periods. */
export function placeOf(date: string, fiscalYears: FiscalYearInfo[]): PeriodPlace {
	const year = fiscalYears.find((y) => within(date, y.startDate, y.endDate));
	if (!year) return { label: 'no fiscal year of the Procountor company', state: 'noFiscalYear' };
	const periods = Array.isArray(year.trackingPeriods) ? year.trackingPeriods : [];
	const period = periods.find((p) => within(date, p.startDate, p.endDate));
	const status = period ? periodStatus(period) : '';
	if (year.isOpen === false) {
		return {
			label: period
				? `the tracking period ${day(period.startDate)} – ${day(period.endDate)} of the closed ${yearLabel(year).slice(4)}`
				: `the closed ${yearLabel(year).slice(4)}`,
			state: 'closed',
		};
	}
	if (!period) {
		// a year without tracking periods is decided by the year alone
		return periods.length === 0
			? { label: yearLabel(year), state: 'open' }
			: { label: `${yearLabel(year)}, outside all its tracking periods`, state: 'closed' };
	}
	const label = `the tracking period ${day(period.startDate)} – ${day(period.endDate)} (${status || 'no status'}) of ${yearLabel(year)}`;
	if (status === 'OPEN') return { label, state: 'open' };
	if (status === 'CLOSED') return { label, state: 'closed' };
	return { label, state: 'uncertain' };
}

/**
 * The first day after `date` that is in an open fiscal year and an OPEN tracking period (the start
 * of that period, or `date + 1` when `date`'s own year is open and has no tracking periods), or
 * undefined when there is none.
 */
export function firstOpenDayAfter(date: string, fiscalYears: FiscalYearInfo[]): string | undefined {
	const candidates: string[] = [];
	for (const y of fiscalYears) {
		if (y.isOpen === false) continue;
		const periods = Array.isArray(y.trackingPeriods) ? y.trackingPeriods : [];
		if (periods.length === 0) {
			const start = day(y.startDate);
			if (ISO_DAY.test(start) && start > date) candidates.push(start);
			continue;
		}
		for (const p of periods) {
			const start = day(p.startDate);
			if (periodStatus(p) === 'OPEN' && ISO_DAY.test(start) && start > date) candidates.push(start);
		}
	}
	candidates.sort();
	return candidates[0];
}

/**
 * The decision for one expense whose receipt date is `date`: book it on that date, move it to the
 * first open day (policy firstOpenDay), or refuse it with a reason naming the expense (`what`), the
 * date, the period and the fix. A PENDING (or unknown) period is not refused here: Procountor's
 * own answer decides.
 */
export function decidePeriod(
	what: string,
	date: string,
	fiscalYears: FiscalYearInfo[],
	policy: ClosedPeriodPolicy,
): PeriodDecision {
	const place = placeOf(date, fiscalYears);
	if (place.state === 'open') return { kind: 'open' };
	if (place.state === 'uncertain') return { kind: 'uncertain', place };
	const next = firstOpenDayAfter(date, fiscalYears);
	if (policy === 'firstOpenDay' && next) return { kind: 'moved', from: date, to: next, place };
	const where =
		place.state === 'noFiscalYear'
			? `its receipt date ${date} is in no fiscal year of the Procountor company`
			: `its receipt date ${date} is in ${place.label}, which is closed`;
	let fix: string;
	if (place.state === 'noFiscalYear') {
		fix = `Create the fiscal year for ${date} in Procountor and export the expense again`;
		if (next)
			fix += `, or set the Export Expense option Closed Periods to 'Post on the First Open Day' to book it on ${next}`;
	} else {
		fix = `Reopen the period in Procountor and export the expense again`;
		fix += next
			? `, or set the Export Expense option Closed Periods to 'Post on the First Open Day' to book it on ${next}`
			: ' (there is no open period after it to move it to)';
	}
	return {
		kind: 'refused',
		place,
		failure: {
			failureReasonType: 'validation_failure',
			failureReason: `${what} was not exported: ${where}. ${fix}.`,
			step: 'exportExpense',
		},
	};
}

/**
 * The journal booked on `to` instead of its own date: the original date is kept at the start of
 * the header description (≤ 255) and in the invoice notes.
 */
export function moveJournalDate(
	journal: ProcountorJournal,
	from: string,
	to: string,
): ProcountorJournal {
	const note = `Expense date ${from}, booked on ${to} (period closed)`;
	const description = cleanText(
		journal.transactionDescription ? `${note} – ${journal.transactionDescription}` : note,
		DESCRIPTION_MAX,
	);
	const notes = journal.invoiceNotes
		? truncate(`${note}.\n${journal.invoiceNotes}`, INVOICE_NOTES_MAX)
		: `${note}.`;
	return { ...journal, receiptDate: to, transactionDescription: description, invoiceNotes: notes };
}
