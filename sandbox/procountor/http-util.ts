// Small HTTP helpers for the Procountor sandbox (node:http only).
import type { IncomingMessage } from 'http';

export class BodyTooLargeError extends Error {}

export function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
	return new Promise((resolve, reject) => {
		const chunks: Buffer[] = [];
		let size = 0;
		let failed = false;
		req.on('data', (c: Buffer) => {
			if (failed) return;
			size += c.length;
			if (size > limit) {
				failed = true;
				reject(new BodyTooLargeError('body too large'));
				return;
			}
			chunks.push(c);
		});
		req.on('end', () => {
			if (!failed) resolve(Buffer.concat(chunks));
		});
		req.on('error', (e) => {
			if (!failed) reject(e);
		});
	});
}

export function mediaType(req: IncomingMessage): string {
	return String(req.headers['content-type'] ?? '')
		.split(';')[0]
		.trim()
		.toLowerCase();
}

export function escapeHtml(s: string): string {
	return s
		.replace(/&/g, '&amp;')
		.replace(/</g, '&lt;')
		.replace(/>/g, '&gt;')
		.replace(/"/g, '&quot;')
		.replace(/'/g, '&#39;');
}

/** mulberry32: small seeded PRNG so fault injection is reproducible */
export function seededRandom(seed: number): () => number {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

const MIME: Record<string, string> = {
	jpg: 'image/jpeg',
	jpeg: 'image/jpeg',
	png: 'image/png',
	gif: 'image/gif',
	bmp: 'image/bmp',
	webp: 'image/webp',
	tif: 'image/tiff',
	tiff: 'image/tiff',
	heic: 'image/heic',
	heif: 'image/heif',
	pdf: 'application/pdf',
	txt: 'text/plain',
	csv: 'text/csv',
	xml: 'application/xml',
	html: 'text/html',
	htm: 'text/html',
	doc: 'application/msword',
	docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
	xls: 'application/vnd.ms-excel',
	xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
	odt: 'application/vnd.oasis.opendocument.text',
	ods: 'application/vnd.oasis.opendocument.spreadsheet',
	zip: 'application/zip',
	json: 'application/json',
};

/** mime type derived from the file name's extension, undefined if none/unknown */
export function mimeFromName(name: string): string | undefined {
	const m = /\.([A-Za-z0-9]+)$/.exec(name);
	if (!m) return undefined;
	return MIME[m[1].toLowerCase()];
}
