// POST /attachments: multipart with a JSON part "meta" and the file (at most 10 MB); the
// file is kept as size and SHA-256 only, and listed on its ledger receipt. GET /attachments
// searches them (403 without Document management, see behaviours.ts).
import { createHash } from 'crypto';
import busboy from 'busboy';
import { fail, HttpError, intParam, ts, type Ctx, type SandboxRuntime } from './context';
import { filterCreated, page } from './search';
import { mediaType, mimeFromName } from './http-util';
import { findReceipt } from './ledger';
import { checkText, err, type FieldError } from './rules';
import type { CompanyState, StoredAttachment } from './types';

export const ATTACHMENT_MAX_BYTES = 10_000_000;

interface ReceivedFile {
	size: number;
	sha256: string;
	truncated: boolean;
}

async function readMultipart(
	ctx: Ctx,
): Promise<{ metaRaw?: string; metaType?: string; file?: ReceivedFile }> {
	let metaRaw: string | undefined;
	let metaType: string | undefined;
	let file: ReceivedFile | undefined;
	let bb: busboy.Busboy;
	try {
		bb = busboy({
			headers: ctx.req.headers,
			limits: { fileSize: ATTACHMENT_MAX_BYTES + 1, files: 3 },
		});
	} catch (e) {
		fail(400, '', 'INVALID_MULTIPART', (e as Error).message);
	}
	await new Promise<void>((resolve, reject) => {
		bb.on('field', (name, value, info) => {
			if (name === 'meta') {
				metaRaw = value;
				metaType = info.mimeType;
			}
		});
		bb.on('file', (name, stream, info) => {
			if (name === 'meta') {
				const chunks: Buffer[] = [];
				metaType = info.mimeType;
				stream.on('data', (c: Buffer) => chunks.push(c));
				stream.on('end', () => (metaRaw = Buffer.concat(chunks).toString('utf8')));
				return;
			}
			if (file) {
				stream.resume();
				return;
			}
			const hash = createHash('sha256');
			const f = { size: 0, sha256: '', truncated: false };
			stream.on('data', (c: Buffer) => {
				f.size += c.length;
				hash.update(c);
			});
			stream.on('limit', () => (f.truncated = true));
			stream.on('end', () => {
				f.sha256 = hash.digest('hex');
				file = f;
			});
		});
		bb.on('close', () => resolve());
		bb.on('error', (e) =>
			reject(new HttpError(400, [err('', 'INVALID_MULTIPART', (e as Error).message)])),
		);
		ctx.req.pipe(bb);
	});
	return { metaRaw, metaType, file };
}

export async function createAttachment(sb: SandboxRuntime, ctx: Ctx, company: CompanyState) {
	if (mediaType(ctx.req) !== 'multipart/form-data') {
		fail(400, '', 'INVALID_CONTENT_TYPE', 'multipart/form-data expected');
	}
	const { metaRaw, metaType, file } = await readMultipart(ctx);
	if (metaRaw === undefined)
		fail(400, 'meta', 'FIELD_REQUIRED', 'multipart part "meta" is missing');
	if (!(metaType ?? '').toLowerCase().startsWith('application/json')) {
		fail(
			400,
			'meta',
			'INVALID_CONTENT_TYPE',
			'part "meta" must have Content-Type application/json',
		);
	}
	let meta: Record<string, unknown>;
	try {
		meta = JSON.parse(metaRaw);
	} catch {
		fail(400, 'meta', 'INVALID_JSON', 'part "meta" is not valid JSON');
	}
	if (!file) fail(400, 'file', 'FIELD_REQUIRED', 'file part is missing');
	if (file.truncated || file.size > ATTACHMENT_MAX_BYTES)
		fail(400, 'file', 'FILE_SIZE_TOO_BIG', 'File size too big (max 10000000 bytes)');
	const errors: FieldError[] = [];
	const name = checkText(errors, 'name', meta.name, 255, true);
	const mimeType = name !== undefined ? mimeFromName(name) : undefined;
	if (name !== undefined && !mimeType) {
		errors.push(
			err(
				'name',
				'INVALID_FILE_EXTENSION',
				'name must end with a known file extension (e.g. .jpg, .png, .pdf)',
			),
		);
	}
	const refType = meta.referenceType;
	if (refType !== 'INVOICE' && refType !== 'LEDGERRECEIPT') {
		errors.push(
			err('referenceType', 'INVALID_VALUE', 'referenceType must be INVOICE or LEDGERRECEIPT'),
		);
	}
	if (typeof meta.referenceId !== 'number' || !Number.isInteger(meta.referenceId)) {
		errors.push(err('referenceId', 'FIELD_REQUIRED', 'referenceId must be an integer'));
	}
	if (errors.length) throw new HttpError(400, errors);
	const refId = meta.referenceId as number;
	const receipt =
		refType === 'INVOICE'
			? company.ledgerReceipts.find((r) => r.invoiceId === refId)
			: findReceipt(company, refId);
	const invoice = refType === 'INVOICE' ? company.invoices.find((i) => i.id === refId) : undefined;
	if (!receipt && !invoice)
		fail(404, 'referenceId', 'NOT_FOUND', `${String(refType)} ${refId} not found`);
	const att: StoredAttachment = {
		id: sb.state.counters.attachmentId++,
		name: name as string,
		referenceType: refType as string,
		referenceId: refId,
		mimeType: mimeType as string,
		sendWithInvoice: meta.sendWithInvoice === true,
		size: file.size,
		sha256: file.sha256,
		...(receipt ? { ledgerReceiptId: receipt.id } : {}),
		created: ts(sb, company),
		createdAt: sb.now(),
	};
	company.attachments.push(att);
	if (receipt) {
		receipt.attachments.push({
			id: att.id,
			name: att.name,
			mimeType: att.mimeType,
			referenceType: att.referenceType,
			referenceId: att.referenceId,
		});
	}
	return {
		id: att.id,
		name: att.name,
		referenceType: att.referenceType,
		referenceId: att.referenceId,
		mimeType: att.mimeType,
		sendWithInvoice: att.sendWithInvoice,
	};
}

/**
 * GET /attachments: search by referenceId, referenceType, name and created* dates, paged like the
 * other searches. Needs Procountor's paid Document management feature: with the behaviour
 * attachmentSearch 'forbidden' it answers 403.
 */
export function searchAttachments(sb: SandboxRuntime, company: CompanyState, url: URL) {
	if (sb.state.behaviours.attachmentSearch === 'forbidden') {
		fail(
			403,
			'',
			'FORBIDDEN',
			'searching attachments needs the Document management feature, which is not enabled for this company',
		);
	}
	let list = filterCreated(company, url, company.attachments);
	const ref = intParam(url, 'referenceId', undefined);
	if (ref !== undefined) list = list.filter((a) => a.referenceId === ref);
	const refType = url.searchParams.get('referenceType');
	if (refType) list = list.filter((a) => a.referenceType === refType);
	const name = url.searchParams.get('name');
	if (name) list = list.filter((a) => a.name.toLowerCase().includes(name.toLowerCase()));
	const p = page(url, list);
	return {
		results: p.results.map((a) => ({
			id: a.id,
			name: a.name,
			referenceType: a.referenceType,
			referenceId: a.referenceId,
			mimeType: a.mimeType,
			created: a.created,
		})),
		meta: p.meta,
	};
}
