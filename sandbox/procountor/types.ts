// State model of the Procountor sandbox. Everything here is plain data so tests can inspect
// (and, where useful, tweak) it through `sandbox.state`.
import type { ProcountorBehaviours } from './behaviours';

export type ReceiptStatus = 'UNFINISHED' | 'APPROVED' | 'INVALIDATED';
export type TransactionType = 'ENTRY' | 'REVERSING_ENTRY' | 'RECONCILIATION_ENTRY';
export type VatType = 'PURCHASE' | 'SALES';

export interface CompanyInfo {
	id: number;
	name: string;
	country: string;
	countryCode: string;
	businessIdentifier: { type: string; id: string };
	companyCurrency: string;
	timeZone: string;
	productVersion: string;
	operationType: string;
}

export interface LedgerAccount {
	ledgerAccountCode: string;
	name: string;
	active: boolean;
	translations: Array<{ languageCode: string; translation: string }>;
}

export interface VatStatusInfo {
	vatStatus: number;
	description: string;
	sales: boolean;
	purchase: boolean;
	/**
	 * How a PURCHASE line with this status books its VAT (sandbox-internal, not in the API answer):
	 * 'added' to the receipt total, 'reverseCharge' (self-assessed, cancels out), or none.
	 */
	treatment?: 'added' | 'reverseCharge' | 'none';
}

export interface VatInfo {
	country: string;
	countryCode: string;
	percentages: Array<{ vatPercent: number; sales: boolean; purchase: boolean }>;
	vatStatuses: VatStatusInfo[];
}

export interface DimensionItem {
	id: number;
	codeName: string;
	description?: string;
	/** absent = active, 'P' = inactive (passive) */
	status?: string;
}

export interface Dimension {
	id: number;
	name: string;
	items: DimensionItem[];
}

export interface TrackingPeriod {
	id: number;
	startDate: string;
	endDate: string;
	status: 'OPEN' | 'PENDING' | 'CLOSED';
	modified: string;
}

export interface FiscalYear {
	id: number;
	startDate: string;
	endDate: string;
	isOpen: boolean;
	modified: string;
	trackingPeriods: TrackingPeriod[];
}

export interface DimensionItemValue {
	dimensionId: number;
	itemId: number;
	value: number;
}

export interface LedgerTransaction {
	id: number;
	transactionType: TransactionType;
	account: string;
	accountingValue: number;
	vatPercent: number;
	vatType?: VatType;
	vatStatus?: number;
	vatDeductionPercent?: number;
	description?: string;
	startDate?: string;
	endDate?: string;
	dimensionItemValues: DimensionItemValue[];
}

/**
 * A VAT posting the sandbox generated from an ENTRY line (not part of `transactions`, not
 * returned by the API; kept so tests can inspect how Procountor would book the VAT).
 */
export interface VatPosting {
	sourceTransactionId: number;
	kind: 'DEDUCTIBLE_VAT' | 'NON_DEDUCTIBLE_VAT' | 'REVERSE_CHARGE_PAYABLE' | 'SALES_VAT';
	account: string;
	/** cents */
	amountCents: number;
	accountingValue: number;
}

export interface AttachmentRef {
	id: number;
	name: string;
	mimeType: string;
	/** INVOICE (the journal's hidden invoice) or LEDGERRECEIPT */
	referenceType?: string;
	referenceId?: number;
}

export interface LedgerReceipt {
	id: number;
	type: 'JOURNAL';
	status: ReceiptStatus;
	name: string;
	receiptDate: string;
	receiptNumber: number;
	invoiceNumber: number;
	/** the hidden invoice every JOURNAL gets (separate id space); attachments reference it */
	invoiceId: number;
	vatType: VatType;
	vatStatus: number;
	vatProcessing?: string;
	invoiceNotes?: string;
	accountantsNotes?: string;
	transactionDescription?: string;
	receiptValidity?: string;
	periodStartDate?: string;
	periodEndDate?: string;
	created: string;
	version: string;
	/** epoch ms of creation (for created* filters) */
	createdAt: number;
	transactions: LedgerTransaction[];
	vatPostings: VatPosting[];
	attachments: AttachmentRef[];
}

export interface StoredAttachment {
	id: number;
	name: string;
	referenceType: string;
	referenceId: number;
	mimeType: string;
	sendWithInvoice: boolean;
	size: number;
	sha256: string;
	/** the ledger receipt the attachment ended up on (if any) */
	ledgerReceiptId?: number;
	created: string;
	createdAt: number;
}

export interface Invoice {
	id: number;
	type: string;
	status: string;
	date: string;
	invoiceNumber: number;
	originalInvoiceNumber?: string;
	ledgerReceiptId?: number;
	created: string;
	createdAt: number;
	version: string;
	/** the rest of the posted body, echoed back */
	[key: string]: unknown;
}

export interface CompanyState {
	info: CompanyInfo;
	coa: LedgerAccount[];
	vat: VatInfo;
	dimensions: Dimension[];
	fiscalYears: FiscalYear[];
	/** foreign units per 1 EUR, the same every day */
	exchangeRates: Record<string, number>;
	/** per-day overrides: exchangeRatesByDay['2026-03-14'].USD = 1.1 */
	exchangeRatesByDay: Record<string, Record<string, number>>;
	ledgerReceipts: LedgerReceipt[];
	attachments: StoredAttachment[];
	invoices: Invoice[];
	nextReceiptNumber: number;
	nextInvoiceNumber: number;
}

export interface SandboxUser {
	id: number;
	username: string;
	password: string;
	firstName: string;
	lastName: string;
	email: string;
	companyIds: number[];
}

export interface ApiClient {
	clientId: string;
	clientSecret: string;
}

export interface ApiKey {
	key: string;
	clientId: string;
	userId: number;
	companyId: number;
}

export interface ProcountorState {
	/** switches for what the reference leaves open (behaviours.ts) */
	behaviours: ProcountorBehaviours;
	companies: Record<number, CompanyState>;
	users: SandboxUser[];
	clients: ApiClient[];
	apiKeys: ApiKey[];
	counters: {
		receiptId: number;
		invoiceId: number;
		transactionId: number;
		attachmentId: number;
		dimensionItemId: number;
	};
}
