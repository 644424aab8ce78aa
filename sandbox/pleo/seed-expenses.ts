// The seeded Pleo export queue: one spec per expense (docs/seed-contract.md, Pleo part). seed.ts
// turns each spec into an expense with lines, tags, taxes and receipt files.
import type { FileKind } from './files';
import type { ExpenseType } from './state';

export interface LineSpec {
	account: string;
	tax: string;
	/** Gross amount in the supplier currency (minor units). */
	amount: number;
	tags?: string[];
}

export interface ExpenseSpec {
	key: string;
	type: ExpenseType;
	subType?: string | null;
	date: string;
	currency?: string;
	note: string | null;
	supplier: string | null;
	supplierCountry?: string | null;
	categoryCode?: string | null;
	employee: string;
	team?: string | null;
	lines: LineSpec[];
	files: FileKind[];
}

/** The seeded export queue (docs/seed-contract.md, Pleo part). Dates fall in 2026. */
export const SEED_EXPENSES: ExpenseSpec[] = [
	{
		key: 'office-25',
		type: 'card_purchase',
		date: '2026-01-12T10:15:00Z',
		note: 'Printer ink and paper',
		supplier: 'Clas Ohlson',
		supplierCountry: 'FI',
		categoryCode: '5943',
		employee: 'E100',
		team: 'ADM',
		lines: [{ account: '6800', tax: 'VAT25.5', amount: 6366, tags: ['KUSTANNUSPAIKKA:100'] }],
		files: ['jpeg'],
	},
	{
		key: 'train-14',
		type: 'card_purchase',
		date: '2026-01-14T06:40:00Z',
		note: 'Train Helsinki-Tampere',
		supplier: 'VR',
		supplierCountry: 'FI',
		categoryCode: '4112',
		employee: 'E101',
		team: 'SAL',
		lines: [
			{
				account: '7600',
				tax: 'VAT14',
				amount: 4590,
				tags: ['KUSTANNUSPAIKKA:200', 'PROJEKTI:PRJ1001'],
			},
		],
		files: ['png'],
	},
	{
		key: 'lunch-135',
		type: 'card_purchase',
		date: '2026-01-15T11:30:00Z',
		note: 'Customer lunch',
		supplier: 'Ravintola Savoy',
		supplierCountry: 'FI',
		categoryCode: '5812',
		employee: 'E101',
		team: 'SAL',
		lines: [{ account: '7670', tax: 'VAT13.5', amount: 8740, tags: ['KUSTANNUSPAIKKA:200'] }],
		files: ['pdf'],
	},
	{
		key: 'journal-10',
		type: 'card_purchase',
		date: '2026-01-20T09:00:00Z',
		note: 'Trade journal subscription',
		supplier: 'Kauppalehti',
		supplierCountry: 'FI',
		categoryCode: '5994',
		employee: 'E100',
		team: 'ADM',
		lines: [{ account: '7850', tax: 'VAT10', amount: 2990, tags: ['KUSTANNUSPAIKKA:100'] }],
		files: ['jpeg'],
	},
	{
		key: 'course-0',
		type: 'card_purchase',
		date: '2026-01-22T13:00:00Z',
		note: 'Accounting course',
		supplier: 'Open University',
		supplierCountry: 'FI',
		categoryCode: '8299',
		employee: 'E102',
		team: 'DEV',
		lines: [{ account: '7850', tax: 'VAT0', amount: 15000, tags: ['KUSTANNUSPAIKKA:100'] }],
		files: ['pdf'],
	},
	{
		key: 'hotel-split',
		type: 'card_purchase',
		date: '2026-01-27T07:05:00Z',
		note: 'Hotel Tampere, 1 night',
		supplier: 'Scandic Tampere',
		supplierCountry: 'FI',
		categoryCode: '7011',
		employee: 'E101',
		team: 'SAL',
		lines: [
			{
				account: '7600',
				tax: 'VAT14',
				amount: 15900,
				tags: ['KUSTANNUSPAIKKA:200', 'PROJEKTI:PRJ1001'],
			},
			{ account: '7670', tax: 'VAT13.5', amount: 2400, tags: ['KUSTANNUSPAIKKA:200'] },
			{ account: '7680', tax: 'VAT25.5', amount: 1250, tags: ['KUSTANNUSPAIKKA:200'] },
		],
		files: ['jpeg', 'pdf'],
	},
	{
		key: 'saas-usd',
		type: 'card_purchase',
		date: '2026-02-02T16:20:00Z',
		currency: 'USD',
		note: 'Design tool licence, February',
		supplier: 'CloudTools Inc.',
		supplierCountry: 'US',
		categoryCode: '5734',
		employee: 'E102',
		team: 'DEV',
		lines: [{ account: '8380', tax: 'VAT0', amount: 4900, tags: ['KUSTANNUSPAIKKA:100'] }],
		files: ['pdf'],
	},
	{
		key: 'conference-sek',
		type: 'card_purchase',
		date: '2026-02-05T08:45:00Z',
		currency: 'SEK',
		note: 'Nordic finance conference ticket',
		supplier: 'Nordic Conference AB',
		supplierCountry: 'SE',
		categoryCode: '7399',
		employee: 'E103',
		team: 'SAL',
		lines: [
			{
				account: '7850',
				tax: 'EURC',
				amount: 125000,
				tags: ['KUSTANNUSPAIKKA:200', 'PROJEKTI:PRJ1001'],
			},
		],
		files: ['png'],
	},
	{
		key: 'taxi-oop',
		type: 'out_of_pocket',
		date: '2026-02-09T21:10:00Z',
		note: 'Taxi from airport',
		supplier: 'Taksi Helsinki',
		supplierCountry: 'FI',
		categoryCode: '4121',
		employee: 'E101',
		team: 'SAL',
		lines: [{ account: '7600', tax: 'VAT14', amount: 3250, tags: ['KUSTANNUSPAIKKA:200'] }],
		files: ['pdf'],
	},
	{
		key: 'mileage',
		type: 'mileage',
		date: '2026-02-11T15:00:00Z',
		note: 'Customer visit Espoo-Turku 120 km',
		supplier: null,
		employee: 'E102',
		team: 'DEV',
		lines: [{ account: '7620', tax: 'VAT0', amount: 6600, tags: ['KUSTANNUSPAIKKA:100'] }],
		files: [],
	},
	{
		key: 'per-diem',
		type: 'per_diem',
		date: '2026-02-13T18:00:00Z',
		note: 'Per diem, Oulu trip (full day)',
		supplier: null,
		employee: 'E103',
		team: 'SAL',
		lines: [{ account: '7630', tax: 'VAT0', amount: 5400, tags: ['KUSTANNUSPAIKKA:200'] }],
		files: [],
	},
	{
		key: 'refund',
		type: 'refund',
		date: '2026-02-16T12:00:00Z',
		note: 'Returned printer cartridge',
		supplier: 'Clas Ohlson',
		supplierCountry: 'FI',
		categoryCode: '5943',
		employee: 'E100',
		team: 'ADM',
		lines: [{ account: '6800', tax: 'VAT25.5', amount: -2490, tags: ['KUSTANNUSPAIKKA:100'] }],
		files: ['jpeg'],
	},
	{
		key: 'bank-fee',
		type: 'fee',
		date: '2026-02-28T23:00:00Z',
		note: 'Foreign currency fee',
		supplier: 'Pleo',
		supplierCountry: 'DK',
		categoryCode: null,
		employee: 'E100',
		team: 'ADM',
		lines: [{ account: '8450', tax: 'VAT0', amount: 250 }],
		files: [],
	},
	{
		key: 'reimbursement',
		type: 'direct_reimbursement',
		subType: 'reimbursement_to_employee',
		date: '2026-03-02T09:00:00Z',
		note: 'Reimbursement of out-of-pocket expenses',
		supplier: null,
		employee: 'E101',
		team: 'SAL',
		lines: [{ account: '2940', tax: 'VAT0', amount: 3250 }],
		files: [],
	},
	{
		key: 'misc-7777',
		type: 'card_purchase',
		date: '2026-03-04T10:00:00Z',
		note: 'Miscellaneous purchase',
		supplier: 'Tokmanni',
		supplierCountry: 'FI',
		categoryCode: '5311',
		employee: 'E100',
		team: 'ADM',
		lines: [{ account: '7777', tax: 'VAT25.5', amount: 1999, tags: ['KUSTANNUSPAIKKA:100'] }],
		files: ['jpeg'],
	},
	{
		key: 'unknown-tag',
		type: 'card_purchase',
		date: '2026-03-06T14:30:00Z',
		note: 'Desk lamp',
		supplier: 'IKEA',
		supplierCountry: 'FI',
		categoryCode: '5712',
		employee: 'E103',
		team: 'SAL',
		lines: [{ account: '6800', tax: 'VAT25.5', amount: 3590, tags: ['KUSTANNUSPAIKKA:999'] }],
		files: ['png'],
	},
	{
		key: 'large-receipt',
		type: 'card_purchase',
		date: '2026-03-10T19:00:00Z',
		note: 'Team dinner with partners',
		supplier: 'Ravintola Nokka',
		supplierCountry: 'FI',
		categoryCode: '5812',
		employee: 'E100',
		team: 'ADM',
		lines: [
			{
				account: '7680',
				tax: 'VAT25.5',
				amount: 8900,
				tags: ['KUSTANNUSPAIKKA:100', 'PROJEKTI:PRJ1001'],
			},
		],
		files: ['large-pdf'],
	},
];
