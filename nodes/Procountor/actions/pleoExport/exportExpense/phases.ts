// The phases an input item goes through in Export Expense, each its own type, so that the
// compiler knows what exists at each step:
//
//   planned ─▶ checked ─▶ (in the pool: journal built again, posted or reused) ─▶ exported
//      └──────────┴──────────────────────────────────────────────────────────────▶ failed
//
// `checked` keeps what the idempotency search and the period decision need, not the journal
// body: a journal is built (again, from the same input and rate) only while its item is in
// flight, so 10,000 waiting expenses do not hold 10,000 journals. A finished item keeps only
// what its result needs.
import type { JournalOk, PeriodDecision, PleoExportItem, SkippedTag } from '../../../core';
import type { FullReceipt } from './existing';
import type { FailedJournal, MovedDate } from '../../../../shared/exportResult';
import type { ExportFailureReason } from './failures';
import type { PlannedReceipt } from './receipts';

/** The input item, read once. */
export interface ItemInput {
	readonly index: number;
	readonly item: PleoExportItem;
	/** "The expense 'Taxi' of 2026-03-14, 50.00 EUR (Pleo accounting entry …)" */
	readonly what: string;
	readonly receipts: readonly PlannedReceipt[];
}

export interface Planned {
	readonly phase: 'planned';
	readonly input: ItemInput;
}

/** What the result needs of a built journal (the body itself is not kept). */
export interface JournalSummary {
	readonly tag: string;
	readonly name: string;
	readonly receiptDate: string;
	readonly needsReconciliation: boolean;
	readonly skippedTags: readonly SkippedTag[];
}

/** Its journal builds: balanced, with VAT and dimensions; where its date falls is known. */
export interface Checked {
	readonly phase: 'checked';
	readonly input: ItemInput;
	readonly journal: JournalSummary;
	/** the exchange rate the journal was built with (so that it builds the same again) */
	readonly rate: string | undefined;
	readonly period: PeriodDecision;
	/** set when the closed-period policy moved the journal to the first open day */
	readonly moved?: MovedDate;
}

/** What attaching receipts and building the result need of a checked item. */
export type ToExport = Pick<Checked, 'input' | 'journal' | 'moved'>;

/** This execution's own POST, to be verified against other executions' journals. */
export interface PostedJournal {
	readonly tag: string;
	readonly id: number;
	readonly receiptDate: string;
	/** the item as it was posted (for reporting another execution's journal instead) */
	readonly item: ToExport;
}

/** In Procountor with its receipts: posted now, recovered after an ambiguous POST, or reused. */
export interface Exported {
	readonly phase: 'exported';
	readonly input: ItemInput;
	readonly journal: JournalSummary;
	readonly moved?: MovedDate;
	/** the ledger receipt the result names */
	readonly receipt: FullReceipt;
	readonly exportedAt: string;
	readonly attachments: readonly string[];
	readonly receiptsVerified: boolean;
	readonly receiptsNote?: string;
	readonly reused: boolean;
	readonly approved: boolean;
	readonly posted?: PostedJournal;
	readonly duplicateInvalidated?: number;
	readonly verifyError?: string;
	readonly approvalError?: string;
}

/** Not exported; `journal` says what exists in Procountor all the same. */
export interface Failed {
	readonly phase: 'failed';
	readonly input: ItemInput;
	readonly failure: ExportFailureReason;
	readonly journal?: FailedJournal;
	/** set when this execution posted the journal before the item failed (it is verified too) */
	readonly posted?: PostedJournal;
}

export type ItemPhase = Planned | Checked | Exported | Failed;

export function failed(
	input: ItemInput,
	failure: ExportFailureReason,
	more: { journal?: FailedJournal; posted?: PostedJournal } = {},
): Failed {
	return {
		phase: 'failed',
		input,
		failure: { failureReasonType: failure.failureReasonType, failureReason: failure.failureReason },
		...more,
	};
}

export function summaryOf(built: JournalOk): JournalSummary {
	return {
		tag: built.tag,
		name: built.journal.name,
		receiptDate: built.journal.receiptDate,
		needsReconciliation: built.needsReconciliation,
		skippedTags: built.skippedTags,
	};
}

/** A type guard per phase, for filters: `phases.filter(is('checked'))`. */
export function is<K extends ItemPhase['phase']>(phase: K) {
	return (p: ItemPhase): p is Extract<ItemPhase, { phase: K }> => p.phase === phase;
}
