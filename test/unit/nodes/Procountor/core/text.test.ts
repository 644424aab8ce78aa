import fc from 'fast-check';
import {
	cleanText,
	isWindows1252,
	toWindows1252,
	truncate,
} from '../../../../../nodes/Procountor/core/text';

const RUNS = { numRuns: 10_000, seed: 20261129 };

describe('toWindows1252', () => {
	it.each([
		['Ŕ', 'R'],
		['ೠ', '?'],
		['Привет, мир', 'Privet, mir'],
		['Щука', 'Shchuka'],
		['🎉 party 👍🏽', '? party ?'],
		['Łódź', 'Lódz'],
		['Wrocław', 'Wroclaw'],
		['ő Ő Ć č', 'o O C c'],
		['東京', '??'],
		['ﬁnance', 'finance'],
		['Ελλάδα', 'Ellada'],
		['a\u200bb\ufeffc', 'abc'],
		['x\u2212y', 'x-y'],
		['Hotel\u00a0Kämp', 'Hotel\u00a0Kämp'],
	])('%j → %j', (input, expected) => {
		expect(toWindows1252(input)).toBe(expected);
	});
	it('keeps what cp1252 can encode', () => {
		const keep = 'Meikäläinen Ødegård Åsa Jüri “quoted” ‘single’ – — € … ™ Š š Ž ž Œ œ Ÿ ƒ ‰ • ß ñ';
		expect(toWindows1252(keep)).toBe(keep);
	});
	it('composes decomposed Nordic letters', () => {
		expect(toWindows1252('Ma\u0308tti')).toBe('Mätti');
	});
	it('removes controls; newlines only when allowed', () => {
		expect(toWindows1252('a\u0000b\u0007c\u0085d\u009ee')).toBe('abcde');
		expect(toWindows1252('a\nb\r\nc\td')).toBe('a b  c d');
		expect(toWindows1252('a\nb\r\nc\rd', { allowNewlines: true })).toBe('a\nb\nc\nd');
	});
	it('never throws', () => {
		expect(toWindows1252(undefined)).toBe('');
		expect(toWindows1252(null)).toBe('');
		expect(toWindows1252(42)).toBe('42');
		expect(toWindows1252('\ud800x')).toBe('?x');
	});
	it('property: output is always Windows-1252', () => {
		fc.assert(
			fc.property(
				fc.string({ unit: 'grapheme', maxLength: 40 }),
				fc.string({ unit: 'binary', maxLength: 40 }),
				(a, b) => {
					return (
						isWindows1252(toWindows1252(a)) &&
						isWindows1252(toWindows1252(b + a, { allowNewlines: true }))
					);
				},
			),
			RUNS,
		);
	});
});

describe('isWindows1252', () => {
	it('detects unsupported characters', () => {
		expect(isWindows1252('Ä€“”')).toBe(true);
		expect(isWindows1252('Ŕ')).toBe(false);
		expect(isWindows1252('ೠ')).toBe(false);
		expect(isWindows1252('Д')).toBe(false);
		expect(isWindows1252('😀')).toBe(false);
		expect(isWindows1252('a\u0001')).toBe(false);
		expect(isWindows1252('a\nb')).toBe(true);
	});
});

describe('truncate', () => {
	it('cuts on code points with an ellipsis', () => {
		expect(truncate('abcdef', 10)).toBe('abcdef');
		expect(truncate('abcdef', 4)).toBe('abc…');
		expect(truncate('ab  cdef', 4)).toBe('ab…');
		expect(truncate('a😀😀😀', 3)).toBe('a😀…');
		expect(truncate('abc', 1)).toBe('…');
		expect(truncate('abc', 0)).toBe('');
	});
	it('cleanText collapses whitespace and limits length', () => {
		expect(cleanText('  Taxi\n\nHelsinki  ', 80)).toBe('Taxi Helsinki');
		expect(Array.from(cleanText('x'.repeat(300), 255))).toHaveLength(255);
	});
	it('property: length ≤ max', () => {
		fc.assert(
			fc.property(
				fc.string({ unit: 'grapheme', maxLength: 60 }),
				fc.integer({ min: 0, max: 50 }),
				(s, m) => {
					return Array.from(truncate(s, m)).length <= m;
				},
			),
			RUNS,
		);
	});
});
