// Reconcile Exports: the settings, findings, rows and summary the matching (reconcile.ts) returns.

export const FINDING_KINDS = [
	'missing_in_procountor',
	'duplicate_in_procountor',
	'amount_mismatch',
	'date_mismatch',
	'orphan_journal',
	'not_exported',
	'invalidated_but_exported',
	'receipt_missing',
] as const;
export type FindingKind = (typeof FINDING_KINDS)[number];

export type ExpenseDateField = 'performedAt' | 'bookkeepingDate';

export interface ReconcileSettings {
	/** First day of the period, YYYY-MM-DD in the company time zone. */
	from: string;
	/** Last day of the period (inclusive), YYYY-MM-DD in the company time zone. */
	to: string;
	/** IANA time zone of the Procountor company (the export's Time Zone option). */
	timeZone: string;
	/** Which Pleo date the export's receipt date comes from. Default performedAt. */
	dateField?: ExpenseDateField;
	/** Currency of the Procountor company: journals are in it. */
	companyCurrency: string;
	/** The ledger accounts Export Expense credits (card, out-of-pocket, reimbursement, overrides). */
	contraAccounts: string[];
	/** Days around the period that are read too, so a journal dated just outside still matches. */
	marginDays?: number;
	/** Whether to report not_exported findings (informational). Default true. */
	includeNotExported?: boolean;
	/** Whether to report receipt_missing (needs Procountor to list journal attachments). Default true. */
	checkReceipts?: boolean;
	/** The tag of an accounting entry id; default idempotencyTag (what Export Expense writes). */
	tagOf?: (accountingEntryId: string) => string;
}

export interface MoneyOut {
	currency: string;
	minors: number;
	text: string;
}

export interface ExpenseRef {
	accountingEntryId: string;
	merchant: string;
	date: string | null;
	amount: MoneyOut | null;
	exportStatus: string;
	deleted: boolean;
	receipts: number;
	tag: string;
}

export interface JournalRef {
	ledgerReceiptId: number;
	receiptNumber: number | null;
	name: string;
	status: string;
	receiptDate: string | null;
	/** What the journal credits to the contra accounts (company currency), when its lines were read. */
	amount: MoneyOut | null;
	/** Attachments Procountor lists on the journal, or null when it lists none at all. */
	attachments: number | null;
	/**
	 * On duplicate_in_procountor only: whether this copy matches the Pleo expense (amount, date,
	 * receipts, as far as they could be compared) and how it differs when it does not.
	 */
	matchesPleo?: boolean;
	differences?: string[];
}

export interface Finding {
	kind: FindingKind;
	accountingEntryId: string | null;
	expense: ExpenseRef | null;
	journals: JournalRef[];
	/** A sentence for the bookkeeper: what is wrong and what to do. */
	action: string;
	/** On duplicate_in_procountor: the ledger receipt to keep and the ones to invalidate. */
	keep?: number;
	invalidate?: number[];
}

export interface ExpenseRow {
	accountingEntryId: string | null;
	status: 'ok' | 'finding' | 'deleted';
	kinds: FindingKind[];
	/** The sentences of this row's findings, in the order of `kinds`. */
	actions: string[];
	expense: ExpenseRef | null;
	journals: JournalRef[];
	amountCompared: boolean;
}

export interface ReconcileSummary {
	period: { from: string; to: string; timeZone: string };
	clean: boolean;
	findings: number;
	counts: Record<FindingKind, number>;
	expenses: { inPeriod: number; exported: number; notExported: number; deleted: number };
	journals: { read: number; tagged: number; valid: number; invalidated: number; untagged: number };
	/** Exported, not deleted Pleo expenses of the period (totalBillValue), per currency. */
	pleoTotals: Record<string, MoneyOut>;
	/**
	 * Valid tagged journals dated in the period, orphans included: amount credited to the contra
	 * accounts, per currency.
	 */
	procountorTotals: Record<string, MoneyOut>;
	/** Expenses whose amount could not be compared (wallet currency ≠ company currency). */
	amountsNotCompared: number;
	/** Journals whose attachments Procountor did not list (receipts not checked for them). */
	receiptsNotChecked: number;
}

export interface ReconcileResult {
	findings: Finding[];
	rows: ExpenseRow[];
	summary: ReconcileSummary;
}
