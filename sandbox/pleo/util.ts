import { createHash } from 'crypto';

/** An error in Pleo's `{type, message}` shape. */
export class PleoApiError extends Error {
	constructor(
		public readonly status: number,
		public readonly type: string,
		message: string,
		public readonly headers: Record<string, string> = {},
	) {
		super(message);
	}
}

/** Small deterministic PRNG (mulberry32). */
export function createPrng(seed: number): () => number {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

/** Integer in [min, max] from a PRNG. */
export function randInt(rnd: () => number, min: number, max: number): number {
	return min + Math.floor(rnd() * (max - min + 1));
}

/** Deterministic UUID (v4 layout) derived from a name. */
export function uuidFor(name: string): string {
	const h = createHash('sha256').update(`pleo-sandbox:${name}`).digest('hex');
	const variant = ((parseInt(h[16], 16) & 0x3) | 0x8).toString(16);
	return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

const B32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

export function base32Encode(text: string): string {
	const bytes = Buffer.from(text, 'utf8');
	let bits = 0;
	let value = 0;
	let out = '';
	for (const b of bytes) {
		value = (value << 8) | b;
		bits += 8;
		while (bits >= 5) {
			out += B32[(value >>> (bits - 5)) & 31];
			bits -= 5;
		}
	}
	if (bits > 0) out += B32[(value << (5 - bits)) & 31];
	while (out.length % 8 !== 0) out += '=';
	return out;
}

export function base32Decode(text: string): string | null {
	const clean = text.replace(/=+$/, '');
	let bits = 0;
	let value = 0;
	const out: number[] = [];
	for (const ch of clean) {
		const idx = B32.indexOf(ch);
		if (idx < 0) return null;
		value = (value << 5) | idx;
		bits += 5;
		if (bits >= 8) {
			out.push((value >>> (bits - 8)) & 255);
			bits -= 8;
		}
	}
	return Buffer.from(out).toString('utf8');
}

/** Cursor for a list offset: base32 of `o:<offset>`; matches ^[A-Z2-7=~]+$. */
export function encodeCursor(offset: number): string {
	return base32Encode(`o:${offset}`);
}

export function decodeCursor(cursor: string): number | null {
	if (!/^[A-Z2-7=~]+$/.test(cursor)) return null;
	const text = base32Decode(cursor);
	const m = text ? /^o:(\d+)$/.exec(text) : null;
	return m ? Number(m[1]) : null;
}

/**
 * round(amount * num / den), half away from zero, with exact integer arithmetic.
 * amount, num, den are integers (den > 0).
 */
export function mulDivRound(amount: number, num: number, den: number): number {
	const a = BigInt(amount) * BigInt(num);
	const d = BigInt(den);
	const neg = a < BigInt(0);
	const abs = neg ? -a : a;
	const q = (abs * BigInt(2) + d) / (BigInt(2) * d);
	return Number(neg ? -q : q);
}

/** Tax rate as integer hundredths of a percent (0.255 → 2550). */
export function rateToBasisPoints(rate: number): number {
	return Math.round(rate * 10000);
}

export function iso(ms: number): string {
	return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}
