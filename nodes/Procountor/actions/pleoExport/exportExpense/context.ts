// The reference data of one Export Expense execution, read once and never changed: the company
// currency, VAT defaults, dimensions and fiscal years (four reads at the same time), the tag
// group mapping and the journal options. Exchange rates are read on demand, one call per
// currency and day (cached by Lookups).
import {
	defaultGroupCode,
	noVatStatusOf,
	selfAssessedStatusesOf,
	purchaseVatRates,
	type FiscalYearInfo,
	type JournalContext,
	type ProcountorDimension,
} from '../../../core';
import type { IExecuteFunctions } from 'n8n-workflow';
import { Lookups } from '../../../helpers/lookups';
import type { ProcountorClient } from '../../../transport';
import type { AttachmentFinder } from './attach';
import type { ExportOptions } from './description';
import type { Existing } from './existing';

export type ExportContext = Readonly<{
	/** buildJournal's context without the per-item exchange rate */
	journal: Readonly<Omit<JournalContext, 'rate'>>;
	fiscalYears: FiscalYearInfo[];
	/** Procountor's accounting rate (units of `currency` per company unit) on `day` */
	exchangeRate: (currency: string, day: string) => Promise<string>;
}>;

/** What the pool's steps (post, attach, verify) work with: one options object, not seven arguments. */
export type ExportRun = Readonly<{
	ctx: IExecuteFunctions;
	client: ProcountorClient;
	opts: ExportOptions;
	context: ExportContext;
	/** the journals that exist (the pool adds the ones it posts: the same expense twice in a run) */
	existing: Existing;
	/** which receipts a journal carries (one attachment search per execution where possible) */
	finder: AttachmentFinder;
}>;

/** Reads the company, VAT defaults, dimensions and fiscal years; throws what the client throws. */
export async function loadContext(
	client: ProcountorClient,
	opts: ExportOptions,
): Promise<ExportContext> {
	const lookups = new Lookups(client);
	const [company, vats, dims, years] = await Promise.all([
		lookups.company(),
		lookups.vatDefaults(),
		lookups.dimensions(),
		lookups.fiscalYears(),
	]);
	const companyCurrency =
		typeof company.companyCurrency === 'string' ? company.companyCurrency : 'EUR';
	const statuses = vats.vatStatuses ?? [];
	return {
		journal: {
			companyCurrency,
			timeZone: opts.timeZone,
			dimensions: (Array.isArray(dims) ? dims : []).map((d) => ({
				id: d.id,
				name: d.name,
				items: d.items ?? [],
			})),
			groupCodeOf: groupCodeResolver(opts.tagGroups),
			unknownTags: opts.unknownTags,
			vatRates: purchaseVatRates(vats),
			noVatStatus: noVatStatusOf(vats),
			purchaseVatStatuses: statuses.length
				? statuses.filter((s) => s.purchase !== false).map((s) => Number(s.vatStatus))
				: undefined,
			selfAssessedStatuses: selfAssessedStatusesOf(vats),
		},
		fiscalYears: years,
		exchangeRate: (currency, day) => lookups.exchangeRate(companyCurrency, currency, day),
	};
}

/** The Pleo tag group code of a Procountor dimension: the mapping row by id or name, else the default. */
export function groupCodeResolver(
	rows: ExportOptions['tagGroups'],
): (d: ProcountorDimension) => string {
	const byId = new Map(rows.map((r) => [r.dimension.toLowerCase(), r.groupCode]));
	return (d) =>
		byId.get(String(d.id).toLowerCase()) ??
		byId.get(String(d.name).toLowerCase()) ??
		defaultGroupCode(d.name);
}
