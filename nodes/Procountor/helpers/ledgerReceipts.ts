// GET /ledgerreceipts/{id1,id2,…}: full ledger receipts (lines included) in batches, as
// Export Expense (journals found or posted) and Reconcile Exports (journals of a month) read them.
import type { IDataObject } from 'n8n-workflow';
import type { ProcountorClient } from '../transport';
import { runPool } from './pool';

/** Procountor's batch limit for GET /ledgerreceipts/{id1,id2,…}. */
export const RECEIPT_BATCH = 200;

/**
 * GET /ledgerreceipts/{id1,id2,…} in batches of ≤ 200 ids: the full receipts, lines included.
 * `concurrency` batches are in flight at once (the client's rate limiter still applies); a batch
 * whose call waits for its retry after a 429 does not count.
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
	const lists = await runPool(batches, { concurrency, parking: client }, async (batch) => {
		const answer = await client.request<IDataObject>('GET', `/ledgerreceipts/${batch.join(',')}`);
		return Array.isArray(answer.results)
			? (answer.results as IDataObject[])
			: Array.isArray(answer)
				? (answer as unknown as IDataObject[])
				: [answer];
	});
	return lists.flat();
}
