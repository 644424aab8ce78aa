// An item's receipt files: planning their names, downloading Pleo's pre-signed URLs
// (no credentials: the URL itself is the authorisation) or reading input binary fields, and the
// 10,000,000-byte Procountor limit. Everything is checked before a journal is posted.
import type { IBinaryData, IExecuteFunctions } from 'n8n-workflow';
import { cleanText } from '../../../core';
import type { PleoExportItem } from '../../../core';

export const ATTACHMENT_MAX_BYTES = 10_000_000;

const EXT_BY_MIME: Record<string, string> = {
	'image/jpeg': 'jpg',
	'image/jpg': 'jpg',
	'image/pjpeg': 'jpg',
	'image/png': 'png',
	'image/gif': 'gif',
	'image/webp': 'webp',
	'image/heic': 'heic',
	'image/heif': 'heif',
	'image/tiff': 'tiff',
	'image/bmp': 'bmp',
	'application/pdf': 'pdf',
	'text/plain': 'txt',
	'application/xml': 'xml',
	'text/xml': 'xml',
};

const MIME_BY_EXT: Record<string, string> = {
	jpg: 'image/jpeg',
	jpeg: 'image/jpeg',
	png: 'image/png',
	gif: 'image/gif',
	webp: 'image/webp',
	heic: 'image/heic',
	heif: 'image/heif',
	tif: 'image/tiff',
	tiff: 'image/tiff',
	bmp: 'image/bmp',
	pdf: 'application/pdf',
	txt: 'text/plain',
	xml: 'application/xml',
};

/** A receipt of an item before its bytes are known. */
export interface PlannedReceipt {
	/** 1-based position among the item's receipts */
	n: number;
	name: string;
	mimeType: string;
	source:
		| { kind: 'url'; url: string; declaredSize?: number }
		| { kind: 'binary'; property: string; binary: IBinaryData };
}

export interface LoadedReceipt extends PlannedReceipt {
	data: Buffer;
}

export type ReceiptProblem = {
	failureReasonType: 'receipt_download_failure' | 'receipt_file_size_limit_exceeded';
	failureReason: string;
};

export function extensionFromUrl(url: string): string | undefined {
	let path = '';
	try {
		path = new URL(url).pathname;
	} catch {
		return undefined;
	}
	const m = /\.([A-Za-z0-9]{2,5})$/.exec(path);
	const ext = m?.[1].toLowerCase();
	return ext && MIME_BY_EXT[ext] ? (ext === 'jpeg' ? 'jpg' : ext) : undefined;
}

export function extensionFromMime(mime: unknown): string | undefined {
	if (typeof mime !== 'string') return undefined;
	return EXT_BY_MIME[mime.split(';')[0].trim().toLowerCase()];
}

export function mimeFromExtension(ext: string): string {
	return MIME_BY_EXT[ext.toLowerCase()] ?? 'application/octet-stream';
}

/** First block of the accounting entry id ("8f3c21ab-…" → "8f3c21ab"), safe for a file name. */
export function shortEntryId(accountingEntryId: unknown): string {
	const s = typeof accountingEntryId === 'string' ? accountingEntryId : '';
	const head = s.split('-')[0].replace(/[^A-Za-z0-9]/g, '');
	return (head || s.replace(/[^A-Za-z0-9]/g, '')).slice(0, 12) || 'receipt';
}

/** `<short id>-<n>.<ext>`: deterministic, so a later run can tell which receipts are attached. */
export function receiptFileName(accountingEntryId: unknown, n: number, ext: string): string {
	return `${shortEntryId(accountingEntryId)}-${n}.${ext}`;
}

function binaryName(binary: IBinaryData, fallback: string): { name: string; mimeType: string } {
	const raw = cleanText(binary.fileName ?? '', 200).replace(/[\\/]/g, '_');
	const extOfName = /\.([A-Za-z0-9]{2,5})$/.exec(raw)?.[1]?.toLowerCase();
	if (raw && extOfName) {
		return { name: raw, mimeType: binary.mimeType || mimeFromExtension(extOfName) };
	}
	const ext = extensionFromMime(binary.mimeType) ?? (binary.fileExtension || 'bin').toLowerCase();
	return { name: `${fallback}.${ext}`, mimeType: binary.mimeType || mimeFromExtension(ext) };
}

/**
 * The receipts an item carries: Pleo file URLs (`files[]`) or the binary fields of the input item
 * (all of them, or the named ones). Names are `<short entry id>-<n>.<ext>` for URL files and the
 * binary file name for binary fields.
 */
export function planReceipts(
	item: PleoExportItem,
	binary: Record<string, IBinaryData> | undefined,
	opts: { receiptsFrom: 'pleoUrls' | 'binary'; binaryProperties: readonly string[] },
): PlannedReceipt[] {
	const out: PlannedReceipt[] = [];
	if (opts.receiptsFrom === 'binary') {
		const names = opts.binaryProperties.length ? opts.binaryProperties : Object.keys(binary ?? {});
		for (const property of names) {
			const b = binary?.[property];
			if (!b) continue;
			const n = out.length + 1;
			const { name, mimeType } = binaryName(b, `${shortEntryId(item.accountingEntryId)}-${n}`);
			out.push({ n, name, mimeType, source: { kind: 'binary', property, binary: b } });
		}
		return out;
	}
	const files = Array.isArray(item.files) ? item.files : [];
	for (const f of files) {
		if (!f || typeof f.url !== 'string' || !f.url) continue;
		const n = out.length + 1;
		const ext = extensionFromUrl(f.url) ?? extensionFromMime(f.type) ?? 'pdf';
		const mimeType = typeof f.type === 'string' && f.type ? f.type : mimeFromExtension(ext);
		const declaredSize = typeof f.size === 'number' && Number.isFinite(f.size) ? f.size : undefined;
		out.push({
			n,
			name: receiptFileName(item.accountingEntryId, n, ext),
			mimeType,
			source: { kind: 'url', url: f.url, declaredSize },
		});
	}
	return out;
}

function tooBig(what: string, r: PlannedReceipt, size: number): ReceiptProblem {
	return {
		failureReasonType: 'receipt_file_size_limit_exceeded',
		failureReason: `${what} was not exported: its receipt ${r.n} (${r.name}) is ${size.toLocaleString('en-US')} bytes, above Procountor's limit of 10,000,000 bytes per attachment. Replace the receipt in Pleo with a smaller file (e.g. a compressed PDF or a photo) and export again.`,
	};
}

/** The declared size check, done before anything is downloaded or posted. */
export function checkDeclaredSizes(
	what: string,
	receipts: readonly PlannedReceipt[],
): ReceiptProblem | undefined {
	for (const r of receipts) {
		const size = r.source.kind === 'url' ? r.source.declaredSize : undefined;
		if (size !== undefined && size > ATTACHMENT_MAX_BYTES) return tooBig(what, r, size);
	}
	return undefined;
}

/** How many redirects a receipt download follows (the usual HTTP client limit). */
const MAX_REDIRECTS = 5;

/**
 * Downloads a pre-signed Pleo file URL. Uses the plain httpRequest helper on purpose: the URL
 * carries its own signature and must not get Procountor or Pleo credentials attached.
 * Redirects are followed here rather than by n8n's HTTP client: its redirect-following wrapper
 * keeps a copy of every request and answer for a replay, which the export pays on every receipt.
 */
export async function downloadReceipt(ctx: IExecuteFunctions, url: string): Promise<Buffer> {
	let target = url;
	for (let redirects = 0; ; redirects++) {
		const response = (await ctx.helpers.httpRequest({
			method: 'GET',
			url: target,
			encoding: 'arraybuffer',
			returnFullResponse: true,
			timeout: 120000,
			disableFollowRedirect: true,
			ignoreHttpStatusErrors: true,
		})) as { body?: unknown; statusCode?: number; headers?: Record<string, unknown> };
		const status = Number(response?.statusCode ?? 200);
		const location = response?.headers?.location;
		if (status >= 300 && status < 400 && typeof location === 'string' && location) {
			if (redirects >= MAX_REDIRECTS) throw new Error('Maximum number of redirects exceeded');
			target = new URL(location, target).toString();
			continue;
		}
		if (status < 200 || status >= 300) throw new Error(`Request failed with status code ${status}`);
		return bodyBytes(response?.body);
	}
}

function bodyBytes(body: unknown): Buffer {
	if (Buffer.isBuffer(body)) return body;
	if (body instanceof ArrayBuffer) return Buffer.from(new Uint8Array(body));
	if (ArrayBuffer.isView(body)) return Buffer.from(body.buffer, body.byteOffset, body.byteLength);
	if (typeof body === 'string') return Buffer.from(body, 'binary');
	throw new Error('the download returned no file content');
}

/** Loads every planned receipt (in order) or says why the item cannot be exported. */
export async function loadReceipts(
	ctx: IExecuteFunctions,
	input: { index: number; what: string },
	receipts: readonly PlannedReceipt[],
): Promise<{ ok: true; receipts: LoadedReceipt[] } | { ok: false; problem: ReceiptProblem }> {
	const { index: itemIndex, what } = input;
	const declared = checkDeclaredSizes(what, receipts);
	if (declared) return { ok: false, problem: declared };
	const loaded: LoadedReceipt[] = [];
	for (const r of receipts) {
		let data: Buffer;
		try {
			data =
				r.source.kind === 'url'
					? await downloadReceipt(ctx, r.source.url)
					: await ctx.helpers.getBinaryDataBuffer(itemIndex, r.source.property);
		} catch (error) {
			const detail = cleanText((error as Error)?.message ?? String(error), 200);
			return {
				ok: false,
				problem: {
					failureReasonType: 'receipt_download_failure',
					failureReason:
						r.source.kind === 'url'
							? `${what} was not exported: its receipt ${r.n} could not be downloaded from Pleo (${detail}). Pleo's file links are valid for 24 hours: start the export again from Pleo so the links are fresh.`
							: `${what} was not exported: its receipt in the binary field '${r.source.property}' could not be read (${detail}). Check the step that adds the receipt files.`,
				},
			};
		}
		if (data.length > ATTACHMENT_MAX_BYTES)
			return { ok: false, problem: tooBig(what, r, data.length) };
		if (data.length === 0) {
			return {
				ok: false,
				problem: {
					failureReasonType: 'receipt_download_failure',
					failureReason: `${what} was not exported: its receipt ${r.n} (${r.name}) is empty. Re-upload the receipt in Pleo and export again.`,
				},
			};
		}
		loaded.push({ ...r, data });
	}
	return { ok: true, receipts: loaded };
}
