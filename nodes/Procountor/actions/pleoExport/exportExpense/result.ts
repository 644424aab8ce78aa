// The one place where an item's final phase becomes its ExportResult (nodes/shared/exportResult.ts,
// every field in docs/export-result.md): what Pleo › Export Item › Report Results consumes.
import type { JournalOk } from '../../../core';
import type {
	ExportDryRun,
	ExportFailure,
	ExportResult,
	ExportSuccess,
} from '../../../../shared/exportResult';
import type { FullReceipt } from './existing';
import type { Checked, Exported, Failed, ItemInput } from './phases';

function entryId(input: ItemInput): string | null {
	return typeof input.item.accountingEntryId === 'string' ? input.item.accountingEntryId : null;
}

function jobId(input: ItemInput): string | null {
	return input.item.jobId ?? null;
}

/** The link shown in Pleo: {ID} (ledger receipt), {invoiceID}, {receiptNumber}. */
function externalUrl(template: string, r: FullReceipt): string | undefined {
	if (!template) return undefined;
	return template
		.replace(/\{id\}|\{ID\}|\{ledgerReceiptId\}/g, String(r.id))
		.replace(/\{invoiceI[dD]\}/g, String(r.invoiceId ?? ''))
		.replace(/\{receiptNumber\}/g, String(r.receiptNumber ?? ''));
}

export function successResult(p: Exported, externalUrlTemplate: string): ExportSuccess {
	const { receipt, journal } = p;
	const url = externalUrl(externalUrlTemplate, receipt);
	return {
		accountingEntryId: entryId(p.input),
		status: 'successful',
		externalId: String(receipt.id),
		...(url ? { externalUrl: url } : {}),
		exportedAt: p.exportedAt,
		jobId: jobId(p.input),
		procountor: {
			ledgerReceiptId: receipt.id,
			invoiceId: receipt.invoiceId ?? null,
			receiptNumber: receipt.receiptNumber ?? null,
			name: receipt.name || journal.name,
			receiptDate: receipt.receiptDate ?? journal.receiptDate,
			attachments: [...p.attachments],
			receiptsVerified: p.receiptsVerified,
			...(p.receiptsNote !== undefined ? { receiptsNote: p.receiptsNote } : {}),
			reused: p.reused,
			reconciled: journal.needsReconciliation,
			approved: p.approved,
			...(p.moved ?? {}),
			...(journal.skippedTags.length ? { skippedTags: [...journal.skippedTags] } : {}),
			...(p.duplicateInvalidated !== undefined
				? { duplicateInvalidated: p.duplicateInvalidated }
				: {}),
			...(p.verifyError !== undefined ? { verifyError: p.verifyError } : {}),
			...(p.approvalError !== undefined ? { approvalError: p.approvalError } : {}),
		},
	};
}

export function failureResult(p: Failed): ExportFailure {
	return {
		accountingEntryId: entryId(p.input),
		status: 'failed',
		failureReasonType: p.failure.failureReasonType,
		failureReason: p.failure.failureReason,
		jobId: jobId(p.input),
		...(p.journal ? { procountor: p.journal } : {}),
	};
}

/** Dry Run: the journal the item would become (after the same period decision as a real run). */
export function dryRunResult(c: Checked, built: JournalOk): ExportDryRun {
	return {
		accountingEntryId: entryId(c.input),
		status: 'dry_run',
		dryRun: true,
		jobId: jobId(c.input),
		procountor: {
			journal: built.journal,
			createReconciliation: built.needsReconciliation,
			tag: built.tag,
			totals: built.totals,
			attachments: c.input.receipts.map((r) => r.name),
			skippedTags: built.skippedTags,
			...(c.moved ?? {}),
		},
	};
}

export function resultOf(p: Exported | Failed, externalUrlTemplate: string): ExportResult {
	return p.phase === 'exported' ? successResult(p, externalUrlTemplate) : failureResult(p);
}
