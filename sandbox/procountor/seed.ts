// The Procountor seed described in docs/seed-contract.md.
import { DateTime } from 'luxon';
import {
	applyToCompany,
	defaultBehaviours,
	vatStatusesFor,
	type ProcountorBehaviours,
} from './behaviours';
import type {
	CompanyInfo,
	CompanyState,
	Dimension,
	FiscalYear,
	LedgerAccount,
	ProcountorState,
	TrackingPeriod,
	VatInfo,
} from './types';

export const PROCOUNTOR_SEED = {
	clientId: 'pleo-n8n-demo',
	clientSecret: 'demo-client-secret',
	apiKeys: { 1001: 'demo-api-key-1001', 1002: 'demo-api-key-1002' } as Record<number, string>,
	username: 'demo',
	password: 'demo',
	companyIds: [1001, 1002],
};

export const DEMO_USER_ID = 3001;

/** Procountor date-time format: company local time, no zone. */
export function formatDateTime(ms: number, zone: string): string {
	return DateTime.fromMillis(ms, { zone }).toFormat("yyyy-LL-dd'T'HH:mm:ss.SSS");
}

const ACCOUNTS: Array<[string, string, string, boolean]> = [
	['1765', 'Arvonlisäverosaamiset', 'Input VAT receivable', true],
	['1910', 'Pankkitili', 'Bank account', true],
	['1940', 'Pleo-tili', 'Pleo card account', true],
	['2871', 'Ostovelat', 'Accounts payable', true],
	['2939', 'Arvonlisäverovelka', 'VAT payable', true],
	['2940', 'Velat henkilöstölle', 'Liabilities to employees', true],
	['4000', 'Ostot', 'Purchases', true],
	['6800', 'Toimistotarvikkeet', 'Office supplies', true],
	['7600', 'Matkakulut', 'Travel expenses', true],
	['7620', 'Kilometrikorvaukset', 'Mileage allowances', true],
	['7630', 'Päivärahat', 'Per diem allowances', true],
	['7670', 'Ateriakulut', 'Meals', true],
	['7680', 'Edustuskulut', 'Entertainment', true],
	['7850', 'Koulutuskulut', 'Training', true],
	['8380', 'Ohjelmistot ja lisenssit', 'Software and licences', true],
	['8450', 'Pankkikulut', 'Bank charges', true],
	['8990', 'Pyöristyserot', 'Rounding differences', true],
	['7999', 'Vanha kulutili', 'Old expense account', false],
];

function coa(): LedgerAccount[] {
	return ACCOUNTS.map(([code, name, en, active]) => ({
		ledgerAccountCode: code,
		name,
		active,
		translations: [{ languageCode: 'en', translation: en }],
	}));
}

function vat(): VatInfo {
	return {
		country: 'Finland',
		countryCode: 'FI',
		percentages: [25.5, 14, 13.5, 10, 0].map((p) => ({
			vatPercent: p,
			sales: true,
			purchase: true,
		})),
		vatStatuses: vatStatusesFor('default'),
	};
}

function dimensions(): Dimension[] {
	return [
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
}

const MODIFIED = '2025-01-01T00:00:00.000';

function fiscalYear(year: number, open: boolean): FiscalYear {
	const periods: TrackingPeriod[] = [];
	for (let m = 1; m <= 12; m++) {
		const start = DateTime.utc(year, m, 1);
		periods.push({
			id: year * 100 + m,
			startDate: start.toISODate() as string,
			endDate: start.endOf('month').toISODate() as string,
			status: open ? 'OPEN' : 'CLOSED',
			modified: MODIFIED,
		});
	}
	return {
		id: year,
		startDate: `${year}-01-01`,
		endDate: `${year}-12-31`,
		isOpen: open,
		modified: MODIFIED,
		trackingPeriods: periods,
	};
}

function company(info: CompanyInfo): CompanyState {
	return {
		info,
		coa: coa(),
		vat: vat(),
		dimensions: dimensions(),
		// newest first, as Procountor returns them
		fiscalYears: [fiscalYear(2027, true), fiscalYear(2026, true), fiscalYear(2025, false)],
		exchangeRates: { EUR: 1, USD: 1.085, SEK: 11.42, NOK: 11.65, DKK: 7.46, GBP: 0.845 },
		exchangeRatesByDay: {},
		ledgerReceipts: [],
		attachments: [],
		invoices: [],
		nextReceiptNumber: 1,
		nextInvoiceNumber: 1,
	};
}

export function createSeedState(behaviours: Partial<ProcountorBehaviours> = {}): ProcountorState {
	const b = { ...defaultBehaviours(), ...behaviours };
	const state: ProcountorState = {
		behaviours: b,
		companies: {
			1001: company({
				id: 1001,
				name: 'Pleo Demo Oy',
				country: 'FINLAND',
				countryCode: 'FI',
				businessIdentifier: { type: 'Y_TUNNUS', id: '1234567-8' },
				companyCurrency: 'EUR',
				timeZone: 'Europe/Helsinki',
				productVersion: 'FINANCIALS',
				operationType: 'NORMAL',
			}),
			1002: company({
				id: 1002,
				name: 'Nordic Demo AB',
				country: 'SWEDEN',
				countryCode: 'SE',
				businessIdentifier: { type: 'ORGANISATIONSNUMMER', id: '556677-8899' },
				companyCurrency: 'SEK',
				timeZone: 'Europe/Stockholm',
				productVersion: 'FINANCIALS',
				operationType: 'NORMAL',
			}),
		},
		users: [
			{
				id: DEMO_USER_ID,
				username: PROCOUNTOR_SEED.username,
				password: PROCOUNTOR_SEED.password,
				firstName: 'Demo',
				lastName: 'User',
				email: 'demo@pleo-demo.example',
				companyIds: [1001, 1002],
			},
		],
		clients: [{ clientId: PROCOUNTOR_SEED.clientId, clientSecret: PROCOUNTOR_SEED.clientSecret }],
		apiKeys: [1001, 1002].map((companyId) => ({
			key: PROCOUNTOR_SEED.apiKeys[companyId],
			clientId: PROCOUNTOR_SEED.clientId,
			userId: DEMO_USER_ID,
			companyId,
		})),
		counters: {
			receiptId: 500001,
			invoiceId: 900001,
			transactionId: 700001,
			attachmentId: 800001,
			dimensionItemId: 2101,
		},
	};
	for (const c of Object.values(state.companies)) applyToCompany(c, b);
	return state;
}
