// Reconcile Exports: the period in the company time zone (calendar days, DST-safe instants for
// Pleo's date filter) and the check of the From/To parameters.
import { cleanText } from './text';

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
