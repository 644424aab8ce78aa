// Receipts onto a journal that is in Procountor: attachReceipts uploads what the journal lacks and
// ends the item (exported, or failed with the journal named); completeReceipts first asks which
// receipts a journal that existed already carries (AttachmentFinder) and loads only the missing
// ones. An upload that got no clear answer is checked before it is repeated.
import { sleep } from 'n8n-workflow';
import { cleanText } from '../../../core';
import { describeHttpFailure } from '../../../transport';
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
				await sleep(200 * attempt);
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
