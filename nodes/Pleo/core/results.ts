import type {
	ExportFailureReasonType,
	PleoItemResult,
	UncheckedExportResult,
} from '../../shared/exportResult';
import { DEFAULT_FAILURE_REASON_MAX_LENGTH, ITEM_FAILURE_REASON_TYPES } from './constants';

export type ItemFailureReasonType = ExportFailureReasonType;

/** What Pleo accepts per item: the Pleo part of an ExportResult (nodes/shared/exportResult.ts). */
export type ExportItemResult = PleoItemResult;

export type NormalisedResult =
	{ ok: true; result: ExportItemResult } | { ok: false; error: string };

const FAILURE_REASON_SET = new Set<string>(ITEM_FAILURE_REASON_TYPES);

export function isItemFailureReasonType(value: unknown): value is ItemFailureReasonType {
	return typeof value === 'string' && FAILURE_REASON_SET.has(value);
}

/** Shortens text to at most `max` characters, marking the cut with an ellipsis. */
export function capText(text: string, max: number): string {
	if (max < 1) return '';
	if (text.length <= max) return text;
	return `${text.slice(0, Math.max(0, max - 1))}…`;
}

function asString(value: unknown): string | undefined {
	if (typeof value === 'string') return value;
	if (typeof value === 'number' && Number.isFinite(value)) return String(value);
	return undefined;
}

/**
 * Turns one ExportResult (Export Expense's output item, possibly changed by later nodes, so
 * checked field by field) into the body Pleo accepts for PUT /v3/export-jobs/{id}/items.
 * Unknown failure reason types become `unexpected_failure`; failure reasons are capped; the
 * other fields (procountor, jobId, dry runs' journals) are dropped. Fields: docs/export-result.md.
 */
export function normaliseItemResult(
	input: UncheckedExportResult,
	options: { now?: () => Date; failureReasonMaxLength?: number } = {},
): NormalisedResult {
	const accountingEntryId = asString(input.accountingEntryId)?.trim();
	if (!accountingEntryId) return { ok: false, error: 'The item has no accountingEntryId' };
	const status = asString(input.status);
	const max = options.failureReasonMaxLength ?? DEFAULT_FAILURE_REASON_MAX_LENGTH;
	if (status === 'successful') {
		const externalId = asString(input.externalId)?.trim();
		if (!externalId) {
			return { ok: false, error: `Successful item ${accountingEntryId} has no externalId` };
		}
		const exportedAt = asString(input.exportedAt) ?? (options.now?.() ?? new Date()).toISOString();
		const externalUrl = asString(input.externalUrl);
		return {
			ok: true,
			result: {
				accountingEntryId,
				status: 'successful',
				externalId,
				...(externalUrl ? { externalUrl } : {}),
				exportedAt,
			},
		};
	}
	if (status === 'failed') {
		const type = isItemFailureReasonType(input.failureReasonType)
			? input.failureReasonType
			: 'unexpected_failure';
		const reason = asString(input.failureReason)?.trim() || 'The export of this item failed';
		return {
			ok: true,
			result: {
				accountingEntryId,
				status: 'failed',
				failureReasonType: type,
				failureReason: capText(reason, max),
			},
		};
	}
	if (status === 'in_progress') {
		return { ok: true, result: { accountingEntryId, status: 'in_progress' } };
	}
	return {
		ok: false,
		error: `Item ${accountingEntryId} has status "${String(input.status)}"; expected successful, failed or in_progress`,
	};
}

export type JobCompletionEvent = 'completed' | 'completed_with_errors' | 'failed';

/** Whether a job item (as `GET /v3/export-jobs/{id}/items` lists it) still needs exporting. */
export function isOpenJobItem(item: { status?: unknown }): boolean {
	return item.status === 'pending' || item.status === 'in_progress';
}

export interface JobCompletionDecision {
	event: JobCompletionEvent;
	successful: number;
	failed: number;
	failureReasonType?: string;
	failureReason?: string;
}

/**
 * Picks the final job event from the result statuses of its items:
 * all successful → completed; some failed → completed_with_errors;
 * none successful and at least one failed → failed (with a reason).
 * An empty list (nothing left to export) counts as completed.
 */
export function decideJobCompletion(
	results: ReadonlyArray<{ status?: unknown; failed?: boolean }>,
): JobCompletionDecision {
	let successful = 0;
	let failed = 0;
	for (const r of results) {
		if (r.status === 'successful' && r.failed !== true) successful++;
		else failed++;
	}
	if (failed === 0) return { event: 'completed', successful, failed };
	if (successful > 0) return { event: 'completed_with_errors', successful, failed };
	return {
		event: 'failed',
		successful,
		failed,
		failureReasonType: 'validation_failure',
		failureReason: `All ${failed} item(s) of the export job failed`,
	};
}
