import type { IDataObject } from 'n8n-workflow';
import type { ProcountorAccount, VatDefaults } from '../core';
import type { ProcountorClient } from '../transport';

export interface CoaAccount {
	ledgerAccountCode: string;
	name: string;
	active: boolean;
	translations?: Array<{ languageCode: string; translation: string }>;
}

export interface ProcountorDimension {
	id: number;
	name: string;
	items?: Array<{ id: number; codeName: string; description?: string; status?: string }>;
}

export interface FiscalYear {
	id: number;
	startDate: string;
	endDate: string;
	isOpen?: boolean;
	trackingPeriods?: Array<{ id: number; startDate: string; endDate: string; status: string }>;
}

/**
 * Reference data read at most once per node execution (chart of accounts, VAT,
 * dimensions, fiscal years, company, exchange rates), whatever the number of items.
 * Create one per execute() call; it is not shared across executions.
 */
export class Lookups {
	private cache = new Map<string, Promise<unknown>>();

	constructor(private readonly client: ProcountorClient) {}

	private once<T>(key: string, load: () => Promise<T>): Promise<T> {
		let p = this.cache.get(key) as Promise<T> | undefined;
		if (!p) {
			p = load();
			this.cache.set(key, p);
			// a failed lookup may be tried again by a later item
			p.catch(() => this.cache.delete(key));
		}
		return p;
	}

	company(): Promise<IDataObject> {
		return this.once('company', () => this.client.request<IDataObject>('GET', '/company'));
	}

	coa(): Promise<CoaAccount[]> {
		return this.once('coa', async () => {
			const r = await this.client.request<{ ledgerAccounts?: CoaAccount[] }>('GET', '/coa');
			return r.ledgerAccounts ?? [];
		});
	}

	/** The chart of accounts in the core's shape (code, name, active). */
	async accounts(): Promise<ProcountorAccount[]> {
		return (await this.coa()).map((a) => ({
			code: String(a.ledgerAccountCode),
			name: String(a.name ?? ''),
			active: a.active !== false,
		}));
	}

	vatDefaults(): Promise<VatDefaults> {
		return this.once('vats', () => this.client.request<VatDefaults>('GET', '/vats/default'));
	}

	dimensions(): Promise<ProcountorDimension[]> {
		return this.once('dimensions', () =>
			this.client.request<ProcountorDimension[]>('GET', '/dimensions'),
		);
	}

	fiscalYears(): Promise<FiscalYear[]> {
		return this.once('fiscalyears', async () => {
			const r = await this.client.request<{ fiscalYears?: FiscalYear[] }>('GET', '/fiscalyears');
			return r.fiscalYears ?? [];
		});
	}

	/** Procountor's accounting rate: units of `currency` per one unit of the company currency. */
	exchangeRate(baseCurrency: string, currency: string, day: string): Promise<string> {
		return this.once(`rate:${baseCurrency}:${currency}:${day}`, async () => {
			const r = await this.client.request<{ rate?: number | string }>(
				'GET',
				'/currencies/exchangerate',
				{
					qs: { baseCurrency, currency, day, rateType: 'PROCOUNTOR_ACCOUNTING_EXCHANGE_RATE' },
				},
			);
			if (r.rate === undefined || r.rate === null || Number(r.rate) <= 0) {
				throw new Error(`Procountor has no accounting exchange rate for ${currency} on ${day}`);
			}
			return String(r.rate);
		});
	}
}
