// VAT as Procountor books it: for a JOURNAL line Procountor takes the NET accountingValue and
// computes VAT = round-half-away-from-zero(net × vatPercent / 100) to cents itself.
import type { VatInfo } from './types';
import { reverseChargeStatus, selfAssessedStatusesOf } from './reverseCharge';
import {
	decimalEquals,
	divRoundHalfAway,
	MoneyError,
	parseDecimal,
	percentOf,
	pow10,
} from './money';

export class VatError extends RangeError {
	constructor(message: string) {
		super(message);
		this.name = 'VatError';
	}
}

/** The VAT (in cents) Procountor books for a line with this net amount and percent. */
export function procountorVat(netCents: number, vatPercent: number | string): number {
	return percentOf(netCents, vatPercent);
}

export interface NetFromGross {
	netCents: number;
	vatCents: number;
	/** gross − (net + vat): 0 when exact, otherwise ±1 cent. */
	residualCents: number;
}

export function isAllowedRate(vatPercent: number | string, allowedRates: Array<number | string>) {
	return allowedRates.some((r) => decimalEquals(r, vatPercent));
}

/**
 * The net N such that N + procountorVat(N) === gross, preferring preferredNetCents (Pleo's own net)
 * when it satisfies that; among several exact solutions the one nearest gross / (1 + p) wins.
 * When no exact N exists, returns the N minimising |residual| (the residual is then ±1 cent).
 * Throws VatError when vatPercent is negative, above 100 or not in allowedRates (if given).
 */
export function netFromGross(
	grossCents: number,
	vatPercent: number | string,
	preferredNetCents?: number | null,
	allowedRates?: Array<number | string>,
): NetFromGross {
	if (!Number.isSafeInteger(grossCents)) {
		throw new MoneyError(`Gross must be integer minor units, got ${String(grossCents)}`);
	}
	let p;
	try {
		p = parseDecimal(vatPercent);
	} catch {
		p = undefined;
	}
	if (!p) throw new VatError(`VAT percent "${String(vatPercent)}" is not a number`);
	if (p.int < BigInt(0) || p.int > BigInt(100) * pow10(p.scale)) {
		throw new VatError(`VAT percent ${String(vatPercent)} is outside 0–100`);
	}
	if (allowedRates && !isAllowedRate(vatPercent, allowedRates)) {
		throw new VatError(
			`VAT percent ${String(vatPercent)} is not one of the allowed rates ${allowedRates.join(', ')}`,
		);
	}
	const f = (n: number) => n + procountorVat(n, vatPercent);
	if (
		preferredNetCents !== undefined &&
		preferredNetCents !== null &&
		Number.isSafeInteger(preferredNetCents) &&
		f(preferredNetCents) === grossCents
	) {
		return {
			netCents: preferredNetCents,
			vatCents: grossCents - preferredNetCents,
			residualCents: 0,
		};
	}
	// ideal = gross × 100·10^s / ((100 + p)·10^s)
	const scaleF = pow10(p.scale);
	const num = BigInt(grossCents) * BigInt(100) * scaleF;
	const den = BigInt(100) * scaleF + p.int;
	const n0 = Number(divRoundHalfAway(num, den));
	let best: { n: number; res: number; dist: bigint } | undefined;
	for (let n = n0 - 2; n <= n0 + 2; n++) {
		const res = grossCents - f(n);
		const diff = BigInt(n) * den - num;
		const dist = diff < BigInt(0) ? -diff : diff;
		const absRes = Math.abs(res);
		if (
			!best ||
			absRes < Math.abs(best.res) ||
			(absRes === Math.abs(best.res) && dist < best.dist)
		) {
			best = { n, res, dist };
		}
	}
	const b = best as { n: number; res: number };
	const net = b.n === 0 ? 0 : b.n;
	return { netCents: net, vatCents: procountorVat(net, vatPercent), residualCents: b.res };
}

/**
 * What Procountor does with the VAT of a PURCHASE line:
 * - 'added': the VAT is paid to the supplier and is part of the receipt total, so the gross is
 *   split into net + VAT (Pleo tax type `inclusive`/`exclusive`; by number: status 1, domestic);
 * - 'reverseCharge': Procountor self-assesses the VAT (receivable and payable cancel out), so
 *   net = gross (Pleo tax type `reverse`; by number: 3, 8, 9, outside the EU / EU goods / EU
 *   services in the default Finnish list);
 * - 'none': no VAT is booked at all (status 12 "no VAT handling", and any other number when Pleo
 *   gives no tax type).
 *
 * VAT status numbers differ per company and are only partly documented, so Pleo's tax type is
 * the source of the treatment whenever Pleo gives one; the numbers are the fallback.
 */
export type VatTreatment = 'added' | 'reverseCharge' | 'none';

export const VAT_ADDED_STATUSES: readonly number[] = [1];
/**
 * The self-assessing statuses of the default Finnish list, used only when the company's own list
 * has no descriptions to go by (selfAssessedStatusesOf in reverseCharge.ts reads them from it).
 */
export const REVERSE_CHARGE_STATUSES: readonly number[] = [3, 8, 9];
/** "No VAT handling": books no VAT whatever the tax type says. */
export const NO_VAT_STATUS = 12;

/** The treatment a VAT status number implies when Pleo gives no tax type (the fallback). */
export function vatTreatment(
	vatStatus: unknown,
	selfAssessed: readonly number[] = REVERSE_CHARGE_STATUSES,
): VatTreatment {
	if (typeof vatStatus !== 'number') return 'none';
	if (VAT_ADDED_STATUSES.includes(vatStatus)) return 'added';
	if (selfAssessed.includes(vatStatus)) return 'reverseCharge';
	return 'none';
}

/** Pleo's tax type (`inclusive`, `exclusive`, `reverse`), lower-cased, or '' when there is none. */
export function pleoTaxType(taxType: unknown): '' | 'inclusive' | 'exclusive' | 'reverse' {
	const t = typeof taxType === 'string' ? taxType.trim().toLowerCase() : '';
	return t === 'inclusive' || t === 'exclusive' || t === 'reverse' ? t : '';
}

/**
 * The VAT treatment of one line: from Pleo's tax type when Pleo gives one (`reverse` →
 * self-assessed, `inclusive`/`exclusive` → VAT added), else from the status number.
 */
export function lineVatTreatment(
	taxType: unknown,
	vatStatus: unknown,
	selfAssessed: readonly number[] = REVERSE_CHARGE_STATUSES,
): VatTreatment {
	const t = pleoTaxType(taxType);
	if (t === 'reverse') return 'reverseCharge';
	if (t === 'inclusive' || t === 'exclusive') return 'added';
	return vatTreatment(vatStatus, selfAssessed);
}

/**
 * Why a line's VAT status, percent and Pleo tax type contradict each other, or undefined when they
 * are consistent:
 * - a non-zero percent on status 12 ("no VAT handling"), whatever the tax type, or on a line whose
 *   treatment books no VAT (no Pleo tax type and a status that is neither 1 nor 3/8/9);
 * - Pleo type `reverse` on status 1 (domestic: Procountor adds the VAT to the receipt);
 * - Pleo type `inclusive`/`exclusive` with a non-zero percent on status 3, 8 or 9 (reverse-charge
 *   statuses of the default list: Procountor would self-assess VAT the supplier already charged).
 * Any other number is a label the company chose; Pleo's tax type decides its treatment.
 */
export function vatContradiction(
	vatStatus: unknown,
	vatPercent: unknown,
	taxType?: unknown,
	selfAssessed: readonly number[] = REVERSE_CHARGE_STATUSES,
): string | undefined {
	if (
		vatStatus === undefined ||
		vatStatus === null ||
		vatPercent === undefined ||
		vatPercent === null
	) {
		return undefined;
	}
	const type = pleoTaxType(taxType);
	const status = typeof vatStatus === 'number' ? vatStatus : undefined;
	if (type === 'reverse' && status !== undefined && VAT_ADDED_STATUSES.includes(status)) {
		return `Pleo's tax type is reverse charge, but VAT status ${status} (domestic) adds the VAT to the receipt instead of self-assessing it`;
	}
	if (typeof vatPercent === 'number' && decimalEquals(vatPercent, 0)) return undefined;
	if (
		(type === 'inclusive' || type === 'exclusive') &&
		status !== undefined &&
		selfAssessed.includes(status)
	) {
		return `Pleo's tax type is ${type} (VAT paid to the supplier), but VAT status ${status} is a reverse-charge status that self-assesses the VAT`;
	}
	const t = status === NO_VAT_STATUS ? 'none' : lineVatTreatment(type, vatStatus, selfAssessed);
	if (t !== 'none') return undefined;
	const pct = typeof vatPercent === 'number' ? String(vatPercent) : 'a non-numeric';
	return `VAT status ${status !== undefined ? String(status) : '?'}${status === NO_VAT_STATUS ? ' (no VAT handling)' : ''} books no VAT, but the VAT percent is ${pct} %`;
}

/**
 * The contradiction a mapping row shows on its own, before Pleo's tax type of a line is known:
 * only status 12 ("no VAT handling") with a non-zero percent. Any other status is a label whose
 * treatment comes from the line's tax type.
 */
export function rowVatContradiction(vatStatus: unknown, vatPercent: unknown): string | undefined {
	return vatStatus === NO_VAT_STATUS ? vatContradiction(vatStatus, vatPercent) : undefined;
}

/** GET /vats/default as Procountor answers it (the fields this package reads). */
export interface VatDefaults {
	vatInformation?: Array<{
		country?: string;
		percentages?: Array<{ vatPercent: number; purchase?: boolean; sales?: boolean }>;
	}>;
	vatStatuses?: Array<{
		vatStatus: number;
		description?: string;
		purchase?: boolean;
		sales?: boolean;
	}>;
}

/**
 * The company's purchase VAT percentages, each once, in Procountor's order. The one place
 * that reads them: Map Category, Import Accounts to Pleo, Export Expense and the VAT list in
 * the editor all take them from here.
 */
export function purchaseVatRates(v: VatDefaults): number[] {
	const rates: number[] = [];
	for (const info of v.vatInformation ?? []) {
		for (const p of info.percentages ?? []) {
			if (p.purchase === false) continue;
			if (!rates.some((x) => decimalEquals(x, p.vatPercent))) rates.push(Number(p.vatPercent));
		}
	}
	return rates;
}

/** The VAT statuses a purchase may use (every status not marked sales-only). */
export function purchaseVatStatuses(v: VatDefaults): NonNullable<VatDefaults['vatStatuses']> {
	return (v.vatStatuses ?? []).filter((s) => s.purchase !== false);
}

/** Percentages and statuses in the shape the mapping rules check against. */
export function vatInfoOf(v: VatDefaults): VatInfo {
	return {
		percentages: purchaseVatRates(v),
		statuses: (v.vatStatuses ?? []).map((s) => ({
			status: Number(s.vatStatus),
			purchase: s.purchase !== false,
			sales: s.sales === true,
		})),
		reverseCharge: {
			euServices: reverseChargeStatus(v, 'euServices'),
			euGoods: reverseChargeStatus(v, 'euGoods'),
		},
		selfAssessedStatuses: selfAssessedStatusesOf(v),
	};
}

/** The "no VAT" status: 12 unless the company's list lacks it and names another "No VAT". */
export function noVatStatusOf(v: VatDefaults): number {
	const statuses = v.vatStatuses ?? [];
	if (statuses.length && !statuses.some((s) => s.vatStatus === 12)) {
		return statuses.find((s) => /no vat/i.test(s.description ?? ''))?.vatStatus ?? 12;
	}
	return 12;
}
