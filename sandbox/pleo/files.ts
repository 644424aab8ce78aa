import { createHmac, timingSafeEqual } from 'crypto';
import { deflateSync } from 'zlib';

export type FileKind = 'jpeg' | 'png' | 'pdf' | 'large-pdf';

export interface SandboxFile {
	id: string;
	accountingEntryId: string;
	kind: FileKind;
	mimeType: string;
	name: string;
	size: number;
	createdAt: string;
}

export const LARGE_FILE_SIZE = 10_500_000;

const MIME: Record<FileKind, string> = {
	jpeg: 'image/jpeg',
	png: 'image/png',
	pdf: 'application/pdf',
	'large-pdf': 'application/pdf',
};

const EXT: Record<FileKind, string> = { jpeg: 'jpg', png: 'png', pdf: 'pdf', 'large-pdf': 'pdf' };

export function mimeOf(kind: FileKind): string {
	return MIME[kind];
}

export function extOf(kind: FileKind): string {
	return EXT[kind];
}

/** Minimal JPEG: SOI, JFIF APP0, a COM segment carrying `label`, EOI. */
export function makeJpeg(label: string): Buffer {
	const app0 = Buffer.from([
		0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 0x01, 0x00, 0x00, 0x01, 0x00, 0x01,
		0x00, 0x00,
	]);
	const text = Buffer.from(`Pleo sandbox receipt ${label}`, 'latin1').subarray(0, 60000);
	const comLen = Buffer.alloc(2);
	comLen.writeUInt16BE(text.length + 2);
	return Buffer.concat([
		Buffer.from([0xff, 0xd8]),
		app0,
		Buffer.from([0xff, 0xfe]),
		comLen,
		text,
		Buffer.from([0xff, 0xd9]),
	]);
}

let crcTable: number[] | undefined;
function crc32(buf: Buffer): number {
	if (!crcTable) {
		crcTable = [];
		for (let n = 0; n < 256; n++) {
			let c = n;
			for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
			crcTable.push(c >>> 0);
		}
	}
	let crc = 0xffffffff;
	for (const b of buf) crc = crcTable[(crc ^ b) & 0xff] ^ (crc >>> 8);
	return (crc ^ 0xffffffff) >>> 0;
}

function pngChunk(type: string, data: Buffer): Buffer {
	const len = Buffer.alloc(4);
	len.writeUInt32BE(data.length);
	const td = Buffer.concat([Buffer.from(type, 'latin1'), data]);
	const crc = Buffer.alloc(4);
	crc.writeUInt32BE(crc32(td));
	return Buffer.concat([len, td, crc]);
}

/** A valid 2x2 RGB PNG whose colour depends on `label`, with a tEXt chunk. */
export function makePng(label: string): Buffer {
	const ihdr = Buffer.alloc(13);
	ihdr.writeUInt32BE(2, 0);
	ihdr.writeUInt32BE(2, 4);
	ihdr[8] = 8; // bit depth
	ihdr[9] = 2; // RGB
	let h = 0;
	for (const ch of label) h = (h * 31 + ch.charCodeAt(0)) >>> 0;
	const px = [h & 0xff, (h >>> 8) & 0xff, (h >>> 16) & 0xff];
	const row = Buffer.from([0, ...px, ...px]);
	const raw = Buffer.concat([row, row]);
	return Buffer.concat([
		Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
		pngChunk('IHDR', ihdr),
		pngChunk('tEXt', Buffer.from(`Comment\0Pleo sandbox receipt ${label}`, 'latin1')),
		pngChunk('IDAT', deflateSync(raw)),
		pngChunk('IEND', Buffer.alloc(0)),
	]);
}

/**
 * A small valid one-page PDF. With `totalSize`, comment padding is inserted after the header so
 * the file has exactly that many bytes (xref offsets stay correct).
 */
export function makePdf(label: string, totalSize?: number): Buffer {
	const header = '%PDF-1.4\n%\xe2\xe3\xcf\xd3\n';
	const text = `Pleo sandbox receipt ${label}`.replace(/[()\\]/g, '');
	const stream = `BT /F1 12 Tf 40 100 Td (${text}) Tj ET`;
	const objects = [
		'<< /Type /Catalog /Pages 2 0 R >>',
		'<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
		'<< /Type /Page /Parent 2 0 R /MediaBox [0 0 300 200] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
		`<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`,
		'<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
	];
	const build = (padding: string): string => {
		let body = header + padding;
		const offsets: number[] = [];
		objects.forEach((obj, i) => {
			offsets.push(Buffer.byteLength(body, 'latin1'));
			body += `${i + 1} 0 obj\n${obj}\nendobj\n`;
		});
		const xrefAt = Buffer.byteLength(body, 'latin1');
		body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
		for (const off of offsets) body += `${String(off).padStart(10, '0')} 00000 n \n`;
		body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xrefAt}\n%%EOF\n`;
		return body;
	};
	let pdf = build('');
	if (totalSize !== undefined) {
		// Offsets grow with the padding and may change the digit count; iterate to a fixed point.
		let missing = totalSize - Buffer.byteLength(pdf, 'latin1');
		for (let i = 0; i < 5 && missing !== 0; i++) {
			const padLen = Math.max(0, missing + padLength(pdf, header) - 0);
			pdf = build(makePadding(padLen));
			missing = totalSize - Buffer.byteLength(pdf, 'latin1');
		}
	}
	return Buffer.from(pdf, 'latin1');
}

function padLength(pdf: string, header: string): number {
	const start = header.length;
	const end = pdf.indexOf('1 0 obj');
	return end - start;
}

function makePadding(len: number): string {
	if (len <= 0) return '';
	const line = '% pleo-sandbox large receipt padding 0123456789abcdefghijklmnopqrstuvwxyz\n';
	const full = line.repeat(Math.floor(len / line.length));
	const rest = len - full.length;
	if (rest === 0) return full;
	if (rest === 1) return full + '\n';
	return full + '%' + 'x'.repeat(rest - 2) + '\n';
}

let largePdfCache: Buffer | undefined;

export function fileContent(file: SandboxFile): Buffer {
	switch (file.kind) {
		case 'jpeg':
			return makeJpeg(file.id);
		case 'png':
			return makePng(file.id);
		case 'pdf':
			return makePdf(file.id);
		case 'large-pdf':
			if (!largePdfCache) largePdfCache = makePdf('large', LARGE_FILE_SIZE);
			return largePdfCache;
	}
}

export function fileSize(kind: FileKind, id: string): number {
	if (kind === 'large-pdf') return LARGE_FILE_SIZE;
	return fileContent({ id, kind } as SandboxFile).length;
}

export function signFileUrl(secret: string, fileId: string, expires: number): string {
	return createHmac('sha256', secret).update(`${fileId}.${expires}`).digest('hex');
}

export function verifyFileSig(
	secret: string,
	fileId: string,
	expires: number,
	sig: string,
): boolean {
	const expected = Buffer.from(signFileUrl(secret, fileId, expires), 'utf8');
	const given = Buffer.from(sig, 'utf8');
	return expected.length === given.length && timingSafeEqual(expected, given);
}
