// "Nothing is posted twice": Procountor has no idempotency key, so every journal name ends with
// a stable tag of the Pleo accounting entry (core idempotencyTag). Before posting, one search over
// the receipt-date window of the execution finds the journals that already exist; after an
// ambiguous failure the date of that one journal is searched again before re-posting. The
// journals found (or posted) are read in full with getReceipts.
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { findTagInName } from '../../../core';
import { fetchLedgerReceipts } from '../../../helpers/ledgerReceipts';
import { toNodeError } from '../../../../shared/perItem';
import type { ProcountorClient } from '../../../transport';
import type { AttachmentFinder } from './attach';
import { isProcountorError } from './failures';
import type { Checked } from './phases';

/** LedgerReceiptBasicInfo, as the search returns it (no invoiceId). */
export interface ReceiptInfo {
	id: number;
	name: string;
	status?: string;
	receiptDate?: string;
	receiptNumber?: number;
	/** creation time as Procountor gives it (company local time, no zone) */
	created?: string;
}

/** A full ledger receipt, as GET /ledgerreceipts/{id} returns it. */
export interface FullReceipt extends ReceiptInfo {
	invoiceId?: number;
	/** absent when Procountor's answer has no `attachments` field */
	attachments?: Array<{ id?: number; name?: string; referenceType?: string; referenceId?: number }>;
}

export type TagIndex = Map<string, ReceiptInfo>;

function toInfo(r: IDataObject): ReceiptInfo {
	return {
		id: Number(r.id),
		name: String(r.name ?? ''),
		status: typeof r.status === 'string' ? r.status : undefined,
		receiptDate: typeof r.receiptDate === 'string' ? r.receiptDate : undefined,
		receiptNumber: typeof r.receiptNumber === 'number' ? r.receiptNumber : undefined,
		created: typeof r.created === 'string' ? r.created : undefined,
	};
}

/**
 * Searches JOURNAL receipts with a receipt date in [startDate, endDate] (all pages) and indexes
 * them by tag. An invalidated journal does not count as exported; when a tag occurs several
 * times the oldest valid journal wins.
 */
export async function buildTagIndex(
	client: ProcountorClient,
	startDate: string,
	endDate: string,
): Promise<TagIndex> {
	const rows = await client.getAllPages<IDataObject>('/ledgerreceipts', {
		types: 'JOURNAL',
		startDate,
		endDate,
	});
	const index: TagIndex = new Map();
	for (const row of rows) {
		const info = toInfo(row);
		if (info.status === 'INVALIDATED') continue;
		const tag = findTagInName(info.name);
		if (!tag) continue;
		const existing = index.get(tag);
		if (!existing || info.id < existing.id) index.set(tag, info);
	}
	return index;
}

/** GET /ledgerreceipts/{id1,id2,…} in batches of ≤ 200 ids. */
export async function getReceipts(
	client: ProcountorClient,
	ids: number[],
): Promise<Map<number, FullReceipt>> {
	const out = new Map<number, FullReceipt>();
	for (const r of await fetchLedgerReceipts(client, ids)) {
		const full: FullReceipt = {
			...toInfo(r),
			invoiceId: typeof r.invoiceId === 'number' ? r.invoiceId : Number(r.invoiceId) || undefined,
			attachments: Array.isArray(r.attachments)
				? (r.attachments as FullReceipt['attachments'])
				: undefined,
		};
		if (full.id) out.set(full.id, full);
	}
	return out;
}

/** After an ambiguous POST: is a journal with this tag there now (same receipt date)? */
export async function findJournalByTag(
	client: ProcountorClient,
	tag: string,
	receiptDate: string,
): Promise<ReceiptInfo | undefined> {
	const index = await buildTagIndex(client, receiptDate, receiptDate);
	return index.get(tag);
}

/** The receipt a POST /ledgerreceipts answered with. */
export function postedReceipt(r: IDataObject): FullReceipt {
	return {
		id: Number(r.id),
		name: String(r.name ?? ''),
		status: typeof r.status === 'string' ? r.status : undefined,
		receiptDate: typeof r.receiptDate === 'string' ? r.receiptDate : undefined,
		receiptNumber: typeof r.receiptNumber === 'number' ? r.receiptNumber : undefined,
		invoiceId: Number(r.invoiceId) || undefined,
		attachments: Array.isArray(r.attachments) ? (r.attachments as FullReceipt['attachments']) : [],
	};
}

/** The journals that exist already, for the items about to be exported. */
export interface Existing {
	/** the oldest valid journal per idempotency tag; the pool adds each journal it posts */
	readonly index: TagIndex;
	/** full receipts of the existing journals whose items have receipts to check */
	readonly fetched: Map<number, FullReceipt>;
	/** why they could not be read (a Procountor error; each item then reports it) */
	readonly fetchError?: unknown;
}

/**
 * One search over the receipt-date window of every item (their own dates and, where a period is
 * closed, the first open day: an earlier run may have posted there), then one read of the
 * existing journals that need their receipts checked, and one attachment search for them where
 * their own field cannot tell. A Procountor error of the search is returned (every item fails
 * with it); any other error stops the node.
 */
export async function findExisting(
	{
		ctx,
		client,
		finder,
	}: { ctx: IExecuteFunctions; client: ProcountorClient; finder: AttachmentFinder },
	items: readonly Checked[],
): Promise<{ ok: true; existing: Existing } | { ok: false; error: unknown }> {
	if (!items.length) return { ok: true, existing: { index: new Map(), fetched: new Map() } };
	const dates = items
		.flatMap((c) => [c.journal.receiptDate, ...(c.period.kind === 'moved' ? [c.period.to] : [])])
		.sort();
	let index: TagIndex;
	try {
		index = await buildTagIndex(client, dates[0], dates[dates.length - 1]);
	} catch (error) {
		if (!isProcountorError(error)) throw toNodeError(ctx, error, 0);
		return { ok: false, error };
	}
	const withFiles = items.flatMap((c) => {
		const found = c.input.receipts.length ? index.get(c.journal.tag) : undefined;
		return found ? [{ id: found.id, names: c.input.receipts.map((r) => r.name) }] : [];
	});
	if (!withFiles.length) return { ok: true, existing: { index, fetched: new Map() } };
	let fetched = new Map<number, FullReceipt>();
	let fetchError: unknown;
	try {
		fetched = await getReceipts(
			client,
			withFiles.map((w) => w.id),
		);
	} catch (error) {
		if (!isProcountorError(error)) throw toNodeError(ctx, error, 0);
		fetchError = error;
	}
	// which receipts they carry: their own field, else one attachment search for all
	await finder.prefetch(
		withFiles.flatMap((w) => {
			const receipt = fetched.get(w.id);
			return receipt ? [{ receipt, names: w.names }] : [];
		}),
	);
	return { ok: true, existing: { index, fetched, fetchError } };
}
