// Post, then verify (issue "books exactly once"): the idempotency search runs before any post, so
// two executions of the same expenses at the same moment can both post. After its posts, an
// execution searches ONCE for the journals in the receipt-date window of what it posted and lets
// core decideSurvivors pick, per expense, the valid journal with the lowest id. A journal of ours
// that lost is invalidated here; the caller reports the survivor.
import type { IDataObject } from 'n8n-workflow';
import { decideSurvivors, type SeenJournal, type SurvivorDecision } from '../core';
import { describeHttpFailure, type ProcountorClient } from '../transport';

export interface PostedJournal {
	tag: string;
	id: number;
	receiptDate: string;
}

/**
 * One search (all pages) over the receipt dates of every journal this execution posted, and the
 * decision per tag. Throws what the search throws.
 */
export async function verifyPosted(
	client: ProcountorClient,
	posted: PostedJournal[],
): Promise<Map<string, SurvivorDecision>> {
	if (posted.length === 0) return new Map();
	const dates = posted.map((p) => p.receiptDate).sort();
	const rows = await client.getAllPages<IDataObject>('/ledgerreceipts', {
		types: 'JOURNAL',
		startDate: dates[0],
		endDate: dates[dates.length - 1],
	});
	const seen: SeenJournal[] = rows.map((r) => ({
		id: Number(r.id),
		name: String(r.name ?? ''),
		status: typeof r.status === 'string' ? r.status : undefined,
	}));
	return decideSurvivors(seen, new Map(posted.map((p) => [p.tag, p.id])));
}

/**
 * PUT /ledgerreceipts/{id}/invalidate. A journal that is INVALIDATED already counts as done (a
 * bookkeeper, or a retry, got there first). Returns undefined when done, else why not.
 */
export async function invalidateJournal(
	client: ProcountorClient,
	id: number,
): Promise<string | undefined> {
	try {
		// idempotent: a retry after a lost answer meets 'already INVALIDATED', which counts as done
		await client.request('PUT', `/ledgerreceipts/${id}/invalidate`, { retry: 'safe' });
		return undefined;
	} catch (error) {
		const f = describeHttpFailure(error);
		if (f.status === 409 && /already INVALIDATED/i.test(f.message)) return undefined;
		try {
			const now = await client.request<IDataObject>('GET', `/ledgerreceipts/${id}`);
			if (now.status === 'INVALIDATED') return undefined;
		} catch {
			// the original failure is the one to report
		}
		return `${f.status ? `HTTP ${f.status}: ` : ''}${f.message}`;
	}
}
