import type { SandboxFile } from './files';

export type ExportJobStatus =
	'pending' | 'in_progress' | 'failed' | 'completed' | 'completed_with_errors';
export type JobItemStatus = 'pending' | 'in_progress' | 'failed' | 'successful' | 'abandoned';

export interface ExportJob {
	id: string;
	companyId: string;
	status: ExportJobStatus;
	isInteractive: boolean;
	numberOfItems: number;
	vendorBasedBookkeeping: boolean;
	createdAt: string;
	createdBy: string | null;
	startedAt: string | null;
	lastUpdatedAt: string | null;
	completedAt: string | null;
	expiredAt: string | null;
	expiresIn: number;
	failureReason: string | null;
	failureReasonType: string | null;
}

export interface JobItem {
	accountingEntryId: string;
	status: JobItemStatus;
	failureReason: string | null;
	failureReasonType: string | null;
	externalId: string | null;
	externalUrl: string | null;
	exportedAt: string | null;
}

/** Internal job record: the public job plus its items and clock values in ms. */
export interface JobRecord {
	job: ExportJob;
	items: JobItem[];
	createdMs: number;
	lastUpdatedMs: number | null;
	/** Export-item file URLs were first fetched at this sandbox time (ms). */
	itemsFetchedMs: number | null;
	/** Every accepted item report, in order (tests count reports per item). */
	reports: Array<{ accountingEntryId: string; status: JobItemStatus }>;
}

export interface Company {
	id: string;
	name: string;
	organizationId: string;
	registrationNumber: string;
	walletCurrency: string;
	/** Contra-account externalIds; set to null to make exports fail with MISSING_CONTRA_ACCOUNTS. */
	contraAccounts: { card: string; outOfPocket: string; reimbursement: string } | null;
}

export interface Employee {
	id: string;
	companyId: string;
	firstName: string;
	lastName: string;
	email: string;
	code: string;
	jobTitle: string | null;
	phone: string | null;
}

export interface Team {
	id: string;
	name: string;
	code: string;
}

export interface Account {
	id: string;
	companyId: string;
	externalId: string;
	code: string | null;
	name: string;
	archived: boolean;
	taxCodeExternalId: string | null;
	metadata: Record<string, string> | null;
	createdAt: string;
	updatedAt: string;
}

export interface TaxCode {
	id: string;
	companyId: string;
	name: string;
	code: string;
	rate: number;
	type: 'inclusive' | 'exclusive' | 'reverse';
	archived: boolean;
	ingoingTaxAccount: string | null;
	outgoingTaxAccount: string | null;
	accountingIntegrationSystem: string | null;
	createdAt: string;
	updatedAt: string;
}

export interface TagGroup {
	id: string;
	companyId: string;
	name: string;
	code: string;
	archived: boolean;
	metadata: Record<string, string>;
	createdAt: string;
	updatedAt: string;
}

export interface Tag {
	id: string;
	groupId: string;
	code: string;
	name: string | null;
	archived: boolean;
	createdAt: string;
	updatedAt: string;
}

export interface Subscription {
	id: string;
	endpointUrl: string;
	eventTypes: string[];
	customHeaders: Record<string, string>;
	endpointAuth: {
		type: 'NONE' | 'BASIC';
		credentials?: { username?: string; password?: string; token?: string };
	};
	status: 'ACTIVE' | 'INACTIVE';
	secretKey: string;
	createdAt: string;
	updatedAt: string;
	deletedAt: string | null;
	deletedBy: string | null;
}

export type ExpenseType =
	| 'card_purchase'
	| 'out_of_pocket'
	| 'mileage'
	| 'per_diem'
	| 'refund'
	| 'fee'
	| 'direct_reimbursement'
	| 'cashback';

export interface TagRef {
	id: string;
	code: string;
	groupCode: string;
	groupId: string;
}

export interface ExpenseLine {
	id: string;
	/** Chart-of-accounts externalId (= code). */
	accountExternalId: string;
	/** Tax code `code`, e.g. VAT25.5. */
	taxCode: string;
	/** Gross line amount in wallet currency (minor units; negative for refunds). */
	walletAmount: number;
	/** Gross line amount in supplier currency (minor units). */
	supplierAmount: number;
	tags: TagRef[];
}

/** A Pleo expense (accounting entry) as the sandbox keeps it. */
export interface Expense {
	id: string;
	type: ExpenseType;
	subType: string | null;
	date: string;
	settledAt: string | null;
	walletCurrency: string;
	supplierCurrency: string;
	note: string | null;
	supplier: {
		name: string;
		code: string | null;
		categoryCode: string | null;
		country: string | null;
	} | null;
	employeeId: string;
	teamId: string | null;
	lines: ExpenseLine[];
	fileIds: string[];
	reconciliationId: string;
	createdAt: string;
	/** QUEUED (in the export queue), EXPORTING (in an active job) or EXPORTED. */
	exportStatus: 'QUEUED' | 'EXPORTING' | 'EXPORTED';
	deleted: boolean;
	/** When the expense was deleted (planted with POST /_sandbox/expenses/<id>/plant). */
	deletedAt?: string | null;
	/** Last change after creation (planted discrepancies). */
	updatedAt?: string;
}

export interface PleoEvent {
	id: string;
	at: string;
	type: string;
	jobId?: string;
	detail?: unknown;
}

export interface Delivery {
	/** webhook-id of the message (the same for every attempt). */
	id: string;
	subscriptionId: string;
	url: string;
	attempt: number;
	status: number | 'error';
	at: number;
	eventType: string;
	eventId: string;
	error?: string;
}

export interface PleoState {
	company: Company;
	apiKey: string;
	employees: Employee[];
	teams: Team[];
	accounts: Map<string, Account>;
	taxCodes: Map<string, TaxCode>;
	tagGroups: Map<string, TagGroup>;
	tags: Map<string, Tag>;
	expenses: Map<string, Expense>;
	files: Map<string, SandboxFile>;
	jobs: Map<string, JobRecord>;
	subscriptions: Map<string, Subscription>;
	events: PleoEvent[];
	deliveries: Delivery[];
	/** Every accepted master-data write (tag groups, tags, accounts, tax codes). */
	writeCount: number;
	writeLog: Array<{ method: string; path: string }>;
	/** Counter for generated expenses (so addExpenses keeps producing new ids). */
	generatedCount: number;
	counter: number;
}
