import {
	resolveContra,
	resolveLines,
	type JournalContext,
	type PleoExportItem,
	type ProcountorAccount,
	type ProcountorDimension,
	type VatInfo,
	vatInfoOf,
} from '../../../../../nodes/Procountor/core';
import { createSeedState } from '../../../../../sandbox/procountor/seed';

// The reference data is the Procountor sandbox's seed (docs/seed-contract.md), in the core's shapes.
const seed = createSeedState().companies[1001];

export const COA: ProcountorAccount[] = seed.coa.map((a) => ({
	code: a.ledgerAccountCode,
	name: a.name,
	active: a.active,
}));

export const VATS: VatInfo = {
	percentages: seed.vat.percentages.map((p) => p.vatPercent),
	statuses: seed.vat.vatStatuses.map((v) => ({
		status: v.vatStatus,
		sales: v.sales,
		purchase: v.purchase,
	})),
	// the reverse-charge statuses as the node finds them in the company's list
	reverseCharge: vatInfoOf({ vatStatuses: seed.vat.vatStatuses }).reverseCharge,
};

export const DIMENSIONS: ProcountorDimension[] = seed.dimensions;

const money = (currency: string, value: number) => ({ currency, value });
const pair = (currency: string, value: number, supplier?: { currency: string; value: number }) => ({
	inSupplierCurrency: supplier ?? money(currency, value),
	inWalletCurrency: money(currency, value),
});

export function line(
	id: string,
	gross: number,
	opts: {
		currency?: string;
		code?: string | null;
		name?: string;
		rate?: number | null;
		taxType?: string;
		taxCode?: string;
		net?: number;
		tags?: Array<{ code: string; groupCode: string }>;
	} = {},
) {
	const currency = opts.currency ?? 'EUR';
	const rate = opts.rate === undefined ? 0.255 : opts.rate;
	return {
		accountingEntryLineId: id,
		lineAmount: pair(currency, gross),
		netAmount: pair(currency, opts.net ?? gross),
		account:
			opts.code === null
				? null
				: { id: 'a-' + id, name: opts.name ?? 'Travel', code: opts.code ?? '7600' },
		tax:
			rate === null
				? null
				: {
						id: 't',
						code: opts.taxCode ?? `VAT${rate * 100}`,
						rate,
						type: opts.taxType ?? 'inclusive',
					},
		tags: opts.tags ?? [],
	};
}

export function cardItem(overrides: Partial<PleoExportItem> = {}): PleoExportItem {
	return {
		accountingEntryId: 'ae-0001',
		companyId: 'c1',
		type: 'card_purchase',
		subType: null,
		date: '2026-03-14T10:15:00Z',
		amount: pair('EUR', 5000),
		note: 'Airport ride',
		accountingEntryLines: [
			line('l1', 5000, { net: 3984, tags: [{ code: '100', groupCode: 'KUSTANNUSPAIKKA' }] }),
		],
		contraAccount: { id: 'x', name: 'Pleo EUR', code: '1940', identifier: '1940' },
		bookkeeping: { method: 'journal' },
		supplier: { name: 'Taxi Helsinki', country: 'FI' },
		user: { id: 'u1', name: 'Matti Meikäläinen', code: 'E100' },
		team: null,
		files: [],
		additionalInformation: { reconciliationId: '4113617' },
		_links: { web: { exportItem: 'https://app.pleo.io/export/ae-0001' } },
		jobId: 'job-1',
		...overrides,
	};
}

export const CTX: JournalContext = {
	companyCurrency: 'EUR',
	timeZone: 'Europe/Helsinki',
	dimensions: DIMENSIONS,
	unknownTags: 'fail',
	vatRates: [25.5, 14, 13.5, 10, 0],
	noVatStatus: 12,
};
const CFG = {
	cardAccount: '1940',
	outOfPocketAccount: '2940',
	reimbursementAccount: '1910',
	currencyOverrides: {},
	preferPleoContra: false,
};

/** Runs Set Contra Accounts + Map Category like the node does. */
export function prepare(item: PleoExportItem): PleoExportItem {
	const contra = resolveContra(item, CFG);
	if (!contra.ok) return { ...item, procountor: { failure: contra.failure } };
	const lines = resolveLines(item, { accountRows: [], taxRows: [] }, 'usePleoCode', COA, VATS);
	if (!lines.ok) return { ...item, procountor: { contra: contra.contra, failure: lines.failure } };
	return { ...item, procountor: { contra: contra.contra, lines: lines.lines } };
}
