// Import Accounts and VAT Codes: the Pleo tax codes a Procountor company's VAT list calls for, and
// the ones it leaves out, each with the reason the output shows. Pure: no n8n import.
import { shiftDecimal } from './money';
import {
	REVERSE_CHARGE_CODES,
	REVERSE_CHARGE_LABELS,
	reverseChargeStatus,
	type ReverseChargeKind,
} from './reverseCharge';
import { DEFAULT_VAT_STATUS } from './mapping';
import { purchaseVatRates, type VatDefaults } from './vat';

export interface TaxCodeSpec {
	code: string;
	name: string;
	rate: number;
	type: 'inclusive' | 'reverse';
	archived: false;
	/** the Procountor VAT status Map Category books this code with */
	vatStatus: number;
	/** why the code exists and which status it stands for */
	reason: string;
}

export interface TaxCodeLeftOut {
	code: string;
	reason: string;
}

/** The user's picks of the reverse-charge statuses (empty: decide from the company's list). */
export type ReverseChargePicks = Partial<Record<ReverseChargeKind, number | null>>;

/** The status the company's list itself describes for a kind, if it does. */
function described(vats: VatDefaults, kind: ReverseChargeKind): number | undefined {
	const rc = reverseChargeStatus(vats, kind);
	return rc.ok ? rc.status : undefined;
}

/** "25.5" for 25.5, "0" for 0: the percent as written in tax codes and names. */
function pctText(p: number): string {
	return String(shiftDecimal(p, 0));
}

/**
 * The Pleo tax codes this integration expects (the scheme Map Category understands without rows):
 * - `VAT<p>` inclusive, rate p/100, named "VAT <p>%", for every purchase VAT percent of the company,
 *   when the domestic status is enabled for purchases (Map Category books them with it);
 * - `EURC` reverse at the standard rate, "EU reverse charge <p>%", on the company's status for EU
 *   purchases of services, and `EURCG` "EU reverse charge, goods <p>%" on its status for EU
 *   purchases of goods: the status the user picked, else the one the company's list describes so.
 * Every code that is not made is listed in `leftOut` with the reason and what to do.
 */
export function desiredTaxCodes(
	vats: VatDefaults,
	picks: ReverseChargePicks = {},
): { wanted: TaxCodeSpec[]; leftOut: TaxCodeLeftOut[] } {
	const percents = purchaseVatRates(vats).sort((a, b) => b - a);
	const statuses = vats.vatStatuses ?? [];
	const domestic = statuses.find((s) => Number(s.vatStatus) === DEFAULT_VAT_STATUS.domestic);
	const wanted: TaxCodeSpec[] = [];
	const leftOut: TaxCodeLeftOut[] = [];
	const domesticOk =
		statuses.length === 0 || (domestic !== undefined && domestic.purchase !== false);
	for (const p of percents) {
		const code = `VAT${pctText(p)}`;
		if (!domesticOk) {
			leftOut.push({
				code,
				reason: `the company's domestic VAT status ${DEFAULT_VAT_STATUS.domestic} is ${domestic ? 'not enabled for purchases' : 'not in its VAT list'}, and Map Category books VAT paid to the supplier with it; enable it in Procountor, or create the code in Pleo and map it in Map Category › Tax Code Mappings`,
			});
			continue;
		}
		wanted.push({
			code,
			name: `VAT ${pctText(p)}%`,
			rate: shiftDecimal(p, -2),
			type: 'inclusive',
			archived: false,
			vatStatus: DEFAULT_VAT_STATUS.domestic,
			reason: `purchase VAT rate ${pctText(p)} % of the company, booked with the domestic status ${DEFAULT_VAT_STATUS.domestic}${domestic?.description ? ` '${domestic.description}'` : ''}`,
		});
	}
	const standard = percents[0];
	for (const kind of ['euServices', 'euGoods'] as const) {
		const code = REVERSE_CHARGE_CODES[kind];
		if (standard === undefined || standard <= 0) {
			leftOut.push({
				code,
				reason: `the company has no purchase VAT rate above 0 %, so there is no rate for ${REVERSE_CHARGE_LABELS[kind]} to self-assess`,
			});
			continue;
		}
		const rc = reverseChargeStatus(vats, kind, picks[kind]);
		if (!rc.ok) {
			leftOut.push({ code, reason: rc.reason });
			continue;
		}
		wanted.push({
			code,
			name:
				kind === 'euServices'
					? `EU reverse charge ${pctText(standard)}%`
					: `EU reverse charge, goods ${pctText(standard)}%`,
			rate: shiftDecimal(standard, -2),
			type: 'reverse',
			archived: false,
			vatStatus: rc.status,
			reason:
				rc.how === 'described' || described(vats, kind) === rc.status
					? `${rc.reason}; Map Category books ${code} with it`
					: `${rc.reason}; the company's list does not say so itself, so add a row ${code} → ${rc.status} in Map Category › Tax Code Mappings`,
		});
	}
	return { wanted, leftOut };
}
