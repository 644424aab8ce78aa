// Behaviour switches for what the API reference leaves open (procountor-api.md §8 questions 11–13
// and the fiscal-period rules). Each has a default that matches the reference's best reading and
// one or more variants; tests run the export against every variant. They live in the state, so
// the seed can start with them (createSeedState(behaviours)) and /_sandbox/reset restores the
// defaults. Set them through `sandbox.setBehaviours()` or POST /_sandbox/behaviours.
import { HttpError } from './context';
import { err } from './rules';
import type { CompanyState, ProcountorState, VatStatusInfo } from './types';

export interface ProcountorBehaviours {
	/**
	 * What GET /ledgerreceipts/{id} shows in `attachments`: 'listed' = also the files uploaded to
	 * the journal's hidden invoice (referenceType INVOICE); 'ledgerReceiptOnly' = only files
	 * referencing the ledger receipt itself (so a journal's receipts never show); 'absent' = no
	 * `attachments` field at all.
	 */
	receiptAttachments: 'listed' | 'ledgerReceiptOnly' | 'absent';
	/** GET /attachments (search): 'licensed' (Document management) or 'forbidden' (403). */
	attachmentSearch: 'licensed' | 'forbidden';
	/**
	 * The company's VAT statuses: 'default' (1, 3, 5, 8, 9, 12; 3/8/9 reverse charge),
	 * 'alternative' (1, 5, 6, 12: no 8 or 9, one reverse-charge status 6 that does not say whether
	 * it is for goods or services), 'renumbered' (Finnish descriptions; EU goods on 2, EU services
	 * on 4, imports from outside the EU on 6) or 'noReverseCharge' (1, 3, 12: no EU reverse charge).
	 */
	vatStatuses: 'default' | 'alternative' | 'renumbered' | 'noReverseCharge';
	/**
	 * PUT /ledgerreceipts/{id}/invalidate: 'allowed' (any status, open period), 'unfinishedOnly'
	 * (APPROVED → 409) or 'forbidden' (403, the user lacks the right).
	 */
	invalidation: 'allowed' | 'unfinishedOnly' | 'forbidden';
	/** Whether the journal search lists INVALIDATED journals ('listed') or leaves them out. */
	invalidatedInSearch: 'listed' | 'hidden';
	/** Tracking periods ('YYYY-MM') that are CLOSED in every company's open fiscal years. */
	closedPeriods: string[];
	/**
	 * 0 = off. K ≥ 2 = hold the answers of the next K journal searches that start a search (the
	 * export's idempotency search before it posts) until K have arrived or 10 s passed, then answer
	 * them all and disarm (back to 0): K executions of the same expenses then all see no journal
	 * and all post, so the post-then-verify step is exercised deterministically (barrier.ts).
	 */
	searchBarrier: number;
}

export function defaultBehaviours(): ProcountorBehaviours {
	return {
		receiptAttachments: 'listed',
		attachmentSearch: 'licensed',
		vatStatuses: 'default',
		invalidation: 'allowed',
		invalidatedInSearch: 'listed',
		closedPeriods: [],
		searchBarrier: 0,
	};
}

const CHOICES: { [K in keyof ProcountorBehaviours]?: readonly string[] } = {
	receiptAttachments: ['listed', 'ledgerReceiptOnly', 'absent'],
	attachmentSearch: ['licensed', 'forbidden'],
	vatStatuses: ['default', 'alternative', 'renumbered', 'noReverseCharge'],
	invalidation: ['allowed', 'unfinishedOnly', 'forbidden'],
	invalidatedInSearch: ['listed', 'hidden'],
};

export function vatStatusesFor(variant: ProcountorBehaviours['vatStatuses']): VatStatusInfo[] {
	if (variant === 'renumbered') {
		return [
			{ vatStatus: 1, description: 'Kotimaa', sales: true, purchase: true, treatment: 'added' },
			{
				vatStatus: 2,
				description: 'Tavaraostot muista EU-maista',
				sales: false,
				purchase: true,
				treatment: 'reverseCharge',
			},
			{
				vatStatus: 4,
				description: 'Palveluostot muista EU-maista',
				sales: false,
				purchase: true,
				treatment: 'reverseCharge',
			},
			{
				vatStatus: 6,
				description: 'Tuonti EU:n ulkopuolelta',
				sales: false,
				purchase: true,
				treatment: 'reverseCharge',
			},
			{ vatStatus: 7, description: 'Tavaramyynti muihin EU-maihin', sales: true, purchase: false },
			{ vatStatus: 12, description: 'Ei alv-käsittelyä', sales: true, purchase: true },
		];
	}
	if (variant === 'noReverseCharge') {
		return [
			{ vatStatus: 1, description: 'Domestic', sales: true, purchase: true, treatment: 'added' },
			{
				vatStatus: 3,
				description: 'Outside of the EU',
				sales: true,
				purchase: true,
				treatment: 'reverseCharge',
			},
			{ vatStatus: 12, description: 'No VAT handling', sales: true, purchase: true },
		];
	}
	if (variant === 'alternative') {
		return [
			{ vatStatus: 1, description: 'Domestic', sales: true, purchase: true, treatment: 'added' },
			{ vatStatus: 5, description: 'EU community sales (product)', sales: true, purchase: false },
			{
				vatStatus: 6,
				description: 'EU purchases (reverse charge)',
				sales: false,
				purchase: true,
				treatment: 'reverseCharge',
			},
			{ vatStatus: 12, description: 'No VAT handling', sales: true, purchase: true },
		];
	}
	return [
		{ vatStatus: 1, description: 'Domestic', sales: true, purchase: true, treatment: 'added' },
		{
			vatStatus: 3,
			description: 'Outside of the EU',
			sales: true,
			purchase: true,
			treatment: 'reverseCharge',
		},
		{ vatStatus: 5, description: 'EU community sales (product)', sales: true, purchase: false },
		{
			vatStatus: 8,
			description: 'EU purchases of goods',
			sales: false,
			purchase: true,
			treatment: 'reverseCharge',
		},
		{
			vatStatus: 9,
			description: 'EU purchases of services',
			sales: false,
			purchase: true,
			treatment: 'reverseCharge',
		},
		{ vatStatus: 12, description: 'No VAT handling', sales: true, purchase: true },
	];
}

/** Writes the behaviours that shape company data (VAT statuses, period states) into a company. */
export function applyToCompany(company: CompanyState, b: ProcountorBehaviours): void {
	company.vat.vatStatuses = vatStatusesFor(b.vatStatuses);
	for (const y of company.fiscalYears) {
		if (!y.isOpen) continue;
		for (const p of y.trackingPeriods) {
			p.status = b.closedPeriods.includes(p.startDate.slice(0, 7)) ? 'CLOSED' : 'OPEN';
		}
	}
}

/** Validates and merges `p` into the state's behaviours and applies them to every company. */
export function setBehaviours(state: ProcountorState, p: Partial<ProcountorBehaviours>): void {
	const next = { ...state.behaviours };
	for (const [k, v] of Object.entries(p ?? {})) {
		const key = k as keyof ProcountorBehaviours;
		if (!(key in next))
			throw new HttpError(400, [err(k, 'UNKNOWN_BEHAVIOUR', `unknown behaviour ${k}`)]);
		if (key === 'closedPeriods') {
			if (!Array.isArray(v) || v.some((m) => typeof m !== 'string' || !/^\d{4}-\d{2}$/.test(m))) {
				throw new HttpError(400, [
					err(k, 'INVALID_VALUE', 'closedPeriods must be YYYY-MM strings'),
				]);
			}
			next.closedPeriods = [...(v as string[])];
			continue;
		}
		if (key === 'searchBarrier') {
			if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > 100) {
				throw new HttpError(400, [
					err(k, 'INVALID_VALUE', 'searchBarrier must be an integer from 0 (off) to 100'),
				]);
			}
			next.searchBarrier = v;
			continue;
		}
		const choices = CHOICES[key] ?? [];
		if (typeof v !== 'string' || !choices.includes(v)) {
			throw new HttpError(400, [
				err(k, 'INVALID_VALUE', `${k} must be one of ${choices.join(', ')}`),
			]);
		}
		(next as unknown as Record<string, unknown>)[key] = v;
	}
	state.behaviours = next;
	for (const c of Object.values(state.companies)) applyToCompany(c, next);
}
