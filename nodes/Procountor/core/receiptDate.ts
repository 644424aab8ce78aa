// Pleo dates → Procountor receipt dates: strict ISO 8601 checks (no roll-over of 2026-02-30) and
// the calendar day in the company time zone. Used by Export Expense and Reconcile Exports.
const FORMATTERS = new Map<string, Intl.DateTimeFormat>();

const MONTHS = [
	'January',
	'February',
	'March',
	'April',
	'May',
	'June',
	'July',
	'August',
	'September',
	'October',
	'November',
	'December',
];
/** YYYY-MM-DD, optionally followed by a time and an offset (ISO 8601, what Pleo sends). */
const ISO_DATE =
	/^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(Z|[+-](\d{2}):(\d{2}))?)?$/;

function daysInMonth(year: number, month: number): number {
	return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/**
 * Why a Pleo date cannot be a Procountor receipt date, or undefined when it can. Dates are checked
 * strictly, field by field: Date.parse would roll 2026-02-30 over to March 2.
 */
export function dateProblem(date: unknown): string | undefined {
	if (date === undefined || date === null || date === '') return 'it is missing';
	if (typeof date !== 'string')
		return `it is not a text but ${Array.isArray(date) ? 'an array' : `a ${typeof date}`}`;
	const m = ISO_DATE.exec(date.trim());
	if (!m) return 'it is not an ISO 8601 date (YYYY-MM-DD, optionally with a time)';
	const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
	if (month < 1 || month > 12) return `there is no month ${m[2]}`;
	const days = daysInMonth(year, month);
	if (day < 1 || day > days)
		return `${MONTHS[month - 1]} ${year} has no day ${m[3]} (it has ${days} days)`;
	if (m[4] !== undefined && (Number(m[4]) > 23 || Number(m[5]) > 59 || Number(m[6] ?? 0) > 59)) {
		return 'its time of day is not valid';
	}
	if (m[8] !== undefined && (Number(m[8]) > 23 || Number(m[9]) > 59))
		return 'its UTC offset is not valid';
	return undefined;
}

/**
 * The item's date as YYYY-MM-DD in the company time zone. Only real calendar dates in ISO 8601
 * form are accepted (see dateProblem). A bare date, and a date-time without an offset (a local
 * time), keep their own date; a date-time with Z or an offset is converted to the company time
 * zone. Returns undefined for an invalid date; throws RangeError for an unknown time zone.
 */
export function receiptDateOf(date: unknown, timeZone: string): string | undefined {
	if (dateProblem(date) !== undefined) return undefined;
	const s = (date as string).trim();
	const m = ISO_DATE.exec(s) as RegExpExecArray;
	if (m[4] === undefined || m[7] === undefined) return `${m[1]}-${m[2]}-${m[3]}`;
	const ms = Date.parse(s);
	if (Number.isNaN(ms)) return undefined;
	let fmt = FORMATTERS.get(timeZone);
	if (!fmt) {
		fmt = new Intl.DateTimeFormat('en-US', {
			timeZone,
			year: 'numeric',
			month: '2-digit',
			day: '2-digit',
		});
		if (FORMATTERS.size > 50) FORMATTERS.clear();
		FORMATTERS.set(timeZone, fmt);
	}
	const parts = fmt.formatToParts(new Date(ms));
	const get = (t: string) => parts.find((p) => p.type === t)?.value ?? '';
	return `${get('year').padStart(4, '0')}-${get('month')}-${get('day')}`;
}
