// One item into Procountor, exactly once: reuse the journal that already carries its idempotency
// tag (attaching only the receipts it lacks), or load the receipts (size-checked before anything
// is posted), build the journal, POST it (searching before any re-post after an ambiguous
// failure) and attach the receipts. exportAll runs it over a small pool; the same expense twice
// in one execution waits for its first copy and then reuses that journal.
import type { IDataObject } from 'n8n-workflow';
import type { JournalOk } from '../../../core';
import { runPool } from '../../../helpers/pool';
import { toNodeError } from '../../../../shared/perItem';
import { describeHttpFailure } from '../../../transport';
import { attachReceipts, completeReceipts } from './attach';
import type { ExportRun } from './context';
import {
	findJournalByTag,
	getReceipts,
	postedReceipt,
	type FullReceipt,
	type ReceiptInfo,
} from './existing';
import {
	failureFromError,
	isAmbiguous,
	isProcountorError,
	type ExportFailureReason,
} from './failures';
import { journalFor } from './journals';
import { failed, type Checked, type Exported, type Failed, type ItemPhase } from './phases';
import { loadReceipts } from './receipts';

const MAX_POST_ATTEMPTS = 3;

/** Exports every checked item, `concurrency` at a time; the other phases pass through. */
export async function exportAll(
	run: ExportRun,
	phases: readonly ItemPhase[],
): Promise<ItemPhase[]> {
	const out = [...phases];
	const inflight = new Map<string, Promise<void>>();
	const todo = phases.flatMap((p, i) => (p.phase === 'checked' ? [{ i, c: p }] : []));
	// a call waiting for its retry gives its place to another expense
	await runPool(
		todo,
		{ concurrency: run.opts.concurrency, parking: run.client },
		async ({ i, c }) => {
			const tag = c.journal.tag;
			const before = inflight.get(tag);
			const job = (async () => {
				if (before) await before.catch(() => undefined); // same expense twice in one run
				out[i] = await exportItem(run, c);
			})();
			inflight.set(tag, job);
			await job;
			if (inflight.get(tag) === job) inflight.delete(tag);
		},
	);
	return out;
}

/** Every Procountor problem becomes a failed item; anything else stops the node. */
export async function exportItem(run: ExportRun, c: Checked): Promise<Exported | Failed> {
	try {
		const existing = run.existing.index.get(c.journal.tag);
		if (existing) return await reuse(run, c, existing);

		const loaded = await loadReceipts(run.ctx, c.input, c.input.receipts);
		if (!loaded.ok) return failed(c.input, loaded.problem);
		const posted = await postJournal(run, c, journalFor(run.context, c));
		if (!posted.ok) return failed(c.input, posted.failure);

		const receipt = posted.receipt;
		run.existing.index.set(c.journal.tag, receipt);
		const mine = {
			tag: c.journal.tag,
			id: receipt.id,
			receiptDate: c.journal.receiptDate,
			item: c,
		};
		const have = new Set((receipt.attachments ?? []).map((a) => String(a.name ?? '')));
		const on = { receipt, have, reused: posted.recovered, receiptsVerified: true, posted: mine };
		return await attachReceipts(run, c, on, loaded.receipts);
	} catch (error) {
		if (!isProcountorError(error)) throw toNodeError(run.ctx, error, c.input.index);
		const f = failureFromError(error, c.input.what, 'export the journal', c.journal.receiptDate);
		return failed(c.input, f);
	}
}

/** The journal exists already: complete its receipts (reading it in full where needed). */
async function reuse(
	run: ExportRun,
	c: Checked,
	existing: ReceiptInfo,
): Promise<Exported | Failed> {
	if (!c.input.receipts.length) {
		const on = { receipt: { ...existing }, have: new Set<string>(), reused: true };
		return await attachReceipts(run, c, { ...on, receiptsVerified: true }, []);
	}
	let full: FullReceipt | undefined = run.existing.fetched.get(existing.id);
	if (!full && run.existing.fetchError)
		throw toNodeError(run.ctx, run.existing.fetchError, c.input.index);
	full ??= (await getReceipts(run.client, [existing.id])).get(existing.id);
	return await completeReceipts(run, c, full ?? { ...existing });
}

/** POST /ledgerreceipts; after an ambiguous failure, search before re-posting (bounded). */
async function postJournal(
	run: ExportRun,
	c: Checked,
	built: JournalOk,
): Promise<
	| { ok: true; receipt: FullReceipt; recovered: boolean }
	| { ok: false; failure: ExportFailureReason }
> {
	const date = built.journal.receiptDate;
	const qs = built.needsReconciliation ? { createReconciliation: 'true' } : undefined;
	const failure = (error: unknown) => ({
		ok: false as const,
		failure: failureFromError(error, c.input.what, 'post the journal', date),
	});
	for (let attempt = 1; ; attempt++) {
		try {
			const r = await run.client.request<IDataObject>('POST', '/ledgerreceipts', {
				qs,
				body: built.journal,
				retry: 'never',
			});
			return { ok: true, receipt: postedReceipt(r), recovered: false };
		} catch (error) {
			const f = describeHttpFailure(error);
			if (!isProcountorError(error) && f.status === undefined && !f.network)
				throw toNodeError(run.ctx, error, c.input.index);
			if (!isAmbiguous(f)) return failure(error);
			// the journal may have been committed: look before posting again
			try {
				await run.client.pause(200 * attempt);
				const found = await findJournalByTag(run.client, built.tag, date);
				if (found) {
					const full = (await getReceipts(run.client, [found.id])).get(found.id);
					return { ok: true, receipt: full ?? { ...found }, recovered: true };
				}
			} catch {
				// cannot tell whether it was committed: do not risk a duplicate
				return failure(error);
			}
			if (attempt >= MAX_POST_ATTEMPTS) return failure(error);
		}
	}
}
