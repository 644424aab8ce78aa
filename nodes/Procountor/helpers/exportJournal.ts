// Export Expense's per-item work: posting a journal exactly once, attaching its receipts and
// building the result item for Pleo's Report Results. The operation file
// (actions/pleoExport/exportExpense.operation.ts) reads the options and reference data, builds
// the journals and runs this exporter over a small pool.
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { sleep } from 'n8n-workflow';
import { cleanText, isObject, type JournalOk, type PleoExportItem } from '../core';
import { describeHttpFailure, ProcountorApiError, type ProcountorClient } from '../transport';
import { failureFromError, isAmbiguous, type ExportFailure } from './exportFailures';
import {
	findJournalByTag,
	getReceipts,
	type FullReceipt,
	type TagIndex,
} from './exportIdempotency';
import { loadReceipts, type LoadedReceipt, type PlannedReceipt } from './exportReceipts';
import { toNodeError } from './perItem';

export interface ExportOptions {
	approve: boolean;
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
	result?: IDataObject;
}

const MAX_POST_ATTEMPTS = 3;
const MAX_UPLOAD_ATTEMPTS = 3;

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
 * idempotency tag (attaching only the receipts it lacks), or loads the receipts, posts the
 * journal (searching before any re-post after an ambiguous failure) and attaches them; then
 * approves it if asked. Every Procountor problem becomes a failure result, never a throw.
 */
export class Exporter {
	constructor(
		private readonly ctx: IExecuteFunctions,
		private readonly client: ProcountorClient,
		private readonly opts: ExportOptions,
		private readonly index: TagIndex,
		private readonly fetched: Map<number, FullReceipt>,
		private readonly fetchError: unknown,
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
		const have = new Set((receipt.attachments ?? []).map((a) => String(a.name ?? '')));
		return await this.finish(st, receipt, loaded.receipts, have, posted.recovered);
	}

	private async reuse(st: ItemState, id: number): Promise<IDataObject> {
		let receipt: FullReceipt = { ...(this.index.get(st.built!.tag) as FullReceipt) };
		let loadedReceipts: LoadedReceipt[] = [];
		let have = new Set<string>();
		if (st.receipts.length) {
			let full = this.fetched.get(id);
			if (!full && this.fetchError) throw toNodeError(this.ctx, this.fetchError, st.index);
			if (!full) full = (await getReceipts(this.client, [id])).get(id);
			if (full) receipt = full;
			have = new Set((receipt.attachments ?? []).map((a) => String(a.name ?? '')));
			const missing = st.receipts.filter((r) => !have.has(r.name));
			if (missing.length) {
				const loaded = await loadReceipts(this.ctx, st.index, st.what, missing);
				if (!loaded.ok)
					return failed(st, loaded.problem, { procountor: { ledgerReceiptId: id, reused: true } });
				loadedReceipts = loaded.receipts;
			}
		}
		return await this.finish(st, receipt, loadedReceipts, have, true);
	}

	/** Attaches what is missing, approves if asked, and builds the success result. */
	private async finish(
		st: ItemState,
		receipt: FullReceipt,
		toAttach: LoadedReceipt[],
		have: Set<string>,
		reused: boolean,
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
						},
					},
				);
			}
			have.add(r.name);
			attachments.push(r.name);
		}

		let approved = receipt.status === 'APPROVED';
		let approvalError: string | undefined;
		if (this.opts.approve && !approved) {
			try {
				const r = await this.client.request<IDataObject>(
					'PUT',
					`/ledgerreceipts/${receipt.id}/approve`,
					{ retry: 'never' },
				);
				approved = r.status === undefined || r.status === 'APPROVED';
			} catch (error) {
				const f = describeHttpFailure(error);
				approvalError = `The journal was exported but could not be approved (${cleanText(f.message, 200)}); approve it in Procountor.`;
			}
		}

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
				reused,
				reconciled: built.needsReconciliation,
				approved,
				...(approvalError ? { approvalError } : {}),
				...(built.skippedTags.length ? { skippedTags: built.skippedTags } : {}),
			},
		};
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
				return undefined;
			} catch (error) {
				const f = describeHttpFailure(error);
				if (!isAmbiguous(f) || attempt >= MAX_UPLOAD_ATTEMPTS) return cleanText(f.message, 300);
				try {
					await sleep(200 * attempt);
					const now = (await getReceipts(this.client, [receipt.id])).get(receipt.id);
					if (now?.attachments?.some((a) => a.name === r.name)) return undefined;
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
