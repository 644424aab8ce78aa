// Export Expense's per-item work: posting a journal exactly once, attaching its receipts and
// building the result item for Pleo's Report Results. The operation file
// (actions/pleoExport/exportExpense.operation.ts) reads the options (helpers/exportState.ts) and
// the reference data, builds the journals and runs this exporter over a small pool, then verify() and approve().
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { sleep } from 'n8n-workflow';
import { cleanText } from '../core';
import { AttachmentFinder } from './exportAttachments';
import { describeHttpFailure, type ProcountorClient } from '../transport';
import { failureFromError, isAmbiguous, type ExportFailure } from './exportFailures';
import {
	findJournalByTag,
	getReceipts,
	type FullReceipt,
	type TagIndex,
} from './exportIdempotency';
import { loadReceipts, type LoadedReceipt } from './exportReceipts';
import { runPool } from './exportPool';
import { invalidateJournal, verifyPosted } from './exportVerify';
import { toNodeError } from '../../shared/perItem';
import {
	entryId,
	failed,
	isProcountorError,
	movedDate,
	type ExportOptions,
	type ItemState,
} from './exportState';

const MAX_POST_ATTEMPTS = 3;
const MAX_UPLOAD_ATTEMPTS = 3;

function externalUrl(template: string, r: FullReceipt): string | undefined {
	if (!template) return undefined;
	return template
		.replace(/\{id\}|\{ID\}|\{ledgerReceiptId\}/g, String(r.id))
		.replace(/\{invoiceI[dD]\}/g, String(r.invoiceId ?? ''))
		.replace(/\{receiptNumber\}/g, String(r.receiptNumber ?? ''));
}

function fullFrom(r: IDataObject): FullReceipt {
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

/**
 * Exports one item whose journal is built: reuses a journal that already carries the item's
 * idempotency tag (attaching only the receipts it lacks, see AttachmentFinder), or loads the
 * receipts, posts the journal (searching before any re-post after an ambiguous failure) and
 * attaches them. After the pool, verify() checks once for a second journal of the same expenses
 * (post, then verify) and approve() approves. Every Procountor problem becomes a failure result.
 */
export class Exporter {
	constructor(
		private readonly ctx: IExecuteFunctions,
		private readonly client: ProcountorClient,
		private readonly opts: ExportOptions,
		private readonly index: TagIndex,
		private readonly fetched: Map<number, FullReceipt>,
		private readonly fetchError: unknown,
		private readonly finder: AttachmentFinder,
	) {}

	async exportItem(st: ItemState): Promise<IDataObject> {
		try {
			const existing = this.index.get(st.built!.tag);
			if (existing) return await this.reuse(st, existing.id);
			return await this.postNew(st);
		} catch (error) {
			if (!isProcountorError(error)) throw toNodeError(this.ctx, error, st.index);
			return failed(
				st,
				failureFromError(error, st.what, 'export the journal', st.built?.journal.receiptDate),
			);
		}
	}

	private async postNew(st: ItemState): Promise<IDataObject> {
		const built = st.built!;
		const loaded = await loadReceipts(this.ctx, st.index, st.what, st.receipts);
		if (!loaded.ok) return failed(st, loaded.problem);

		const posted = await this.postJournal(st);
		if (!posted.ok) return failed(st, posted.failure);
		const receipt = posted.receipt;
		this.index.set(built.tag, receipt);
		st.posted = { tag: built.tag, id: receipt.id, receiptDate: built.journal.receiptDate };
		const have = new Set((receipt.attachments ?? []).map((a) => String(a.name ?? '')));
		return await this.finish(st, receipt, loaded.receipts, have, posted.recovered, true);
	}

	private async reuse(st: ItemState, id: number): Promise<IDataObject> {
		let receipt: FullReceipt = { ...(this.index.get(st.built!.tag) as FullReceipt) };
		if (!st.receipts.length) return await this.finish(st, receipt, [], new Set(), true, true);
		let full = this.fetched.get(id);
		if (!full && this.fetchError) throw toNodeError(this.ctx, this.fetchError, st.index);
		if (!full) full = (await getReceipts(this.client, [id])).get(id);
		if (full) receipt = full;
		return await this.completeReceipts(st, receipt, { reused: true });
	}

	/**
	 * Attaches the item's receipts that a journal which already exists does not carry (decided by
	 * the AttachmentFinder) and builds the result on that journal.
	 */
	private async completeReceipts(
		st: ItemState,
		receipt: FullReceipt,
		extra: { reused: boolean; duplicateInvalidated?: number },
	): Promise<IDataObject> {
		const names = st.receipts.map((r) => r.name);
		const known = await this.finder.attached(receipt, names);
		const missing = st.receipts.filter((r) => !known.names.has(r.name));
		let loadedReceipts: LoadedReceipt[] = [];
		if (missing.length) {
			const loaded = await loadReceipts(this.ctx, st.index, st.what, missing);
			if (!loaded.ok) {
				return failed(st, loaded.problem, {
					procountor: { ledgerReceiptId: receipt.id, ...extra },
				});
			}
			loadedReceipts = loaded.receipts;
		}
		return await this.finish(st, receipt, loadedReceipts, known.names, true, known.verified, extra);
	}

	/** Attaches what is missing and builds the success result (approval comes after verify). */
	private async finish(
		st: ItemState,
		receipt: FullReceipt,
		toAttach: LoadedReceipt[],
		have: Set<string>,
		reused: boolean,
		receiptsVerified: boolean,
		extra: IDataObject = {},
	): Promise<IDataObject> {
		const built = st.built!;
		const attachments = st.receipts.filter((r) => have.has(r.name)).map((r) => r.name);
		for (const r of toAttach) {
			if (have.has(r.name)) continue;
			const problem = await this.attach(receipt, r);
			if (problem) {
				return failed(
					st,
					{
						failureReasonType: 'receipt_upload_failure',
						failureReason: `${st.what}: the journal ${receipt.receiptNumber ?? ''} (Procountor ledger receipt ${receipt.id}) was ${reused ? 'found' : 'created'} in Procountor, but its receipt ${r.name} could not be attached: ${problem}. Export the expense again: the journal is reused and only the missing receipt is attached.`,
					},
					{
						procountor: {
							ledgerReceiptId: receipt.id,
							invoiceId: receipt.invoiceId ?? null,
							attachments,
							reused,
							...extra,
						},
					},
				);
			}
			have.add(r.name);
			attachments.push(r.name);
		}
		st.receipt = receipt;
		const url = externalUrl(this.opts.externalUrlTemplate, receipt);
		return {
			accountingEntryId: entryId(st.item),
			status: 'successful',
			externalId: String(receipt.id),
			...(url ? { externalUrl: url } : {}),
			exportedAt: new Date().toISOString(),
			jobId: st.item.jobId ?? null,
			procountor: {
				ledgerReceiptId: receipt.id,
				invoiceId: receipt.invoiceId ?? null,
				receiptNumber: receipt.receiptNumber ?? null,
				name: receipt.name || built.journal.name,
				receiptDate: receipt.receiptDate ?? built.journal.receiptDate,
				attachments,
				receiptsVerified,
				...(receiptsVerified ? {} : { receiptsNote: this.unverifiedNote() }),
				reused,
				reconciled: built.needsReconciliation,
				approved: receipt.status === 'APPROVED',
				...movedDate(st),
				...(built.skippedTags.length ? { skippedTags: built.skippedTags } : {}),
				...extra,
			},
		};
	}

	private unverifiedNote(): string {
		return `Procountor showed neither the journal's attachments nor an attachment search${this.finder.problem ? ` (${this.finder.problem})` : ''}, so the receipts were uploaded again; the journal may show a receipt twice.`;
	}

	/**
	 * Post, then verify: one search for the journals of every expense this execution posted. Where
	 * a lower valid journal exists, ours is invalidated and the survivor becomes the result (with
	 * the item's receipts attached to it when it lacks them).
	 */
	async verify(posted: ItemState[]): Promise<void> {
		if (!posted.length) return;
		let decisions;
		try {
			decisions = await verifyPosted(
				this.client,
				posted.map((s) => s.posted!),
			);
		} catch (error) {
			if (!isProcountorError(error)) throw toNodeError(this.ctx, error, posted[0].index);
			const f = describeHttpFailure(error);
			for (const st of posted) {
				const p = st.result?.procountor as IDataObject | undefined;
				if (p)
					p.verifyError = `The check for a second journal of this expense (another execution at the same time) could not run: ${cleanText(f.message, 200)}. The next export of the expense reuses the oldest valid journal.`;
			}
			return;
		}
		const losers = posted.filter((s) => decisions.get(s.posted!.tag)?.kind === 'yield');
		let survivors = new Map<number, FullReceipt>();
		let survivorsError: unknown;
		if (losers.length) {
			try {
				survivors = await getReceipts(
					this.client,
					losers.map((s) => (decisions.get(s.posted!.tag) as { survivor: number }).survivor),
				);
			} catch (error) {
				if (!isProcountorError(error)) throw toNodeError(this.ctx, error, losers[0].index);
				survivorsError = error;
			}
			await this.finder.prefetch(
				losers.flatMap((s) => {
					const d = decisions.get(s.posted!.tag) as { survivor: number };
					const r = survivors.get(d.survivor);
					return r && s.receipts.length
						? [{ receipt: r, names: s.receipts.map((x) => x.name) }]
						: [];
				}),
			);
		}
		await runPool(posted, this.opts.concurrency, async (st) => {
			const d = decisions.get(st.posted!.tag);
			if (!d || d.kind === 'keep') return;
			const mine = st.posted!.id;
			if (d.kind === 'gone') {
				st.receipt = undefined;
				st.result = failed(st, {
					failureReasonType: 'accounting_system_validation_failure',
					failureReason: `${st.what}: its journal (Procountor ledger receipt ${mine}) was invalidated in Procountor while this export ran, and no other valid journal of the expense exists. Export the expense again.`,
				});
				return;
			}
			if (!d.mineInvalidated) {
				const problem = await invalidateJournal(this.client, mine);
				if (problem) {
					st.receipt = undefined;
					st.result = failed(st, {
						failureReasonType: 'accounting_system_validation_failure',
						failureReason: `${st.what} was posted twice at the same time (another execution ran the same expense): Procountor ledger receipts ${d.survivor} and ${mine}. ${d.survivor} is the one to keep, but ${mine} could not be invalidated (${cleanText(problem, 200)}). Invalidate ledger receipt ${mine} in Procountor; ${d.survivor} stays.`,
					});
					return;
				}
			}
			this.index.set(st.posted!.tag, { id: d.survivor, name: st.built!.journal.name });
			const survivor = survivors.get(d.survivor);
			const extra = { reused: true, duplicateInvalidated: mine };
			try {
				if (!survivor) {
					if (survivorsError) throw survivorsError;
					const one = (await getReceipts(this.client, [d.survivor])).get(d.survivor);
					if (!one) throw new Error(`ledger receipt ${d.survivor} could not be read`);
					st.result = await this.completeReceipts(st, one, extra);
				} else {
					st.result = st.receipts.length
						? await this.completeReceipts(st, survivor, extra)
						: await this.finish(st, survivor, [], new Set(), true, true, extra);
				}
			} catch (error) {
				if (!isProcountorError(error) && !(error instanceof Error))
					throw toNodeError(this.ctx, error, st.index);
				st.receipt = undefined;
				st.result = failed(st, {
					failureReasonType: 'accounting_system_validation_failure',
					failureReason: `${st.what} was posted twice at the same time (another execution ran the same expense); the second journal (ledger receipt ${mine}) was invalidated and ledger receipt ${d.survivor} stays, but it could not be read (${cleanText(describeHttpFailure(error).message, 200)}). Export the expense again: it reuses ${d.survivor}.`,
				});
			}
		});
	}

	/** Approves the result's journal (after the verification); a failure is reported, not fatal. */
	async approve(st: ItemState): Promise<void> {
		const receipt = st.receipt;
		const p = st.result?.procountor as IDataObject | undefined;
		if (!receipt || !p || p.approved === true || p.duplicateInvalidated !== undefined) return;
		try {
			const r = await this.client.request<IDataObject>(
				'PUT',
				`/ledgerreceipts/${receipt.id}/approve`,
				{ retry: 'never' },
			);
			p.approved = r.status === undefined || r.status === 'APPROVED';
		} catch (error) {
			const f = describeHttpFailure(error);
			p.approvalError = `The journal was exported but could not be approved (${cleanText(f.message, 200)}); approve it in Procountor.`;
		}
	}

	/**
	 * Uploads one receipt. After an ambiguous failure (no answer, 5xx) it first checks whether the
	 * file landed on the journal, then tries again (at most MAX_UPLOAD_ATTEMPTS uploads in all).
	 */
	private async attach(receipt: FullReceipt, r: LoadedReceipt): Promise<string | undefined> {
		if (!receipt.invoiceId)
			return 'Procountor did not return the invoice the journal attachments belong to';
		const upload = () =>
			this.client.uploadAttachment(
				{
					name: r.name,
					referenceType: 'INVOICE',
					referenceId: receipt.invoiceId as number,
					sendWithInvoice: false,
				},
				r.data,
				r.mimeType,
			);
		for (let attempt = 1; ; attempt++) {
			try {
				await upload();
				this.finder.forget(receipt.invoiceId);
				return undefined;
			} catch (error) {
				const f = describeHttpFailure(error);
				if (!isAmbiguous(f) || attempt >= MAX_UPLOAD_ATTEMPTS) return cleanText(f.message, 300);
				try {
					await sleep(200 * attempt);
					this.finder.forget(receipt.invoiceId);
					const now = (await getReceipts(this.client, [receipt.id])).get(receipt.id);
					if (now && (await this.finder.attached(now, [r.name])).names.has(r.name))
						return undefined;
				} catch (checkError) {
					// cannot tell whether it landed: a second copy of a receipt is harmless, a missing one is not
					if (!isProcountorError(checkError))
						return cleanText(describeHttpFailure(checkError).message, 300);
				}
			}
		}
	}

	/** POST /ledgerreceipts; after an ambiguous failure, search before re-posting (bounded). */
	private async postJournal(
		st: ItemState,
	): Promise<
		{ ok: true; receipt: FullReceipt; recovered: boolean } | { ok: false; failure: ExportFailure }
	> {
		const built = st.built!;
		const date = built.journal.receiptDate;
		const qs = built.needsReconciliation ? { createReconciliation: 'true' } : undefined;
		for (let attempt = 1; ; attempt++) {
			try {
				const r = await this.client.request<IDataObject>('POST', '/ledgerreceipts', {
					qs,
					body: built.journal,
					retry: 'never',
				});
				return { ok: true, receipt: fullFrom(r), recovered: false };
			} catch (error) {
				const f = describeHttpFailure(error);
				if (!isProcountorError(error) && f.status === undefined && !f.network)
					throw toNodeError(this.ctx, error, st.index);
				if (!isAmbiguous(f))
					return { ok: false, failure: failureFromError(error, st.what, 'post the journal', date) };
				// the journal may have been committed: look before posting again
				let found;
				try {
					await sleep(200 * attempt);
					found = await findJournalByTag(this.client, built.tag, date);
					if (found) {
						const full = (await getReceipts(this.client, [found.id])).get(found.id);
						return { ok: true, receipt: full ?? { ...found }, recovered: true };
					}
				} catch {
					// cannot tell whether it was committed: do not risk a duplicate
					return { ok: false, failure: failureFromError(error, st.what, 'post the journal', date) };
				}
				if (attempt >= MAX_POST_ATTEMPTS) {
					return { ok: false, failure: failureFromError(error, st.what, 'post the journal', date) };
				}
			}
		}
	}
}
