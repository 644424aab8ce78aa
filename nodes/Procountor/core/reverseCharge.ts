// Which of a company's VAT statuses serve reverse charge on EU purchases of services and of goods.
// VAT status numbers differ per Procountor company and only a few are documented
// (procountor-api.md §8 questions 6 and 13), so no number is built in: the answer comes from what
// the company's own list (GET /vats/default: number, description, purchase) says, or from the
// user's pick where the list cannot tell. Pure: no n8n import.
import type { VatDefaults } from './vat';

export type ReverseChargeKind = 'euServices' | 'euGoods';

/** The Pleo tax code Import Accounts and VAT Codes creates for each kind (Map Category reads it back). */
export const REVERSE_CHARGE_CODES: Record<ReverseChargeKind, string> = {
	euServices: 'EURC',
	euGoods: 'EURCG',
};

/** What the kind is called in sentences. */
export const REVERSE_CHARGE_LABELS: Record<ReverseChargeKind, string> = {
	euServices: 'EU purchases of services',
	euGoods: 'EU purchases of goods',
};

/** The Import Accounts option a user picks the status in, named in every sentence that asks for it. */
export const REVERSE_CHARGE_OPTIONS: Record<ReverseChargeKind, string> = {
	euServices: 'EU Services Reverse-Charge VAT Status',
	euGoods: 'EU Goods Reverse-Charge VAT Status',
};

export interface VatStatusRef {
	status: number;
	description: string;
}

export type ReverseChargeStatus =
	| {
			ok: true;
			status: number;
			description: string;
			/** 'described': the company's list says so; 'picked': the user chose it */
			how: 'described' | 'picked';
			/** why this status, for the output */
			reason: string;
	  }
	| {
			ok: false;
			/** 'none': no candidate; 'ambiguous': the list cannot tell; 'badPick': the pick is not usable */
			problem: 'none' | 'ambiguous' | 'badPick';
			candidates: VatStatusRef[];
			/** what is wrong, without the fix */
			why: string;
			/** what is wrong and what to do in Import Accounts and VAT Codes, for its output */
			reason: string;
	  };

const EU = /(^|[^a-z])(eu|ey)([^a-z]|$)|community|yhteisö|gemenskap|intra/i;
const OUTSIDE = /outside|non-eu|third countr|ulkopuol|utanför|kolmas|kolmannet/i;
const SALES_ONLY = /sales|myynti|försäljning|myydyt/i;
const PURCHASE_WORD = /purchase|acquisition|osto|hankin|inköp|förvärv/i;
const SERVICES = /servic|palvelu|tjänst/i;
/** Words that say a status self-assesses the VAT (domestic construction reverse charge too). */
const SELF_ASSESSED = /reverse charge|käännetty verovelvollisuus|omvänd skattskyldighet/i;
const GOODS = /goods|product|tavara|tuote|varor|(^|[^a-z])vara([^a-z]|$)/i;

/** What a status description says about EU reverse charge: which kind, 'generic' EU purchases, or nothing. */
export function describedKind(description: string): ReverseChargeKind | 'generic' | undefined {
	const d = description.trim();
	if (!d || !EU.test(d) || OUTSIDE.test(d)) return undefined;
	if (SALES_ONLY.test(d) && !PURCHASE_WORD.test(d)) return undefined;
	const services = SERVICES.test(d);
	const goods = GOODS.test(d);
	if (services && !goods) return 'euServices';
	if (goods && !services) return 'euGoods';
	return 'generic';
}

const ref = (s: { vatStatus: number; description?: string }): VatStatusRef => ({
	status: Number(s.vatStatus),
	description: typeof s.description === 'string' ? s.description.trim() : '',
});

/** "6 'EU purchases (reverse charge)'" */
export const statusText = (s: VatStatusRef): string =>
	s.description ? `${s.status} '${s.description}'` : String(s.status);

/**
 * The company's status for one kind of reverse charge: the user's pick when there is one (it must
 * be a purchase status of the company), else the one purchase status whose description says this
 * kind (English, Finnish or Swedish words), else nothing, with the reason and what to do.
 */
export function reverseChargeStatus(
	vats: VatDefaults,
	kind: ReverseChargeKind,
	picked?: number | null,
): ReverseChargeStatus {
	const label = REVERSE_CHARGE_LABELS[kind];
	const option = REVERSE_CHARGE_OPTIONS[kind];
	const all = (vats.vatStatuses ?? []).filter((s) => Number.isFinite(Number(s.vatStatus)));
	const purchase = all.filter((s) => s.purchase !== false).map(ref);
	if (picked !== undefined && picked !== null && Number.isFinite(picked)) {
		const hit = all.find((s) => Number(s.vatStatus) === picked);
		if (hit && hit.purchase !== false) {
			const r = ref(hit);
			return {
				ok: true,
				status: r.status,
				description: r.description,
				how: 'picked',
				reason: `VAT status ${statusText(r)} was picked for ${label} in '${option}'`,
			};
		}
		const why = `VAT status ${picked} picked in '${option}' is ${hit ? 'not enabled for purchases in the Procountor company' : "not in the Procountor company's VAT list"}`;
		return {
			ok: false,
			problem: 'badPick',
			candidates: purchase,
			why,
			reason: `${why}; pick one of its purchase statuses (${purchase.map(statusText).join(', ') || 'none'}) or enable it in Procountor`,
		};
	}
	const specific = purchase.filter((s) => describedKind(s.description) === kind);
	if (specific.length === 1) {
		const r = specific[0];
		return {
			ok: true,
			status: r.status,
			description: r.description,
			how: 'described',
			reason: `the company's VAT status ${statusText(r)} is its status for ${label}`,
		};
	}
	const generic = purchase.filter((s) => describedKind(s.description) === 'generic');
	const candidates = specific.length > 1 ? specific : generic;
	if (candidates.length > 0) {
		const why = `the company's VAT list does not tell which status serves ${label} (${candidates.map(statusText).join(', ')})`;
		return {
			ok: false,
			problem: 'ambiguous',
			candidates,
			why,
			reason: `${why}; pick it in '${option}'`,
		};
	}
	const why = `the company has no VAT status for ${label}`;
	return {
		ok: false,
		problem: 'none',
		candidates: [],
		why,
		reason: `${why}; enable one in Procountor or pick one in '${option}'`,
	};
}

/**
 * The company's purchase statuses that self-assess VAT, as its own list describes them: EU
 * purchases of any kind, purchases from outside the EU, and any status its description calls
 * reverse charge (domestic construction services, say). Undefined when no status has a
 * description to go by (then the default Finnish numbers apply, vat.ts).
 */
export function selfAssessedStatusesOf(vats: VatDefaults): number[] | undefined {
	const statuses = (vats.vatStatuses ?? []).filter((s) => Number.isFinite(Number(s.vatStatus)));
	if (!statuses.some((s) => typeof s.description === 'string' && s.description.trim()))
		return undefined;
	return statuses
		.filter((s) => s.purchase !== false)
		.filter((s) => {
			const d = typeof s.description === 'string' ? s.description.trim() : '';
			if (describedKind(d)) return true;
			if (SALES_ONLY.test(d) && !PURCHASE_WORD.test(d)) return false;
			return OUTSIDE.test(d) || SELF_ASSESSED.test(d);
		})
		.map((s) => Number(s.vatStatus));
}
