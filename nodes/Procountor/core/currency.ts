// Currency conversion with Procountor's rate convention: the rate is "foreign units per
// 1 company-currency unit" (PROCOUNTOR_ACCOUNTING_EXCHANGE_RATE, base = company currency), so
// company = foreign / rate. All arithmetic is decimal-exact (BigInt), rounded half away from zero.
import {
	allocate,
	currencyDecimals,
	decimalToString,
	divRoundHalfAway,
	formatMoney,
	MoneyError,
	parseDecimal,
	pow10,
} from './money';

export type ConversionDirection = 'toCompany' | 'toForeign';

export interface ConvertOptions {
	/** Minor-unit decimals of the foreign currency (default 2). */
	foreignDecimals?: number;
	/** Minor-unit decimals of the company currency (default 2). */
	companyDecimals?: number;
}

/** Parses and validates a rate (must be a positive decimal). */
export function parseRate(rate: string | number) {
	let d;
	try {
		d = parseDecimal(rate);
	} catch {
		d = undefined;
	}
	if (!d) throw new MoneyError(`Exchange rate "${String(rate)}" is not a number`);
	if (d.int <= BigInt(0)) throw new MoneyError(`Exchange rate ${String(rate)} must be positive`);
	return d;
}

/**
 * Converts minor units. 'toCompany': foreign minor → company minor (÷ rate);
 * 'toForeign': company minor → foreign minor (× rate).
 * Example: 10000 (100.00 SEK) at rate "11.42" toCompany → 876 (8.76 EUR; 8.7565… rounded).
 */
export function convertMinor(
	minor: number,
	rate: string | number,
	direction: ConversionDirection = 'toCompany',
	opts: ConvertOptions = {},
): number {
	if (!Number.isSafeInteger(minor)) {
		throw new MoneyError(`Amount must be integer minor units, got ${String(minor)}`);
	}
	const r = parseRate(rate);
	const fd = opts.foreignDecimals ?? 2;
	const cd = opts.companyDecimals ?? 2;
	let num: bigint;
	let den: bigint;
	if (direction === 'toCompany') {
		// company = foreign / rate ; minor scaling 10^(cd - fd)
		num = BigInt(minor) * pow10(r.scale) * pow10(Math.max(0, cd - fd));
		den = r.int * pow10(Math.max(0, fd - cd));
	} else {
		num = BigInt(minor) * r.int * pow10(Math.max(0, fd - cd));
		den = pow10(r.scale) * pow10(Math.max(0, cd - fd));
	}
	const out = Number(divRoundHalfAway(num, den));
	if (!Number.isSafeInteger(out)) throw new MoneyError('Converted amount is out of range');
	return out === 0 ? 0 : out;
}

/**
 * Converts a total, then allocates it across the lines (weights = the original line amounts) so
 * the converted lines sum exactly to the converted total.
 */
export function convertLines(
	totalMinor: number,
	lineMinors: number[],
	rate: string | number,
	direction: ConversionDirection = 'toCompany',
	opts: ConvertOptions = {},
): { totalMinor: number; lineMinors: number[] } {
	const total = convertMinor(totalMinor, rate, direction, opts);
	return { totalMinor: total, lineMinors: allocate(total, lineMinors) };
}

/** Decimals of a rate worked out from two amounts (Pleo's card rate): enough to check a cent. */
export const IMPLIED_RATE_DECIMALS = 6;

/**
 * The rate two amounts imply, in Procountor's convention (foreign units per 1 company unit), as a
 * decimal string with at most 6 decimals: 1250.00 SEK paid as 109.46 EUR → "11.419697".
 * Undefined when either amount is zero or not an integer.
 */
export function impliedRate(
	foreign: { minors: number; currency: string },
	company: { minors: number; currency: string },
): string | undefined {
	if (!Number.isSafeInteger(foreign.minors) || !Number.isSafeInteger(company.minors))
		return undefined;
	if (foreign.minors === 0 || company.minors === 0) return undefined;
	const fd = currencyDecimals(foreign.currency);
	const cd = currencyDecimals(company.currency);
	const num = BigInt(Math.abs(foreign.minors)) * pow10(cd) * pow10(IMPLIED_RATE_DECIMALS);
	const den = BigInt(Math.abs(company.minors)) * pow10(fd);
	return decimalToString(
		parseDecimal(
			decimalToString({ int: divRoundHalfAway(num, den), scale: IMPLIED_RATE_DECIMALS }),
		),
	);
}

/**
 * What a converted journal line says about its conversion, in the same words whichever way the
 * money was converted (a non-company wallet at Procountor's rate, or a company-currency wallet
 * paid in another currency at Pleo's card rate): "orig. 1250.00 SEK at 11.42 SEK/EUR", so the
 * bookkeeper can check the booked amount from the journal alone (1250.00 / 11.42 = 109.46).
 */
export function conversionNote(
	original: { minors: number; currency: string },
	rate: string | number,
	companyCurrency: string,
): string {
	let rateText: string;
	try {
		rateText = decimalToString(parseRate(rate));
	} catch {
		rateText = String(rate);
	}
	return `orig. ${formatMoney(original.minors, original.currency)} at ${rateText} ${original.currency}/${companyCurrency}`;
}
