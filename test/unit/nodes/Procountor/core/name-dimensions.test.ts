import fc from 'fast-check';
import {
	buildDescriptions,
	buildJournalName,
	defaultGroupCode,
	findTagInName,
	idempotencyTag,
	isWindows1252,
	resolveLineDimensions,
	shortPersonName,
} from '../../../../../nodes/Procountor/core';
import { cardItem, DIMENSIONS } from './fixtures';

const RUNS = { numRuns: 10_000, seed: 20261129 };
const gc = (d: { name: string }) => defaultGroupCode(d.name);

describe('idempotencyTag / findTagInName', () => {
	it('is short, stable and base32', () => {
		const t = idempotencyTag('8f3c21ab-0000-4000-8000-000000000001');
		expect(t).toMatch(/^\[P:[A-Z2-7]{10}\]$/);
		expect(idempotencyTag('8f3c21ab-0000-4000-8000-000000000001')).toBe(t);
		expect(idempotencyTag('other')).not.toBe(t);
		// sha256("abc") = ba7816bf…: base32 of 0xba 0x78 0x16 0xbf 0x8f 0x01 … = "XJ4BNP4PAH"
		expect(idempotencyTag('abc')).toBe('[P:XJ4BNP4PAH]');
	});
	it('finds the tag in a name', () => {
		const t = idempotencyTag('x');
		expect(findTagInName(`Pleo Taxi – M. M ${t}`)).toBe(t);
		expect(findTagInName('no tag here')).toBeNull();
		expect(findTagInName('[P:short]')).toBeNull();
		expect(findTagInName(undefined)).toBeNull();
	});
});

describe('buildJournalName', () => {
	it('builds the documented example', () => {
		const tag = idempotencyTag('ae-0001');
		expect(buildJournalName(cardItem(), tag)).toBe(`Pleo Taxi Helsinki – M. Meikäläinen ${tag}`);
	});
	it('falls back to note and type', () => {
		const tag = idempotencyTag('a');
		expect(buildJournalName(cardItem({ supplier: null, user: null }), tag)).toBe(
			`Pleo Airport ride ${tag}`,
		);
		expect(buildJournalName({ type: 'mileage' }, tag)).toBe(`Pleo Mileage ${tag}`);
		expect(buildJournalName({}, tag)).toBe(`Pleo Expense ${tag}`);
	});
	it('truncates the text, never the tag, and stays Windows-1252', () => {
		const tag = idempotencyTag('long');
		const name = buildJournalName(
			cardItem({
				supplier: { name: 'Ресторан «Пушкин» 🍣 '.repeat(10) },
				user: { name: 'Ŕóbert Łukasz Øster' },
			}),
			tag,
		);
		expect(Array.from(name).length).toBeLessThanOrEqual(80);
		expect(name.endsWith(' ' + tag)).toBe(true);
		expect(isWindows1252(name)).toBe(true);
		expect(findTagInName(name)).toBe(tag);
	});
	it('property: ≤ 80, cp1252, ends with the tag', () => {
		fc.assert(
			fc.property(
				fc.string({ unit: 'grapheme', maxLength: 120 }),
				fc.string({ unit: 'binary', maxLength: 60 }),
				fc.string(),
				(m, u, id) => {
					const tag = idempotencyTag(id);
					const name = buildJournalName(
						cardItem({ supplier: { name: m }, user: { name: u } }),
						tag,
					);
					return Array.from(name).length <= 80 && isWindows1252(name) && name.endsWith(tag);
				},
			),
			RUNS,
		);
	});
	it('shortPersonName', () => {
		expect(shortPersonName('Matti Meikäläinen')).toBe('M. Meikäläinen');
		expect(shortPersonName('Ødegård Åsa')).toBe('Ø. Åsa');
		expect(shortPersonName('Cher')).toBe('Cher');
		expect(shortPersonName(null)).toBe('');
	});
});

describe('buildDescriptions', () => {
	it('fills header, notes and line texts within limits', () => {
		const item = cardItem({ note: 'Asiakas­tapaaminen 🚕\nklo 10' });
		const d = buildDescriptions(item);
		expect(d.transactionDescription).toContain('Card purchase – Taxi Helsinki – Matti Meikäläinen');
		expect(d.invoiceNotes).toContain('Pleo accounting entry: ae-0001');
		expect(d.invoiceNotes).toContain('Reconciliation id: 4113617');
		expect(d.invoiceNotes).toContain('Pleo export job: job-1');
		expect(d.invoiceNotes).toContain('Pleo link: https://app.pleo.io/export/ae-0001');
		expect(d.invoiceNotes).toContain('Amount in wallet currency: 50.00 EUR');
		const ld = d.lineDescription(item.accountingEntryLines?.[0]);
		expect(ld).toContain('Taxi Helsinki – Travel');
		expect(ld).toContain('KUSTANNUSPAIKKA:100');
		for (const s of [d.transactionDescription, d.invoiceNotes, ld])
			expect(isWindows1252(s)).toBe(true);
		expect(d.lineDescription(undefined)).toBe('Taxi Helsinki');
	});
	it('respects 255 / 10000 limits on huge input', () => {
		const huge = 'Ж'.repeat(20000);
		const d = buildDescriptions(cardItem({ note: huge, supplier: { name: huge } }));
		expect(Array.from(d.transactionDescription).length).toBeLessThanOrEqual(255);
		expect(Array.from(d.invoiceNotes).length).toBeLessThanOrEqual(10000);
		expect(
			Array.from(d.lineDescription(cardItem().accountingEntryLines?.[0])).length,
		).toBeLessThanOrEqual(255);
	});
	it("shows a converted line's conversion note after the account", () => {
		const item = cardItem();
		const l = item.accountingEntryLines![0];
		expect(buildDescriptions(item).lineDescription(l, 'orig. 54.25 USD at 1.085 USD/EUR')).toBe(
			'Taxi Helsinki – Travel – orig. 54.25 USD at 1.085 USD/EUR – tags KUSTANNUSPAIKKA:100',
		);
	});
});

describe('defaultGroupCode', () => {
	it('upper-cases and strips to ASCII alphanumerics', () => {
		expect(defaultGroupCode('Kustannuspaikka')).toBe('KUSTANNUSPAIKKA');
		expect(defaultGroupCode('Projekti')).toBe('PROJEKTI');
		expect(defaultGroupCode('Työmaa / Site 2')).toBe('TYOMAASITE2');
		expect(defaultGroupCode('Straße Æble Øst')).toBe('STRASSEAEBLEOST');
		expect(defaultGroupCode(undefined)).toBe('');
	});
});

describe('resolveLineDimensions', () => {
	const opts = { unknownTags: 'fail' as const, item: cardItem() };
	it('matches group and code case-insensitively; value = line net', () => {
		const r = resolveLineDimensions(
			[
				{ code: 'prj1001', groupCode: 'projekti' },
				{ code: '100', groupCode: 'KUSTANNUSPAIKKA' },
			],
			DIMENSIONS,
			gc,
			3984,
			opts,
		);
		expect(r).toEqual({
			ok: true,
			dimensionItemValues: [
				{ dimensionId: 202, itemId: 2021, value: 39.84 },
				{ dimensionId: 201, itemId: 2011, value: 39.84 },
			],
			skipped: [],
		});
	});
	it('dedupes and splits two items of one dimension exactly', () => {
		const r = resolveLineDimensions(
			[
				{ code: '100', groupCode: 'KUSTANNUSPAIKKA' },
				{ code: '100', groupCode: 'kustannuspaikka' },
				{ code: '200', groupCode: 'KUSTANNUSPAIKKA' },
			],
			DIMENSIONS,
			gc,
			-1001,
			opts,
		);
		expect(r.ok && r.dimensionItemValues).toEqual([
			{ dimensionId: 201, itemId: 2011, value: -5 },
			{ dimensionId: 201, itemId: 2012, value: -5.01 },
		]);
	});
	it('fails unknown tags with tag_unknown naming code and group', () => {
		const r = resolveLineDimensions(
			[{ code: '999', groupCode: 'KUSTANNUSPAIKKA' }],
			DIMENSIONS,
			gc,
			100,
			opts,
		);
		expect(r.ok).toBe(false);
		if (r.ok) return;
		expect(r.failure.failureReasonType).toBe('tag_unknown');
		expect(r.failure.failureReason).toMatch(/'999'.*'KUSTANNUSPAIKKA'.*Taxi Helsinki.*ae-0001/);
		const g = resolveLineDimensions([{ code: 'X', groupCode: 'NOPE' }], DIMENSIONS, gc, 100, opts);
		expect(!g.ok && g.failure.failureReason).toMatch(/no matching Procountor dimension/);
	});
	it('skips unknown tags when asked', () => {
		const r = resolveLineDimensions(
			[
				{ code: '999', groupCode: 'KUSTANNUSPAIKKA' },
				{ code: 'X', groupCode: 'NOPE' },
				{ code: '', groupCode: 'PROJEKTI' },
			],
			DIMENSIONS,
			gc,
			100,
			{ unknownTags: 'skip' },
		);
		expect(r.ok && r.dimensionItemValues).toEqual([]);
		expect(r.ok && r.skipped.map((s) => s.code)).toEqual(['999', 'X']);
	});
	it('fails inactive items with validation_failure', () => {
		const r = resolveLineDimensions(
			[{ code: '900', groupCode: 'KUSTANNUSPAIKKA' }],
			DIMENSIONS,
			gc,
			100,
			{ unknownTags: 'skip' },
		);
		expect(!r.ok && r.failure.failureReasonType).toBe('validation_failure');
		expect(!r.ok && r.failure.failureReason).toMatch(/Reactivate .* or retag/);
	});
	it('property: per dimension the values sum to the line net', () => {
		const codes = ['100', '200', '300', '400', 'PRJ1001', 'PRJ1002', 'PRJ1003'];
		fc.assert(
			fc.property(fc.integer({ min: -1e10, max: 1e10 }), fc.subarray(codes), (net, chosen) => {
				const tags = chosen.map((c) => ({
					code: c,
					groupCode: c.startsWith('PRJ') ? 'PROJEKTI' : 'KUSTANNUSPAIKKA',
				}));
				const r = resolveLineDimensions(tags, DIMENSIONS, gc, net, { unknownTags: 'fail' });
				if (!r.ok) return false;
				const sums = new Map<unknown, number>();
				for (const v of r.dimensionItemValues)
					sums.set(v.dimensionId, (sums.get(v.dimensionId) ?? 0) + Math.round(v.value * 100));
				return [...sums.values()].every((s) => s === net);
			}),
			RUNS,
		);
	});
});
