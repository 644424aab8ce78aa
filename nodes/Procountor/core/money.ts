// Exact money arithmetic. Amounts are integer minor units (cents); decimals are parsed as
// scaled integers (BigInt), so no float multiplication ever touches an amount.

export class MoneyError extends RangeError {
	constructor(message: string) {
		super(message);
		this.name = 'MoneyError';
	}
}

const ZERO = BigInt(0);
const ONE = BigInt(1);
const TWO = BigInt(2);
const TEN = BigInt(10);

export function pow10(k: number): bigint {
	let r = ONE;
	for (let i = 0; i < k; i++) r *= TEN;
	return r;
}

/** A decimal as `int / 10^scale`. */
export interface Decimal {
	int: bigint;
	scale: number;
}

/**
 * Parses a decimal number or numeric string exactly ("25.5" → 255 / 10^1).
 * Numbers are read through their shortest round-trip string (0.255 → "0.255").
 * Accepts an exponent ("1e-7"). Throws MoneyError for anything else.
 */
export function parseDecimal(x: number | string): Decimal {
	let s: string;
	if (typeof x === 'number') {
		if (!Number.isFinite(x)) throw new MoneyError(`Not a finite number: ${String(x)}`);
		s = String(x);
	} else if (typeof x === 'string') {
		s = x.trim();
	} else {
		throw new MoneyError(`Not a number (${x === null ? 'null' : typeof x})`);
	}
	const m = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/.exec(s);
	if (!m || (m[2] === '' && (m[3] === undefined || m[3] === ''))) {
		throw new MoneyError(`Not a decimal number: "${s}"`);
	}
	const sign = m[1] === '-' ? -ONE : ONE;
	let digits = (m[2] || '') + (m[3] || '');
	let scale = (m[3] || '').length;
	const exp = m[4] ? parseInt(m[4], 10) : 0;
	if (Math.abs(exp) > 400) throw new MoneyError(`Exponent out of range: "${s}"`);
	scale -= exp;
	if (scale < 0) {
		digits += '0'.repeat(-scale);
		scale = 0;
	}
	let int = BigInt(digits === '' ? '0' : digits) * sign;
	// normalise: strip trailing zeros of the fraction
	while (scale > 0 && int % TEN === ZERO) {
		int /= TEN;
		scale--;
	}
	return { int, scale };
}

/** Round half away from zero for a plain number (used for non-money helpers). */
export function roundHalfAwayFromZero(x: number): number {
	if (!Number.isFinite(x)) throw new MoneyError(`Not a finite number: ${String(x)}`);
	const r = Math.sign(x) * Math.round(Math.abs(x));
	return r === 0 ? 0 : r;
}

/** n / d rounded half away from zero, exact (d ≠ 0). */
export function divRoundHalfAway(n: bigint, d: bigint): bigint {
	if (d === ZERO) throw new MoneyError('Division by zero');
	if (d < ZERO) {
		n = -n;
		d = -d;
	}
	const neg = n < ZERO;
	const a = neg ? -n : n;
	const q = (a * TWO + d) / (TWO * d);
	return neg ? -q : q;
}

/** floor(n / d) for d > 0. */
export function floorDiv(n: bigint, d: bigint): bigint {
	const q = n / d;
	return n % d !== ZERO && n < ZERO ? q - ONE : q;
}

function toSafeNumber(b: bigint, what: string): number {
	const n = Number(b);
	if (!Number.isSafeInteger(n)) throw new MoneyError(`${what} is out of range`);
	return n === 0 ? 0 : n;
}

function assertCents(cents: number, what = 'Amount'): void {
	if (!Number.isSafeInteger(cents)) {
		throw new MoneyError(`${what} must be an integer number of minor units, got ${String(cents)}`);
	}
}

/** cents × percent / 100, rounded half away from zero, exact for any decimal percent. */
export function percentOf(cents: number, percent: number | string): number {
	assertCents(cents);
	const p = parseDecimal(percent);
	const r = divRoundHalfAway(BigInt(cents) * p.int, BigInt(100) * pow10(p.scale));
	return toSafeNumber(r, 'Percentage result');
}

/** Minor units → a JSON number with at most 2 decimals (3984 → 39.84). */
export function centsToAmount(cents: number): number {
	assertCents(cents);
	const v = cents / 100;
	return v === 0 ? 0 : v;
}

/** A decimal amount (number or string) → integer cents. Rejects more than 2 decimals. */
export function amountToCents(x: number | string): number {
	const d = parseDecimal(x);
	if (d.scale > 2) throw new MoneyError(`Amount ${String(x)} has more than 2 decimals`);
	return toSafeNumber(d.int * pow10(2 - d.scale), `Amount ${String(x)}`);
}

/**
 * Splits totalCents across weights by the largest-remainder method. The result always sums
 * exactly to totalCents. Works for negative totals and weights of any sign; when the weights sum
 * to zero (all zero, or cancelling) the total is split equally. Ties go to the earlier index.
 */
export function allocate(totalCents: number, weights: number[]): number[] {
	assertCents(totalCents, 'Total');
	const n = weights.length;
	if (n === 0) {
		if (totalCents !== 0) throw new MoneyError('Cannot allocate a non-zero total over no weights');
		return [];
	}
	const parsed = weights.map((w) => parseDecimal(w));
	const scale = Math.max(...parsed.map((p) => p.scale));
	let ws = parsed.map((p) => p.int * pow10(scale - p.scale));
	let sum = ws.reduce((a, b) => a + b, ZERO);
	if (sum === ZERO) {
		ws = ws.map(() => ONE);
		sum = BigInt(n);
	}
	if (sum < ZERO) {
		ws = ws.map((w) => -w);
		sum = -sum;
	}
	const total = BigInt(totalCents);
	const shares = ws.map((w) => floorDiv(total * w, sum));
	const rems = ws.map((w, i) => total * w - shares[i] * sum); // in [0, sum)
	let left = total - shares.reduce((a, b) => a + b, ZERO);
	const order = rems
		.map((r, i) => ({ r, i }))
		.sort((a, b) => (a.r === b.r ? a.i - b.i : a.r > b.r ? -1 : 1));
	for (let k = 0; left > ZERO; k = (k + 1) % n) {
		shares[order[k].i] += ONE;
		left -= ONE;
	}
	return shares.map((s) => toSafeNumber(s, 'Allocated share'));
}

/** Decimal places of a currency's minor unit (ISO 4217; default 2). */
export function currencyDecimals(currency: unknown): number {
	const c = currencyCode(currency);
	if (ZERO_DECIMAL.has(c)) return 0;
	if (THREE_DECIMAL.has(c)) return 3;
	return 2;
}
const ZERO_DECIMAL = new Set([
	'BIF',
	'CLP',
	'DJF',
	'GNF',
	'ISK',
	'JPY',
	'KMF',
	'KRW',
	'PYG',
	'RWF',
	'UGX',
	'UYI',
	'VND',
	'VUV',
	'XAF',
	'XOF',
	'XPF',
]);
const THREE_DECIMAL = new Set(['BHD', 'IQD', 'JOD', 'KWD', 'LYD', 'OMR', 'TND']);

/**
 * A currency code from untrusted input: trimmed and upper-cased when it is a string, '' for any
 * other JSON type (numbers such as 978, arrays, objects, booleans).
 */
export function currencyCode(currency: unknown): string {
	return typeof currency === 'string' ? currency.trim().toUpperCase() : '';
}

/**
 * Formats minor units for messages: formatMoney(6366, 'EUR') → "63.66 EUR". Never throws: a
 * currency that is not a string is left out, a non-integer amount is shown as is.
 */
export function formatMoney(cents: number, currency?: unknown): string {
	const cur = currencyCode(currency);
	if (!Number.isSafeInteger(cents)) {
		const shown = typeof cents === 'number' ? String(cents) : 'an invalid amount';
		return `${shown} ${cur}`.trim();
	}
	const dp = currencyDecimals(cur);
	const neg = cents < 0;
	const abs = String(Math.abs(cents)).padStart(dp + 1, '0');
	const whole = dp === 0 ? abs : abs.slice(0, abs.length - dp);
	const frac = dp === 0 ? '' : '.' + abs.slice(abs.length - dp);
	return `${neg ? '-' : ''}${whole}${frac}${cur ? ' ' + cur : ''}`;
}

/** Formats a decimal exactly as a plain string ("25.5", "0.1"). */
export function decimalToString(d: Decimal): string {
	const neg = d.int < ZERO;
	const abs = (neg ? -d.int : d.int).toString().padStart(d.scale + 1, '0');
	const whole = d.scale === 0 ? abs : abs.slice(0, abs.length - d.scale);
	const frac = d.scale === 0 ? '' : '.' + abs.slice(abs.length - d.scale);
	return `${neg ? '-' : ''}${whole}${frac}`;
}

/** Exact decimal shift: 0.255 × 10^2 → 25.5 as a number (shortest repr, no float error). */
export function shiftDecimal(x: number | string, places: number): number {
	const d = parseDecimal(x);
	let scale = d.scale - places;
	let int = d.int;
	if (scale < 0) {
		int *= pow10(-scale);
		scale = 0;
	}
	return Number(decimalToString({ int, scale }));
}

/** Exact decimal equality (25.5 === "25.50"). */
export function decimalEquals(a: number | string, b: number | string): boolean {
	try {
		const x = parseDecimal(a);
		const y = parseDecimal(b);
		return x.int === y.int && x.scale === y.scale;
	} catch {
		return false;
	}
}
