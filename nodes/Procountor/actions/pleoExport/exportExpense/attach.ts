// Receipts onto a journal that is in Procountor: attachReceipts uploads what the journal lacks and
// ends the item (exported, or failed with the journal named); completeReceipts first asks which
// receipts a journal that existed already carries (AttachmentFinder, below) and loads only the
// missing ones. An upload that got no clear answer is checked before it is repeated.
//
// The AttachmentFinder: which receipts a journal that already exists carries. The reference does
// not say whether GET /ledgerreceipts/{id} lists, in `attachments`, the files uploaded to the
// journal's hidden invoice (procountor-api.md §8 q. 11). So, in this order:
//  1. the ledger receipt's `attachments`, when it shows it lists invoice files (one of our own
//     receipt names, or an entry that references the INVOICE);
//  2. else GET /attachments (needs the paid Document management feature, may answer 403): once
//     per execution for all journals that need it where possible (by created date), else per
//     invoice;
//  3. else nobody can tell: attachReceipts uploads again and reports receiptsVerified: false (an
//     accountant would rather see a receipt twice than miss one).
import type { IDataObject } from 'n8n-workflow';
import { cleanText } from '../../../core';
import { describeHttpFailure, type ProcountorClient } from '../../../transport';
import type { ExportRun } from './context';
import { getReceipts, type FullReceipt } from './existing';
import { isAmbiguous, isProcountorError } from './failures';
import { failed, type Exported, type Failed, type PostedJournal, type ToExport } from './phases';
import { loadReceipts, type LoadedReceipt } from './receipts';

const MAX_UPLOAD_ATTEMPTS = 3;

/** The journal an item's receipts go onto, and what is known of it. */
export interface OnJournal {
	receipt: FullReceipt;
	/** names the journal carries already */
	have: Set<string>;
	/** the journal existed already (reused, recovered after an ambiguous POST, or a survivor) */
	reused: boolean;
	/** false when Procountor could not show which receipts the journal carries */
	receiptsVerified: boolean;
	/** this execution's own journal of the expense, invalidated in favour of `receipt` */
	duplicateInvalidated?: number;
	/** this execution posted `receipt` (it is verified after the pool) */
	posted?: PostedJournal;
}

/** Uploads `toAttach` (what `on.have` lacks) and ends the item: exported, or failed naming the journal. */
export async function attachReceipts(
	run: ExportRun,
	item: ToExport,
	on: OnJournal,
	toAttach: readonly LoadedReceipt[],
): Promise<Exported | Failed> {
	const { receipt, have } = on;
	const attachments = item.input.receipts.filter((r) => have.has(r.name)).map((r) => r.name);
	for (const r of toAttach) {
		if (have.has(r.name)) continue;
		const problem = await upload(run, receipt, r);
		if (problem) {
			return failed(
				item.input,
				{
					failureReasonType: 'receipt_upload_failure',
					failureReason: `${item.input.what}: the journal ${receipt.receiptNumber ?? ''} (Procountor ledger receipt ${receipt.id}) was ${on.reused ? 'found' : 'created'} in Procountor, but its receipt ${r.name} could not be attached: ${problem}. Export the expense again: the journal is reused and only the missing receipt is attached.`,
				},
				{
					journal: {
						ledgerReceiptId: receipt.id,
						invoiceId: receipt.invoiceId ?? null,
						attachments,
						reused: on.reused,
						...(on.duplicateInvalidated !== undefined
							? { duplicateInvalidated: on.duplicateInvalidated }
							: {}),
					},
					posted: on.posted,
				},
			);
		}
		have.add(r.name);
		attachments.push(r.name);
	}
	return {
		phase: 'exported',
		input: item.input,
		journal: item.journal,
		moved: item.moved,
		receipt,
		exportedAt: new Date().toISOString(),
		attachments,
		receiptsVerified: on.receiptsVerified,
		receiptsNote: on.receiptsVerified
			? undefined
			: `Procountor showed neither the journal's attachments nor an attachment search${run.finder.problem ? ` (${run.finder.problem})` : ''}, so the receipts were uploaded again; the journal may show a receipt twice.`,
		reused: on.reused,
		approved: receipt.status === 'APPROVED',
		posted: on.posted,
		duplicateInvalidated: on.duplicateInvalidated,
	};
}

/**
 * Attaches the item's receipts that a journal which already exists does not carry (decided by
 * the AttachmentFinder) and ends the item on that journal.
 */
export async function completeReceipts(
	run: ExportRun,
	item: ToExport,
	receipt: FullReceipt,
	duplicateInvalidated?: number,
): Promise<Exported | Failed> {
	const names = item.input.receipts.map((r) => r.name);
	const known = await run.finder.attached(receipt, names);
	const missing = item.input.receipts.filter((r) => !known.names.has(r.name));
	let loaded: LoadedReceipt[] = [];
	if (missing.length) {
		const load = await loadReceipts(run.ctx, item.input, missing);
		if (!load.ok) {
			return failed(item.input, load.problem, {
				journal: {
					ledgerReceiptId: receipt.id,
					reused: true,
					...(duplicateInvalidated !== undefined ? { duplicateInvalidated } : {}),
				},
			});
		}
		loaded = load.receipts;
	}
	const on = {
		receipt,
		have: known.names,
		reused: true,
		receiptsVerified: known.verified,
		duplicateInvalidated,
	};
	return await attachReceipts(run, item, on, loaded);
}

/**
 * Uploads one receipt; undefined when it is on the journal. After an ambiguous failure (no
 * answer, 5xx) it first checks whether the file landed, then tries again (at most
 * MAX_UPLOAD_ATTEMPTS uploads in all).
 */
async function upload(
	run: ExportRun,
	receipt: FullReceipt,
	r: LoadedReceipt,
): Promise<string | undefined> {
	const invoiceId = receipt.invoiceId;
	if (!invoiceId) return 'Procountor did not return the invoice the journal attachments belong to';
	const meta = { name: r.name, referenceType: 'INVOICE', referenceId: invoiceId };
	for (let attempt = 1; ; attempt++) {
		try {
			await run.client.uploadAttachment({ ...meta, sendWithInvoice: false }, r.data, r.mimeType);
			run.finder.forget(invoiceId);
			return undefined;
		} catch (error) {
			const f = describeHttpFailure(error);
			if (!isAmbiguous(f) || attempt >= MAX_UPLOAD_ATTEMPTS) return cleanText(f.message, 300);
			try {
				await run.client.pause(200 * attempt);
				run.finder.forget(invoiceId);
				const now = (await getReceipts(run.client, [receipt.id])).get(receipt.id);
				if (now && (await run.finder.attached(now, [r.name])).names.has(r.name)) return undefined;
			} catch (checkError) {
				// cannot tell whether it landed: a second copy of a receipt is harmless, a missing one is not
				if (!isProcountorError(checkError))
					return cleanText(describeHttpFailure(checkError).message, 300);
			}
		}
	}
}

export interface AttachedReceipts {
	/** names known to be attached */
	names: Set<string>;
	/** false when neither the ledger receipt nor the attachment search could tell */
	verified: boolean;
}

/** What the ledger receipt's own `attachments` field proves, if anything. */
export function fromReceiptField(
	receipt: FullReceipt,
	ours: string[],
): AttachedReceipts | undefined {
	const list = receipt.attachments;
	if (!Array.isArray(list)) return undefined;
	const names = new Set(list.map((a) => String(a?.name ?? '')).filter(Boolean));
	const showsInvoiceFiles =
		ours.some((n) => names.has(n)) ||
		list.some(
			(a) =>
				a?.referenceType === 'INVOICE' &&
				(a.referenceId === undefined || Number(a.referenceId) === receipt.invoiceId),
		);
	return showsInvoiceFiles ? { names, verified: true } : undefined;
}

const SEARCH_PAGE = 200;

/**
 * Per execution: answers "which of these names are attached to that journal", asking the
 * attachment search at most once for all journals given to prefetch().
 */
export class AttachmentFinder {
	private byInvoice = new Map<number, Set<string>>();
	/** true after a 403: the company has no Document management; never asked again */
	private forbidden = false;
	private searchError: string | undefined;

	constructor(private readonly client: ProcountorClient) {}

	/**
	 * Searches the attachments of every journal whose own field cannot tell: one search from the
	 * earliest creation time among them (all pages), or per invoice when that would be more pages
	 * than journals, or when no creation time is known.
	 */
	async prefetch(journals: Array<{ receipt: FullReceipt; names: string[] }>): Promise<void> {
		const need = journals.filter(
			(j) =>
				j.receipt.invoiceId &&
				!this.byInvoice.has(j.receipt.invoiceId) &&
				!fromReceiptField(j.receipt, j.names),
		);
		if (need.length === 0 || this.forbidden) return;
		const invoiceIds = [...new Set(need.map((j) => j.receipt.invoiceId as number))];
		const created = need.map((j) => j.receipt.created).filter((c): c is string => !!c);
		try {
			if (invoiceIds.length > 1 && created.length === need.length) {
				const since = created.sort()[0].slice(0, 19);
				const done = await this.searchSince(since, invoiceIds);
				if (done) return;
			}
			for (const id of invoiceIds) await this.searchInvoice(id);
		} catch (error) {
			this.noteError(error);
		}
	}

	/** The attached names of one journal: its field, else the search, else unverified. */
	async attached(receipt: FullReceipt, ours: string[]): Promise<AttachedReceipts> {
		const field = fromReceiptField(receipt, ours);
		if (field) return field;
		const listed = new Set(
			(receipt.attachments ?? []).map((a) => String(a?.name ?? '')).filter(Boolean),
		);
		const invoiceId = receipt.invoiceId;
		if (!invoiceId) return { names: listed, verified: false };
		if (!this.byInvoice.has(invoiceId) && !this.forbidden) {
			try {
				await this.searchInvoice(invoiceId);
			} catch (error) {
				this.noteError(error);
			}
		}
		const found = this.byInvoice.get(invoiceId);
		if (!found) return { names: listed, verified: false };
		return { names: new Set([...listed, ...found]), verified: true };
	}

	/** Forgets what is known of one invoice (after an upload, so the next check asks again). */
	forget(invoiceId: number | undefined): void {
		if (invoiceId) this.byInvoice.delete(invoiceId);
	}

	/** Why the search could not tell, for the output (403 = no Document management). */
	get problem(): string | undefined {
		return this.searchError;
	}

	private noteError(error: unknown): void {
		const f = describeHttpFailure(error);
		if (f.status === 403) this.forbidden = true;
		this.searchError =
			f.status === 403
				? 'the attachment search answered 403 (it needs Procountor Document management)'
				: `the attachment search failed (${f.status ? `HTTP ${f.status}: ` : ''}${f.message})`;
	}

	private async searchInvoice(invoiceId: number): Promise<void> {
		const rows = await this.client.getAllPages<IDataObject>('/attachments', {
			referenceId: invoiceId,
		});
		const names = new Set<string>();
		for (const r of rows) {
			if (r.referenceType !== undefined && r.referenceType !== 'INVOICE') continue;
			if (r.referenceId !== undefined && Number(r.referenceId) !== invoiceId) continue;
			if (typeof r.name === 'string') names.add(r.name);
		}
		this.byInvoice.set(invoiceId, names);
	}

	/**
	 * One search of every attachment created since `since`; false (nothing recorded) when it
	 * would take more pages than searching each invoice.
	 */
	private async searchSince(since: string, invoiceIds: number[]): Promise<boolean> {
		const wanted = new Set(invoiceIds);
		const found = new Map<number, Set<string>>(invoiceIds.map((id) => [id, new Set<string>()]));
		let previousId: number | undefined;
		for (let pageNo = 0; ; pageNo++) {
			const page = await this.client.request<{ results?: IDataObject[]; meta?: IDataObject }>(
				'GET',
				'/attachments',
				{
					qs: {
						createdStartDate: since,
						size: SEARCH_PAGE,
						orderById: 'ASC',
						...(previousId !== undefined ? { previousId } : {}),
					},
				},
			);
			const results = page.results ?? [];
			const total = Number(page.meta?.totalCount);
			if (
				pageNo === 0 &&
				Number.isFinite(total) &&
				Math.ceil(total / SEARCH_PAGE) > invoiceIds.length
			)
				return false;
			for (const r of results) {
				const ref = Number(r.referenceId);
				if (
					wanted.has(ref) &&
					(r.referenceType ?? 'INVOICE') === 'INVOICE' &&
					typeof r.name === 'string'
				)
					found.get(ref)?.add(r.name);
			}
			if (results.length < SEARCH_PAGE) break;
			previousId = Number(results[results.length - 1].id);
		}
		for (const [id, names] of found) this.byInvoice.set(id, names);
		return true;
	}
}
