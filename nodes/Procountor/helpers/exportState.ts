// Export Expense's per-item state and the small functions around it: the options, the item
// state that travels from journal building to the result, the failure result for Pleo's Report
// Results, and the closed-period decision applied before a post.
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import {
	defaultGroupCode,
	isObject,
	moveJournalDate,
	type ClosedPeriodPolicy,
	type JournalOk,
	type PeriodDecision,
	type PleoExportItem,
	type ProcountorDimension,
} from '../core';
import { ProcountorApiError } from '../transport';
import { timeZoneOf } from '../../shared/timeZone';
import type { ExportFailure } from './exportFailures';
import type { FullReceipt } from './exportIdempotency';
import type { PlannedReceipt } from './exportReceipts';
import type { PostedJournal } from './exportVerify';

export interface ExportOptions {
	approve: boolean;
	closedPeriods: ClosedPeriodPolicy;
	concurrency: number;
	dryRun: boolean;
	externalUrlTemplate: string;
	binaryProperties: string[];
	receiptsFrom: 'pleoUrls' | 'binary';
	timeZone: string;
	unknownTags: 'fail' | 'skip';
	tagGroups: Array<{ dimension: string; groupCode: string }>;
}

/** One input item on its way through Export Expense. */
export interface ItemState {
	index: number;
	item: PleoExportItem;
	what: string;
	receipts: PlannedReceipt[];
	built?: JournalOk;
	/** where the receipt date falls in Procountor's fiscal periods (decided before any write) */
	period?: PeriodDecision;
	/** the journal this execution posted (or recovered after an ambiguous POST) */
	posted?: PostedJournal;
	/** the journal the result names (for approval after the verification) */
	receipt?: FullReceipt;
	result?: IDataObject;
}

export function entryId(item: PleoExportItem): string | null {
	return typeof item.accountingEntryId === 'string' ? item.accountingEntryId : null;
}

/** The failure result for Pleo's Report Results. */
export function failed(st: ItemState, f: ExportFailure, extra: IDataObject = {}): IDataObject {
	return {
		accountingEntryId: entryId(st.item),
		status: 'failed',
		failureReasonType: f.failureReasonType,
		failureReason: f.failureReason,
		jobId: st.item.jobId ?? null,
		...extra,
	};
}

/** Whether the error is an answer (or non-answer) of Procountor, reported per item. */
export function isProcountorError(error: unknown): boolean {
	return (
		error instanceof ProcountorApiError ||
		(isObject(error) && isObject((error as IDataObject).procountor))
	);
}

/** Output fields of a moved date: the original date and the period it was in. */
export function movedDate(st: ItemState): IDataObject {
	const d = st.period;
	if (d?.kind !== 'moved' || st.built?.journal.receiptDate !== d.to) return {};
	return { dateMoved: true, originalDate: d.from, closedPeriod: d.place.label };
}

/** Export Expense's Options collection, read once per execution. */
export function readExportOptions(ctx: IExecuteFunctions): ExportOptions {
	const o = ctx.getNodeParameter('options', 0, {}) as IDataObject;
	const rows = ((o.tagGroups as IDataObject | undefined)?.mapping ?? []) as Array<IDataObject>;
	return {
		approve: o.approve === true,
		closedPeriods: o.closedPeriods === 'firstOpenDay' ? 'firstOpenDay' : 'fail',
		concurrency: Math.max(1, Math.min(16, Number(o.concurrency ?? 4) || 4)),
		dryRun: o.dryRun === true,
		externalUrlTemplate:
			typeof o.externalUrlTemplate === 'string' ? o.externalUrlTemplate.trim() : '',
		binaryProperties: String(o.binaryProperties ?? '')
			.split(',')
			.map((s) => s.trim())
			.filter(Boolean),
		receiptsFrom: o.receiptsFrom === 'binary' ? 'binary' : 'pleoUrls',
		timeZone: timeZoneOf(o),
		unknownTags: o.unknownTags === 'skip' ? 'skip' : 'fail',
		tagGroups: rows
			.map((r) => ({
				dimension: String(r.dimension ?? '').trim(),
				groupCode: String(r.groupCode ?? '').trim(),
			}))
			.filter((r) => r.dimension && r.groupCode),
	};
}

/**
 * Applies the period decision to an item about to be posted: a refused date fails the item
 * (false), a moved one gets the first open day with its own date kept in the texts.
 */
export function applyPeriod(st: ItemState): boolean {
	const d = st.period;
	if (!d || !st.built) return true;
	if (d.kind === 'refused') {
		st.result = failed(st, d.failure);
		return false;
	}
	if (d.kind === 'moved') {
		st.built = { ...st.built, journal: moveJournalDate(st.built.journal, d.from, d.to) };
	}
	return true;
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
