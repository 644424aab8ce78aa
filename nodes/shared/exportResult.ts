// The result of exporting one expense: what Procountor › Export Expense outputs per item and what
// Pleo › Export Item › Report Results consumes. One type, three shapes (success, failure, dry run).
// Every field is described in docs/export-result.md; change both together.
import type { IDataObject } from 'n8n-workflow';
import type { ITEM_FAILURE_REASON_TYPES } from '../Pleo/core/constants';

/** Pleo's item failure reason types (Export API v3). */
export type ExportFailureReasonType = (typeof ITEM_FAILURE_REASON_TYPES)[number];

/** A closed period the journal date was moved out of (Closed Periods = Post on the First Open Day). */
export interface MovedDate {
	dateMoved: true;
	/** the expense's own receipt date */
	originalDate: string;
	/** the period that was closed, in words */
	closedPeriod: string;
}

interface ResultBase {
	/** Pleo's accounting entry id (null when the input item had none) */
	accountingEntryId: string | null;
	/** the export job the item belongs to (from the trigger or Claim Next) */
	jobId: string | null;
}

/** The journal an expense is booked in, as far as it is known. */
export interface ExportedJournal extends Partial<MovedDate> {
	ledgerReceiptId: number;
	invoiceId: number | null;
	receiptNumber: number | null;
	name: string;
	receiptDate: string;
	/** receipt file names on the journal, in the item's order */
	attachments: string[];
	/** false when Procountor could not show which receipts the journal carries */
	receiptsVerified: boolean;
	/** why receiptsVerified is false */
	receiptsNote?: string;
	/** the journal existed already (an earlier run, a recovered POST or another execution) */
	reused: boolean;
	/** posted with createReconciliation=true (a rounding residual) */
	reconciled: boolean;
	approved: boolean;
	/** Unknown Tags = Skip the Tag: the tags left out of the journal */
	skippedTags?: SkippedTagInfo[];
	/** this execution's own second journal of the expense, invalidated in favour of ledgerReceiptId */
	duplicateInvalidated?: number;
	/** the check for a second journal could not run */
	verifyError?: string;
	/** Approve Journals was on and the approval failed */
	approvalError?: string;
}

export interface SkippedTagInfo {
	code: string;
	groupCode: string;
	reason: string;
}

export interface ExportSuccess extends ResultBase {
	status: 'successful';
	/** the Procountor ledger receipt id, as Pleo stores it */
	externalId: string;
	externalUrl?: string;
	/** ISO time of the export */
	exportedAt: string;
	procountor: ExportedJournal;
}

/** What is known of a journal when the expense failed after it was found or posted. */
export interface FailedJournal {
	ledgerReceiptId: number;
	invoiceId?: number | null;
	attachments?: string[];
	reused: boolean;
	duplicateInvalidated?: number;
	verifyError?: string;
}

export interface ExportFailure extends ResultBase {
	status: 'failed';
	failureReasonType: ExportFailureReasonType;
	/** a sentence for a bookkeeper: the expense, the field and the fix */
	failureReason: string;
	/** present when a journal exists in Procountor although the expense failed */
	procountor?: FailedJournal;
}

/** The journal body a dry run shows (the POST /ledgerreceipts body). */
export interface DryRunJournal {
	type: 'JOURNAL';
	name: string;
	receiptDate: string;
	transactions: readonly object[];
}

export interface ExportDryRun extends ResultBase {
	status: 'dry_run';
	dryRun: true;
	procountor: Partial<MovedDate> & {
		journal: DryRunJournal;
		createReconciliation: boolean;
		/** the idempotency tag at the end of the journal name */
		tag: string;
		totals: { grossCents: number; netCents: number; vatCents: number; residualCents: number };
		attachments: string[];
		skippedTags: SkippedTagInfo[];
	};
}

export type ExportResult = ExportSuccess | ExportFailure | ExportDryRun;

/** The part of a result Pleo's PUT /v3/export-jobs/{id}/items accepts. */
export type PleoItemResult =
	| (Pick<ExportSuccess, 'status' | 'externalId' | 'externalUrl' | 'exportedAt'> & {
			accountingEntryId: string;
	  })
	| (Pick<ExportFailure, 'status' | 'failureReasonType' | 'failureReason'> & {
			accountingEntryId: string;
	  })
	| { accountingEntryId: string; status: 'in_progress' };

/**
 * An item's json as Report Results receives it: ExportResult's fields, not yet checked (a node
 * between the two may have changed them), and whatever else the item carries.
 */
export type UncheckedExportResult = {
	[K in keyof ExportSuccess | keyof ExportFailure]?: unknown;
} & Record<string, unknown>;

/** n8n's item json of a result (the one cast between the typed result and n8n's data). */
export function resultJson(result: ExportResult): IDataObject {
	return result as unknown as IDataObject;
}
