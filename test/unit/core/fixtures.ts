import {
	resolveContra,
	resolveLines,
	type JournalContext,
	type PleoExportItem,
	type ProcountorAccount,
	type ProcountorDimension,
	type VatInfo,
} from '../../../nodes/Procountor/core';

export const COA: ProcountorAccount[] = [
	['1765', 'Arvonlisäverosaamiset', true],
	['1910', 'Pankkitili', true],
	['1940', 'Pleo-tili', true],
	['2940', 'Velat henkilöstölle', true],
	['6800', 'Toimistotarvikkeet', true],
	['7600', 'Matkakulut', true],
	['7620', 'Kilometrikorvaukset', true],
	['7630', 'Päivärahat', true],
	['7670', 'Ateriakulut', true],
	['7680', 'Edustuskulut', true],
	['8380', 'Ohjelmistot ja lisenssit', true],
	['8450', 'Pankkikulut', true],
	['7999', 'Vanha kulutili', false],
].map(([code, name, active]) => ({ code: code as string, name: name as string, active: active as boolean }));

export const VATS: VatInfo = {
	percentages: [25.5, 14, 13.5, 10, 0],
	statuses: [
		{ status: 1, sales: true, purchase: true },
		{ status: 3, sales: true, purchase: true },
		{ status: 5, sales: true, purchase: false },
		{ status: 8, sales: false, purchase: true },
		{ status: 9, sales: false, purchase: true },
		{ status: 12, sales: true, purchase: true },
	],
};

export const DIMENSIONS: ProcountorDimension[] = [
	{
		id: 201,
		name: 'Kustannuspaikka',
		items: [
			{ id: 2011, codeName: '100', description: 'Hallinto' },
			{ id: 2012, codeName: '200', description: 'Myynti' },
			{ id: 2013, codeName: '300', description: 'Tuotekehitys' },
			{ id: 2014, codeName: '400', description: 'Markkinointi' },
			{ id: 2015, codeName: '900', description: 'Lakkautettu', status: 'P' },
		],
	},
	{
		id: 202,
		name: 'Projekti',
		items: [
			{ id: 2021, codeName: 'PRJ1001', description: 'Verkkosivu-uudistus' },
			{ id: 2022, codeName: 'PRJ1002', description: 'Pohjoismaiden laajennus' },
			{ id: 2023, codeName: 'PRJ1003', description: 'ERP-migraatio' },
		],
	},
];

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
		account: opts.code === null ? null : { id: 'a-' + id, name: opts.name ?? 'Travel', code: opts.code ?? '7600' },
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
		accountingEntryLines: [line('l1', 5000, { net: 3984, tags: [{ code: '100', groupCode: 'KUSTANNUSPAIKKA' }] })],
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
const CFG = { cardAccount: '1940', outOfPocketAccount: '2940', reimbursementAccount: '1910', currencyOverrides: {}, preferPleoContra: false };

/** Runs Set Contra Accounts + Map Category like the node does. */
export function prepare(item: PleoExportItem): PleoExportItem {
	const contra = resolveContra(item, CFG);
	if (!contra.ok) return { ...item, procountor: { failure: contra.failure } };
	const lines = resolveLines(item, { accountRows: [], taxRows: [] }, 'usePleoCode', COA, VATS);
	if (!lines.ok) return { ...item, procountor: { contra: contra.contra, failure: lines.failure } };
	return { ...item, procountor: { contra: contra.contra, lines: lines.lines } };
}

