// "Nothing is posted twice": Procountor has no idempotency key, so every journal name ends with
// a stable tag of the Pleo accounting entry (core idempotencyTag). Before posting, one search over
// the receipt-date window of the execution finds the journals that already exist; after an
// ambiguous failure the date of that one journal is searched again before re-posting.
import type { IDataObject } from 'n8n-workflow';
import { findTagInName } from '../core';
import type { ProcountorClient } from '../transport';
import { runPool } from './exportPool';

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

/** Procountor's batch limit for GET /ledgerreceipts/{id1,id2,…}. */
export const RECEIPT_BATCH = 200;

/**
 * GET /ledgerreceipts/{id1,id2,…} in batches of ≤ 200 ids: the full receipts, lines included.
 * `concurrency` batches are in flight at once (the client's rate limiter still applies).
 */
export async function fetchLedgerReceipts(
	client: ProcountorClient,
	ids: number[],
	concurrency = 1,
): Promise<IDataObject[]> {
	const unique = [...new Set(ids)].filter((x) => Number.isSafeInteger(x) && x > 0);
	const batches: number[][] = [];
	for (let i = 0; i < unique.length; i += RECEIPT_BATCH)
		batches.push(unique.slice(i, i + RECEIPT_BATCH));
	const lists = await runPool(batches, concurrency, async (batch) => {
		const answer = await client.request<IDataObject>('GET', `/ledgerreceipts/${batch.join(',')}`);
		return Array.isArray(answer.results)
			? (answer.results as IDataObject[])
			: Array.isArray(answer)
				? (answer as unknown as IDataObject[])
				: [answer];
	});
	return lists.flat();
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
