// Procountor accepts UTF-8 but only characters that Windows-1252 can encode ("Ŕ", "ೠ" and Cyrillic
// are rejected). These helpers make any string safe and never throw.

/** The 27 printable characters cp1252 puts in 0x80–0x9F. */
const CP1252_SPECIALS = new Set([
	0x20ac, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021, 0x02c6, 0x2030, 0x0160, 0x2039, 0x0152,
	0x017d, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x02dc, 0x2122, 0x0161, 0x203a,
	0x0153, 0x017e, 0x0178,
]);

/** True when the code point is a printable cp1252 character (controls excluded). */
function isPrintable1252(cp: number): boolean {
	return (cp >= 0x20 && cp <= 0x7e) || (cp >= 0xa0 && cp <= 0xff) || CP1252_SPECIALS.has(cp);
}

/**
 * True when every character can be encoded in Windows-1252 and is printable
 * (tab, CR and LF are allowed too).
 */
export function isWindows1252(s: string): boolean {
	for (const ch of s) {
		const cp = ch.codePointAt(0) as number;
		if (cp === 0x09 || cp === 0x0a || cp === 0x0d) continue;
		if (!isPrintable1252(cp)) return false;
	}
	return true;
}

const EXPLICIT: Record<string, string> = {
	ł: 'l',
	Ł: 'L',
	đ: 'd',
	Đ: 'D',
	ħ: 'h',
	Ħ: 'H',
	ı: 'i',
	ŀ: 'l',
	Ŀ: 'L',
	ŋ: 'n',
	Ŋ: 'N',
	ĸ: 'k',
	ſ: 's',
	ŉ: 'n',
	ŧ: 't',
	Ŧ: 'T',
	ƀ: 'b',
	Ɓ: 'B',
	ƈ: 'c',
	ɗ: 'd',
	ǝ: 'e',
	ə: 'e',
	Ə: 'E',
	ɛ: 'e',
	ĳ: 'ij',
	Ĳ: 'IJ',
	ȷ: 'j',
	ʼ: "'",
	ʻ: "'",
	ʹ: "'",
	ʺ: '"',
	ˮ: '"',
	'\u2010': '-',
	'\u2011': '-',
	'\u2012': '-',
	'\u2015': '-',
	'\u2212': '-',
	'\u2043': '-',
	'\u2032': "'",
	'\u2033': '"',
	'\u201b': "'",
	'\u201f': '"',
	'\u2044': '/',
	'\u2215': '/',
	'\u2024': '.',
	'\u2027': '.',
	'\u00ad': '',
	'\u2190': '<-',
	'\u2192': '->',
	'\u2194': '<->',
	'\u21d2': '=>',
	'\u2264': '<=',
	'\u2265': '>=',
	'\u2260': '!=',
	'\u2248': '~',
	'\u221e': 'inf',
	'\u2116': 'No.',
	'\u2103': 'C',
	'\u20bd': 'RUB',
	'\u20b9': 'INR',
	'\u20a9': 'KRW',
	'\u20ba': 'TRY',
	'\u20b4': 'UAH',
	'\u20aa': 'ILS',
	'\u20bf': 'BTC',
	'\u3001': ',',
	'\u3002': '.',
	'\uff0c': ',',
	'\u2713': 'v',
	'\u2714': 'v',
	// Greek
	Α: 'A',
	Β: 'V',
	Γ: 'G',
	Δ: 'D',
	Ε: 'E',
	Ζ: 'Z',
	Η: 'I',
	Θ: 'Th',
	Ι: 'I',
	Κ: 'K',
	Λ: 'L',
	Μ: 'M',
	Ν: 'N',
	Ξ: 'X',
	Ο: 'O',
	Π: 'P',
	Ρ: 'R',
	Σ: 'S',
	Τ: 'T',
	Υ: 'Y',
	Φ: 'F',
	Χ: 'Ch',
	Ψ: 'Ps',
	Ω: 'O',
	α: 'a',
	β: 'v',
	γ: 'g',
	δ: 'd',
	ε: 'e',
	ζ: 'z',
	η: 'i',
	θ: 'th',
	ι: 'i',
	κ: 'k',
	λ: 'l',
	μ: 'm',
	ν: 'n',
	ξ: 'x',
	ο: 'o',
	π: 'p',
	ρ: 'r',
	σ: 's',
	ς: 's',
	τ: 't',
	υ: 'y',
	φ: 'f',
	χ: 'ch',
	ψ: 'ps',
	ω: 'o',
	// Cyrillic (Russian, Ukrainian, Belarusian, Serbian/Macedonian basics)
	А: 'A',
	Б: 'B',
	В: 'V',
	Г: 'G',
	Д: 'D',
	Е: 'E',
	Ё: 'Yo',
	Ж: 'Zh',
	З: 'Z',
	И: 'I',
	Й: 'Y',
	К: 'K',
	Л: 'L',
	М: 'M',
	Н: 'N',
	О: 'O',
	П: 'P',
	Р: 'R',
	С: 'S',
	Т: 'T',
	У: 'U',
	Ф: 'F',
	Х: 'Kh',
	Ц: 'Ts',
	Ч: 'Ch',
	Ш: 'Sh',
	Щ: 'Shch',
	Ъ: '',
	Ы: 'Y',
	Ь: '',
	Э: 'E',
	Ю: 'Yu',
	Я: 'Ya',
	Є: 'Ye',
	І: 'I',
	Ї: 'Yi',
	Ґ: 'G',
	Ў: 'U',
	Ђ: 'Dj',
	Ј: 'J',
	Љ: 'Lj',
	Њ: 'Nj',
	Ћ: 'C',
	Џ: 'Dz',
	Ѕ: 'Dz',
	Ќ: 'K',
	Ѓ: 'G',
	а: 'a',
	б: 'b',
	в: 'v',
	г: 'g',
	д: 'd',
	е: 'e',
	ё: 'yo',
	ж: 'zh',
	з: 'z',
	и: 'i',
	й: 'y',
	к: 'k',
	л: 'l',
	м: 'm',
	н: 'n',
	о: 'o',
	п: 'p',
	р: 'r',
	с: 's',
	т: 't',
	у: 'u',
	ф: 'f',
	х: 'kh',
	ц: 'ts',
	ч: 'ch',
	ш: 'sh',
	щ: 'shch',
	ъ: '',
	ы: 'y',
	ь: '',
	э: 'e',
	ю: 'yu',
	я: 'ya',
	є: 'ye',
	і: 'i',
	ї: 'yi',
	ґ: 'g',
	ў: 'u',
	ђ: 'dj',
	ј: 'j',
	љ: 'lj',
	њ: 'nj',
	ћ: 'c',
	џ: 'dz',
	ѕ: 'dz',
	ќ: 'k',
	ѓ: 'g',
};

function isCombiningMark(cp: number): boolean {
	return (
		(cp >= 0x0300 && cp <= 0x036f) ||
		(cp >= 0x1ab0 && cp <= 0x1aff) ||
		(cp >= 0x1dc0 && cp <= 0x1dff) ||
		(cp >= 0x20d0 && cp <= 0x20ff) ||
		(cp >= 0xfe20 && cp <= 0xfe2f)
	);
}

/** Invisible joiners, variation selectors, skin-tone modifiers, BOM: dropped silently. */
function isIgnorable(cp: number): boolean {
	return (
		(cp >= 0x200b && cp <= 0x200f) ||
		(cp >= 0x2060 && cp <= 0x2064) ||
		cp === 0xfeff ||
		(cp >= 0xfe00 && cp <= 0xfe0f) ||
		(cp >= 0xe0100 && cp <= 0xe01ef) ||
		(cp >= 0x1f3fb && cp <= 0x1f3ff) ||
		(cp >= 0xe0000 && cp <= 0xe007f)
	);
}

function isSpaceLike(cp: number): boolean {
	return (
		(cp >= 0x2000 && cp <= 0x200a) ||
		cp === 0x202f ||
		cp === 0x205f ||
		cp === 0x3000 ||
		cp === 0x1680 ||
		cp === 0x2028 ||
		cp === 0x2029 ||
		cp === 0x0085
	);
}

/** Strip combining marks; '' if nothing printable is left, undefined if something unsafe is. */
function stripMarks(s: string): string | undefined {
	let out = '';
	for (const c of s) {
		const cp = c.codePointAt(0) as number;
		if (isCombiningMark(cp) || isIgnorable(cp)) continue;
		if (isPrintable1252(cp)) out += c;
		else if (EXPLICIT[c] !== undefined) out += EXPLICIT[c];
		else return undefined;
	}
	return out;
}

function transliterateChar(ch: string): string {
	const cp = ch.codePointAt(0) as number;
	if (isIgnorable(cp) || isCombiningMark(cp)) return '';
	if (isSpaceLike(cp)) return ' ';
	const explicit = EXPLICIT[ch];
	if (explicit !== undefined) return explicit;
	const nfd = stripMarks(ch.normalize('NFD'));
	if (nfd !== undefined && nfd !== '') return nfd;
	const nfkd = stripMarks(ch.normalize('NFKD'));
	if (nfkd !== undefined && nfkd !== '') return nfkd;
	return '?';
}

/**
 * String(x) that never throws: '' for null/undefined, and '[object]' for a value whose String()
 * throws (a JSON object such as {"toString": 1} has no callable toString).
 */
export function safeString(x: unknown): string {
	if (x === null || x === undefined) return '';
	if (typeof x === 'string') return x;
	try {
		return String(x);
	} catch {
		return Array.isArray(x) ? '[array]' : '[object]';
	}
}

export interface Windows1252Options {
	/** Keep line feeds (CRLF/CR become LF). Default false: newlines and tabs become spaces. */
	allowNewlines?: boolean;
}

/**
 * Makes a string Windows-1252 safe: NFC-composes, keeps every cp1252 character (ä, ö, å, €, “”,
 * –, …), transliterates the rest where sensible (ł→l, ő→o, Ŕ→R, Ć→C, Cyrillic/Greek → Latin,
 * ﬁ→fi), drops invisible joiners/variation selectors, and replaces anything else (emoji, CJK,
 * Indic scripts such as "ೠ") with '?'. Control characters are removed; tabs and newlines become
 * spaces unless allowNewlines. Never throws: null/undefined/non-strings become ''/String(x).
 */
export function toWindows1252(s: unknown, opts: Windows1252Options = {}): string {
	let str = safeString(s);
	// Fast path: printable ASCII and Latin-1 letters are cp1252 and NFC already (most merchant
	// names and notes), so the string is kept as it is without building a copy.
	if (/^[\x20-\x7e\u00a0-\u00ff]*$/.test(str)) return str;
	try {
		str = str.normalize('NFC');
	} catch {
		// lone surrogates never make normalize throw in V8, but stay defensive
	}
	let out = '';
	for (const ch of str) {
		const cp = ch.codePointAt(0) as number;
		if (cp === 0x0d || cp === 0x0a) {
			if (opts.allowNewlines) {
				if (cp === 0x0a && out.endsWith('\r')) {
					out = out.slice(0, -1) + '\n';
				} else {
					out += cp === 0x0d ? '\r' : '\n';
				}
			} else {
				out += ' ';
			}
			continue;
		}
		if (cp === 0x09) {
			out += ' ';
			continue;
		}
		if (cp < 0x20 || cp === 0x7f || (cp >= 0x80 && cp <= 0x9f)) continue;
		if (cp >= 0xd800 && cp <= 0xdfff) {
			out += '?'; // lone surrogate
			continue;
		}
		out += isPrintable1252(cp) ? ch : transliterateChar(ch);
	}
	if (opts.allowNewlines) out = out.replace(/\r/g, '\n');
	return out;
}

/** Truncates to max code points; when cut, the last kept character is an ellipsis "…". */
export function truncate(s: string, max: number): string {
	if (!(max > 0)) return '';
	if (s.length <= max) return s; // UTF-16 length ≥ code points, so nothing to cut
	const cps = Array.from(s);
	if (cps.length <= max) return s;
	if (max === 1) return '…';
	return (
		cps
			.slice(0, max - 1)
			.join('')
			.replace(/\s+$/, '') + '…'
	);
}

/** toWindows1252 + whitespace collapse + trim + truncate: the one-liner for Procountor fields. */
export function cleanText(s: unknown, max: number): string {
	return truncate(toWindows1252(s).replace(/ {2,}/g, ' ').trim(), max);
}
