// Types shared by the pure Procountor core. No n8n imports here: the node layer adapts these.
// Every field of the Pleo input is optional: items may be malformed and validation must say so.
import type { ReverseChargeKind, ReverseChargeStatus } from './reverseCharge';

/** Pleo money: integer minor units (896.96 SEK → 89696). */
export interface PleoMoney {
	currency?: string | null;
	value?: number | null;
}

export interface PleoAmountPair {
	inSupplierCurrency?: PleoMoney | null;
	inWalletCurrency?: PleoMoney | null;
}

export interface PleoTag {
	id?: string | null;
	code?: string | null;
	groupCode?: string | null;
	name?: string | null;
}

export interface PleoTax {
	id?: string | null;
	code?: string | null;
	/** Decimal rate, 0.255 = 25.5 %. May come as a string. */
	rate?: number | string | null;
	type?: 'inclusive' | 'exclusive' | 'reverse' | string | null;
	amount?: PleoAmountPair | null;
	ingoingTaxAccount?: string | null;
	outgoingTaxAccount?: string | null;
}

export interface PleoAccountRef {
	id?: string | null;
	name?: string | null;
	code?: string | null;
	identifier?: string | null;
}

export interface PleoExportLine {
	accountingEntryLineId?: string | null;
	lineAmount?: PleoAmountPair | null;
	netAmount?: PleoAmountPair | null;
	account?: PleoAccountRef | null;
	tax?: PleoTax | null;
	tags?: PleoTag[] | null;
}

export interface PleoExportItem {
	accountingEntryId?: string | null;
	companyId?: string | null;
	type?: string | null;
	subType?: string | null;
	date?: string | null;
	amount?: PleoAmountPair | null;
	note?: string | null;
	accountingEntryLines?: PleoExportLine[] | null;
	contraAccount?: PleoAccountRef | null;
	bookkeeping?: { method?: string | null } | null;
	supplier?: {
		name?: string | null;
		code?: string | null;
		categoryCode?: string | null;
		country?: string | null;
	} | null;
	vendor?: unknown;
	user?: { id?: string | null; name?: string | null; code?: string | null } | null;
	team?: { id?: string | null; name?: string | null; code?: string | null } | null;
	files?: Array<{ url?: string | null; type?: string | null; size?: number | null }> | null;
	servicePeriod?: unknown;
	additionalInformation?: {
		reconciliationId?: string | null;
		reconciledEntries?: unknown;
		attendees?: unknown;
		invoiceInformation?: unknown;
	} | null;
	_links?: { web?: { exportItem?: string | null } | null } | null;
	/** Added by the Pleo trigger. */
	jobId?: string | null;
	/** Added by the Procountor node steps. */
	procountor?: ProcountorState | null;
	[key: string]: unknown;
}

/** Pleo's item-level failure reason types (Export API v3). */
export type FailureReasonType =
	| 'receipt_upload_failure'
	| 'receipt_download_failure'
	| 'receipt_file_size_limit_exceeded'
	| 'receipt_conversion_failure'
	| 'unexpected_failure'
	| 'invalid_configuration'
	| 'missing_configuration'
	| 'accounting_system_authentication_failure'
	| 'accounting_system_rate_limit'
	| 'accounting_system_unreachable'
	| 'validation_failure'
	| 'accounting_system_validation_failure'
	| 'authorization_failure'
	| 'accounting_system_timeout'
	| 'vendor_unknown'
	| 'account_unknown'
	| 'tax_code_unknown'
	| 'tag_unknown';

export type StepName = 'setContraAccounts' | 'mapCategory' | 'importDimensions' | 'exportExpense';

export interface ItemFailure {
	failureReasonType: FailureReasonType;
	/** Actionable sentence for a bookkeeper: names the expense, the field and the fix. */
	failureReason: string;
	step: StepName;
}

export type Failed = { ok: false; failure: ItemFailure };

export type ContraRole = 'card' | 'outOfPocket' | 'reimbursement';
export type ContraSource = 'parameter' | 'currencyOverride' | 'pleo';

export interface ContraResolution {
	account: string;
	role: ContraRole;
	source: ContraSource;
	reason: string;
	/** Reimbursements only: the out-of-pocket account the money moves to/from. */
	counterAccount?: string;
	/**
	 * Reimbursements only: true when the money flows from the employee to the company
	 * (subType reimbursement_to_company or reimbursement_to_employee_refund).
	 */
	reversed?: boolean;
}

export type LineSource = 'accountRow' | 'categoryRow' | 'pleoAccountCode';
export type VatSource = 'taxCodeRow' | 'pleoTaxCode' | 'noTax' | 'accountRow';

export interface LineMapping {
	accountingEntryLineId: string;
	account: string;
	accountName?: string;
	vatStatus: number;
	vatPercent: number;
	vatDeductionPercent: number;
	/** True for reverse-charge (EU) purchases: Procountor self-assesses the VAT, net = gross. */
	reverseCharge: boolean;
	/**
	 * How the line's VAT is booked: from Pleo's tax type (reverse → 'reverseCharge', inclusive →
	 * 'added'), else from the status number. Absent on items mapped by older versions.
	 */
	vatTreatment?: 'added' | 'reverseCharge' | 'none';
	source: LineSource;
	vatSource: VatSource;
	reason: string;
}

export interface ProcountorState {
	contra?: ContraResolution;
	lines?: LineMapping[];
	failure?: ItemFailure;
	[key: string]: unknown;
}

/** Procountor dimension as returned by GET /dimensions. */
export interface ProcountorDimensionItem {
	id: number | string;
	codeName: string;
	description?: string | null;
	status?: string | null;
}

export interface ProcountorDimension {
	id: number | string;
	name: string;
	items: ProcountorDimensionItem[];
}

export interface DimensionItemValue {
	dimensionId: number | string;
	itemId: number | string;
	/** Absolute amount, 2 dp, same sign as the line. */
	value: number;
}

export interface ProcountorAccount {
	code: string;
	name: string;
	active: boolean;
}

export interface VatInfo {
	percentages: number[];
	statuses: Array<{ status: number; purchase: boolean; sales: boolean }>;
	/**
	 * The company's status for each kind of EU reverse charge, as its VAT list describes it
	 * (reverseCharge.ts); without it a reverse-charge code needs a tax code row.
	 */
	reverseCharge?: Record<ReverseChargeKind, ReverseChargeStatus>;
	/** The company's self-assessing (reverse-charge) statuses from its list; default list without. */
	selfAssessedStatuses?: number[];
}

export interface JournalTransaction {
	transactionType: 'ENTRY';
	account: string;
	accountingValue: number;
	vatPercent: number;
	vatType: 'PURCHASE';
	vatStatus: number;
	vatDeductionPercent?: number;
	description: string;
	dimensionItemValues?: DimensionItemValue[];
}

/** Body of POST /ledgerreceipts (type JOURNAL). */
export interface ProcountorJournal {
	type: 'JOURNAL';
	name: string;
	receiptDate: string;
	vatType: 'PURCHASE';
	vatStatus: number;
	transactionDescription: string;
	invoiceNotes: string;
	transactions: JournalTransaction[];
}
