// Export Expense: what buildJournal (journal.ts) takes and returns.
import type { SkippedTag } from './dimensions';
import type { Failed, ProcountorDimension, ProcountorJournal } from './types';

export interface JournalContext {
	/** Procountor company currency, e.g. 'EUR'. */
	companyCurrency: string;
	/** Company time zone for the receipt date, e.g. 'Europe/Helsinki'. */
	timeZone: string;
	dimensions: ProcountorDimension[];
	/** Tag group code of a dimension (default: defaultGroupCode(dimension.name)). */
	groupCodeOf?: (dimension: ProcountorDimension) => string;
	unknownTags: 'fail' | 'skip';
	/** Foreign units per 1 company-currency unit; required when wallet ≠ company currency. */
	rate?: string | number | null;
	/** VAT percentages of the company (GET /vats/default). */
	vatRates: Array<number | string>;
	/** VAT status for lines without VAT (credit line, reimbursements): 12. */
	noVatStatus: number;
	/**
	 * VAT statuses the company has enabled for purchases (GET /vats/default). When given, a line
	 * with another status fails before anything is posted.
	 */
	purchaseVatStatuses?: number[];
	/**
	 * The company's self-assessing (reverse-charge) statuses as its list describes them
	 * (selfAssessedStatusesOf); without them the default Finnish numbers decide contradictions.
	 */
	selfAssessedStatuses?: number[];
}

export interface JournalLineDetail {
	accountingEntryLineId: string;
	grossCents: number;
	netCents: number;
	/** VAT Procountor will book for this line (0 for 0 % and reverse-charge lines). */
	vatCents: number;
	residualCents: number;
}

export interface JournalTotals {
	grossCents: number;
	netCents: number;
	vatCents: number;
	/** Σ gross − Σ (net + VAT): what a RECONCILIATION_ENTRY must absorb. */
	residualCents: number;
}

export interface JournalOk {
	ok: true;
	journal: ProcountorJournal;
	tag: string;
	totals: JournalTotals;
	needsReconciliation: boolean;
	lines: JournalLineDetail[];
	skippedTags: SkippedTag[];
	/** Multiplier applied to Pleo's amounts: -1 for positive refunds/cashbacks/chargebacks. */
	sign: 1 | -1;
}

export type JournalResult = JournalOk | Failed;
