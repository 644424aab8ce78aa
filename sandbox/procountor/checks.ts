// The Procountor sandbox's small checks shared by every area: field errors, exact money in
// hundredths, Windows-1252 text, dates and open periods. The ledger-receipt validation that
// uses them is in rules.ts.
import type { CompanyState } from './types';

export interface FieldError {
	status: number;
	field: string;
	message: string;
}

// ---------- money ----------

/** Parses a JSON amount with at most `maxDecimals` decimals into integer hundredths. */
export function toHundredths(
	v: unknown,
	maxDecimals = 2,
): { ok: true; value: number } | { ok: false; reason: 'type' | 'decimals' } {
	let s: string;
	if (typeof v === 'number') {
		if (!Number.isFinite(v)) return { ok: false, reason: 'type' };
		s = String(v);
	} else if (typeof v === 'string' && v.trim() !== '') {
		s = v.trim();
	} else {
		return { ok: false, reason: 'type' };
	}
	const m = /^([-+]?)(\d+)(?:\.(\d*))?$/.exec(s);
	if (!m)
		return { ok: false, reason: /e/i.test(s) && !Number.isNaN(Number(s)) ? 'decimals' : 'type' };
	const frac = (m[3] ?? '').replace(/0+$/, '');
	if (frac.length > maxDecimals) return { ok: false, reason: 'decimals' };
	const value = Number(m[2]) * 100 + Number((frac + '00').slice(0, 2));
	if (!Number.isSafeInteger(value)) return { ok: false, reason: 'type' };
	return { ok: true, value: m[1] === '-' ? -value : value };
}

export function centsToNumber(c: number): number {
	return c / 100;
}

export function formatCents(c: number): string {
	const sign = c < 0 ? '-' : '';
	const a = Math.abs(c);
	return `${sign}${Math.floor(a / 100)}.${String(a % 100).padStart(2, '0')}`;
}

/** round-half-away-from-zero(n / d) for integers, d > 0, exact (BigInt). */
export function divRoundHalfAway(n: number, d: number): number {
	const bn = BigInt(n);
	const bd = BigInt(d);
	const neg = bn < BigInt(0);
	const a = neg ? -bn : bn;
	let q = a / bd;
	const r = a - q * bd;
	if (r * BigInt(2) >= bd) q += BigInt(1);
	return Number(neg ? -q : q);
}

// ---------- text ----------

const CP1252_EXTRA = new Set([
	0x20ac, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021, 0x02c6, 0x2030, 0x0160, 0x2039, 0x0152,
	0x017d, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x02dc, 0x2122, 0x0161, 0x203a,
	0x0153, 0x017e, 0x0178,
]);

/** true if every character is representable in Windows-1252 */
export function isWindows1252(s: string): boolean {
	for (const ch of s) {
		const cp = ch.codePointAt(0) as number;
		if (cp <= 0x7f || (cp >= 0xa0 && cp <= 0xff)) continue;
		if (CP1252_EXTRA.has(cp)) continue;
		return false;
	}
	return true;
}

export function isValidDate(s: unknown): s is string {
	if (typeof s !== 'string') return false;
	const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
	if (!m) return false;
	const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
	return d.toISOString().slice(0, 10) === s;
}

/** Checks an optional/required text field; pushes errors; returns the string (or undefined). */
export function checkText(
	errors: FieldError[],
	field: string,
	v: unknown,
	max: number,
	required: boolean,
): string | undefined {
	if (v === undefined || v === null || (required && v === '')) {
		if (required) errors.push(err(field, 'FIELD_REQUIRED', 'may not be null or empty'));
		return undefined;
	}
	if (typeof v !== 'string') {
		errors.push(err(field, 'INVALID_TYPE', 'must be a string'));
		return undefined;
	}
	if (v.length > max) {
		errors.push(err(field, 'FIELD_TOO_LONG', `length must be at most ${max} (was ${v.length})`));
	}
	if (!isWindows1252(v)) {
		errors.push(
			err(field, 'INVALID_CHARACTERS', 'contains characters outside the Windows-1252 charset'),
		);
	}
	return v;
}

export function err(field: string, code: string, text: string, status = 400): FieldError {
	return { status, field, message: `${code}: ${text}` };
}

// ---------- periods ----------

export function periodIsOpen(company: CompanyState, date: string): boolean {
	const fy = company.fiscalYears.find((y) => y.startDate <= date && date <= y.endDate);
	if (!fy || !fy.isOpen) return false;
	const p = fy.trackingPeriods.find((t) => t.startDate <= date && date <= t.endDate);
	return !!p && p.status === 'OPEN';
}
