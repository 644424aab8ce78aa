// Post, then verify (issue "books exactly once"): the idempotency search runs before any post, so
// two executions of the same expenses at the same moment can both post. After its posts, an
// execution searches ONCE for the journals in the receipt-date window of what it posted and lets
// core decideSurvivors pick, per expense, the valid journal with the lowest id. A journal of ours
// that lost is invalidated and the item is reported on the survivor (its receipts completed).
// Approval comes after this, so that no journal is approved and then invalidated.
import type { IDataObject } from 'n8n-workflow';
import { cleanText, decideSurvivors, type SeenJournal, type SurvivorDecision } from '../../../core';
import { runPool } from '../../../helpers/pool';
import { toNodeError } from '../../../../shared/perItem';
import { describeHttpFailure, type ProcountorClient } from '../../../transport';
import { attachReceipts, completeReceipts } from './attach';
import type { ExportRun } from './context';
import { getReceipts, type FullReceipt } from './existing';
import { isProcountorError } from './failures';
import { failed, type Exported, type Failed, type ItemPhase, type PostedJournal } from './phases';

/** An item whose journal this execution posted (exported, or failed on a receipt after the POST). */
type Mine = (Exported | Failed) & { readonly posted: PostedJournal };

function isMine(p: ItemPhase): p is Mine {
	return (p.phase === 'exported' || p.phase === 'failed') && p.posted !== undefined;
}

/**
 * One search for the journals of every expense this execution posted; where a lower valid
 * journal exists, ours is invalidated and the survivor becomes the item's journal.
 */
export async function verifyPosted(run: ExportRun, phases: ItemPhase[]): Promise<ItemPhase[]> {
	const mine = phases.filter(isMine);
	if (!mine.length) return phases;
	let decisions: Map<string, SurvivorDecision>;
	try {
		decisions = await searchAndDecide(
			run.client,
			mine.map((p) => p.posted),
		);
	} catch (error) {
		if (!isProcountorError(error)) throw toNodeError(run.ctx, error, mine[0].input.index);
		const note = `The check for a second journal of this expense (another execution at the same time) could not run: ${cleanText(describeHttpFailure(error).message, 200)}. The next export of the expense reuses the oldest valid journal.`;
		return phases.map((p) => (isMine(p) ? withVerifyError(p, note) : p));
	}
	const losers = mine.flatMap((p) => {
		const d = decisions.get(p.posted.tag);
		return d?.kind === 'yield' ? [{ p, survivor: d.survivor }] : [];
	});
	let survivors = new Map<number, FullReceipt>();
	let survivorsError: unknown;
	if (losers.length) {
		try {
			survivors = await getReceipts(
				run.client,
				losers.map((l) => l.survivor),
			);
		} catch (error) {
			if (!isProcountorError(error)) throw toNodeError(run.ctx, error, losers[0].p.input.index);
			survivorsError = error;
		}
		await run.finder.prefetch(
			losers.flatMap(({ p, survivor }) => {
				const receipt = survivors.get(survivor);
				const names = p.input.receipts.map((x) => x.name);
				return receipt && names.length ? [{ receipt, names }] : [];
			}),
		);
	}
	const out = [...phases];
	const todo = phases.flatMap((p, i) => (isMine(p) ? [{ i, p }] : []));
	// a call waiting for its retry gives its place to another expense
	const width = { concurrency: run.opts.concurrency, parking: run.client };
	await runPool(todo, width, async ({ i, p }) => {
		const d = decisions.get(p.posted.tag);
		if (d?.kind === 'yield') out[i] = await yieldTo(run, p, d, { survivors, survivorsError });
		else if (d?.kind === 'gone') {
			out[i] = failed(p.input, {
				failureReasonType: 'accounting_system_validation_failure',
				failureReason: `${p.input.what}: its journal (Procountor ledger receipt ${p.posted.id}) was invalidated in Procountor while this export ran, and no other valid journal of the expense exists. Export the expense again.`,
			});
		}
	});
	return out;
}

/** Ours lost: invalidate it (unless it is already) and report the item on the survivor. */
async function yieldTo(
	run: ExportRun,
	p: Mine,
	d: Extract<SurvivorDecision, { kind: 'yield' }>,
	read: { survivors: Map<number, FullReceipt>; survivorsError: unknown },
): Promise<Exported | Failed> {
	const mine = p.posted.id;
	const what = p.input.what;
	if (!d.mineInvalidated) {
		const problem = await invalidateJournal(run.client, mine);
		if (problem) {
			return failed(p.input, {
				failureReasonType: 'accounting_system_validation_failure',
				failureReason: `${what} was posted twice at the same time (another execution ran the same expense): Procountor ledger receipts ${d.survivor} and ${mine}. ${d.survivor} is the one to keep, but ${mine} could not be invalidated (${cleanText(problem, 200)}). Invalidate ledger receipt ${mine} in Procountor; ${d.survivor} stays.`,
			});
		}
	}
	const item = p.posted.item;
	try {
		const survivor = read.survivors.get(d.survivor);
		if (survivor && !p.input.receipts.length) {
			const on = { receipt: survivor, have: new Set<string>(), reused: true };
			return await attachReceipts(
				run,
				item,
				{ ...on, receiptsVerified: true, duplicateInvalidated: mine },
				[],
			);
		}
		if (survivor) return await completeReceipts(run, item, survivor, mine);
		if (read.survivorsError) throw read.survivorsError;
		const one = (await getReceipts(run.client, [d.survivor])).get(d.survivor);
		if (!one) throw new Error(`ledger receipt ${d.survivor} could not be read`);
		return await completeReceipts(run, item, one, mine);
	} catch (error) {
		if (!isProcountorError(error) && !(error instanceof Error))
			throw toNodeError(run.ctx, error, p.input.index);
		return failed(p.input, {
			failureReasonType: 'accounting_system_validation_failure',
			failureReason: `${what} was posted twice at the same time (another execution ran the same expense); the second journal (ledger receipt ${mine}) was invalidated and ledger receipt ${d.survivor} stays, but it could not be read (${cleanText(describeHttpFailure(error).message, 200)}). Export the expense again: it reuses ${d.survivor}.`,
		});
	}
}

function withVerifyError(p: Mine, verifyError: string): ItemPhase {
	if (p.phase === 'exported') return { ...p, verifyError };
	return p.journal ? { ...p, journal: { ...p.journal, verifyError } } : p;
}

/**
 * One search (all pages) over the receipt dates of every journal this execution posted, and the
 * decision per tag. Throws what the search throws.
 */
async function searchAndDecide(
	client: ProcountorClient,
	posted: PostedJournal[],
): Promise<Map<string, SurvivorDecision>> {
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

/** Approves each exported journal (after the verification); a failure is reported, not fatal. */
export async function approveAll(run: ExportRun, phases: ItemPhase[]): Promise<ItemPhase[]> {
	const out = [...phases];
	const todo = phases.flatMap((p, i) =>
		p.phase === 'exported' && !p.approved && p.duplicateInvalidated === undefined ? [{ i, p }] : [],
	);
	// a call waiting for its retry gives its place to another expense
	const width = { concurrency: run.opts.concurrency, parking: run.client };
	await runPool(todo, width, async ({ i, p }) => {
		try {
			const r = await run.client.request<IDataObject>(
				'PUT',
				`/ledgerreceipts/${p.receipt.id}/approve`,
				{ retry: 'never' },
			);
			out[i] = { ...p, approved: r.status === undefined || r.status === 'APPROVED' };
		} catch (error) {
			const f = describeHttpFailure(error);
			out[i] = {
				...p,
				approvalError: `The journal was exported but could not be approved (${cleanText(f.message, 200)}); approve it in Procountor.`,
			};
		}
	});
	return out;
}
