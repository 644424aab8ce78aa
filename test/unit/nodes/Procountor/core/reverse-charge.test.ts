// Which VAT statuses serve EU reverse charge, from the company's own list (no number built in),
// and the Pleo tax codes Import Accounts and VAT Codes makes or leaves out because of it.
import {
	describedKind,
	desiredTaxCodes,
	resolveLines,
	reverseChargeStatus,
	selfAssessedStatusesOf,
	vatInfoOf,
	type VatDefaults,
} from '../../../../../nodes/Procountor/core';
import { cardItem, COA, line } from './fixtures';

const rates = [
	{
		country: 'Finland',
		percentages: [25.5, 14, 0].map((vatPercent) => ({ vatPercent, purchase: true, sales: true })),
	},
];
const company = (statuses: Array<[number, string, boolean?]>): VatDefaults => ({
	vatInformation: rates,
	vatStatuses: statuses.map(([vatStatus, description, purchase = true]) => ({
		vatStatus,
		description,
		purchase,
		sales: true,
	})),
});

describe('describedKind: what a status description says', () => {
	it.each([
		['EU purchases of services', 'euServices'],
		['EU purchases of goods', 'euGoods'],
		['Palveluostot muista EU-maista', 'euServices'],
		['Tavaraostot muista EU-maista', 'euGoods'],
		['Tjänsteinköp från andra EU-länder', 'euServices'],
		['Varuinköp från EU', 'generic'],
		['Intra-community acquisition of goods', 'euGoods'],
		['EU purchases (reverse charge)', 'generic'],
		['Outside of the EU', undefined],
		['Tuonti EU:n ulkopuolelta', undefined],
		['EU community sales (product)', undefined],
		['Domestic', undefined],
		['Neutral', undefined],
		['', undefined],
	])('%s → %s', (description, kind) => {
		expect(describedKind(description)).toBe(kind);
	});
});

describe('reverseChargeStatus', () => {
	const standard = company([
		[1, 'Domestic'],
		[3, 'Outside of the EU'],
		[5, 'EU community sales (product)', false],
		[8, 'EU purchases of goods'],
		[9, 'EU purchases of services'],
		[12, 'No VAT handling'],
	]);
	it('takes the one status the company describes for the kind', () => {
		expect(reverseChargeStatus(standard, 'euServices')).toMatchObject({
			ok: true,
			status: 9,
			how: 'described',
		});
		expect(reverseChargeStatus(standard, 'euGoods')).toMatchObject({
			ok: true,
			status: 8,
			how: 'described',
		});
	});
	it('finds statuses under other numbers', () => {
		const other = company([
			[1, 'Kotimaa'],
			[2, 'Tavaraostot muista EU-maista'],
			[4, 'Palveluostot muista EU-maista'],
			[6, 'Tuonti EU:n ulkopuolelta'],
		]);
		expect(reverseChargeStatus(other, 'euServices')).toMatchObject({ ok: true, status: 4 });
		expect(reverseChargeStatus(other, 'euGoods')).toMatchObject({ ok: true, status: 2 });
	});
	it('a status enabled for sales only does not count', () => {
		const salesOnly = company([
			[1, 'Domestic'],
			[9, 'EU purchases of services', false],
		]);
		expect(reverseChargeStatus(salesOnly, 'euServices')).toMatchObject({
			ok: false,
			problem: 'none',
		});
	});
	it('cannot tell: one generic EU status, or two for the same kind; the candidates are named', () => {
		const generic = company([
			[1, 'Domestic'],
			[6, 'EU purchases (reverse charge)'],
		]);
		const r = reverseChargeStatus(generic, 'euServices');
		expect(r).toMatchObject({ ok: false, problem: 'ambiguous', candidates: [{ status: 6 }] });
		expect(!r.ok && r.reason).toBe(
			"the company's VAT list does not tell which status serves EU purchases of services (6 'EU purchases (reverse charge)'); pick it in 'EU Services Reverse-Charge VAT Status'",
		);
		const two = company([
			[4, 'EU services (reverse charge)'],
			[7, 'EU services, construction'],
		]);
		expect(reverseChargeStatus(two, 'euServices')).toMatchObject({
			ok: false,
			problem: 'ambiguous',
			candidates: [{ status: 4 }, { status: 7 }],
		});
	});
	it('none: says so and what to do', () => {
		const r = reverseChargeStatus(
			company([
				[1, 'Domestic'],
				[3, 'Outside of the EU'],
			]),
			'euGoods',
		);
		expect(!r.ok && r.reason).toBe(
			"the company has no VAT status for EU purchases of goods; enable one in Procountor or pick one in 'EU Goods Reverse-Charge VAT Status'",
		);
	});
	it("the user's pick wins when it is a purchase status of the company, and is refused otherwise", () => {
		expect(reverseChargeStatus(standard, 'euServices', 3)).toMatchObject({
			ok: true,
			status: 3,
			how: 'picked',
		});
		expect(reverseChargeStatus(standard, 'euServices', 5)).toMatchObject({
			ok: false,
			problem: 'badPick',
		});
		expect(reverseChargeStatus(standard, 'euServices', 77)).toMatchObject({
			ok: false,
			problem: 'badPick',
		});
		expect(reverseChargeStatus(standard, 'euServices', null)).toMatchObject({
			ok: true,
			status: 9,
		});
	});
});

describe('desiredTaxCodes', () => {
	it('every purchase rate inclusive on the domestic status, EURC/EURCG on the described statuses', () => {
		const { wanted, leftOut } = desiredTaxCodes(
			company([
				[1, 'Domestic'],
				[2, 'Tavaraostot muista EU-maista'],
				[4, 'Palveluostot muista EU-maista'],
			]),
		);
		expect(wanted.map((w) => [w.code, w.type, w.rate, w.vatStatus])).toEqual([
			['VAT25.5', 'inclusive', 0.255, 1],
			['VAT14', 'inclusive', 0.14, 1],
			['VAT0', 'inclusive', 0, 1],
			['EURC', 'reverse', 0.255, 4],
			['EURCG', 'reverse', 0.255, 2],
		]);
		expect(leftOut).toEqual([]);
		expect(wanted[3].reason).toMatch(/Map Category books EURC with it$/);
	});
	it('leaves out what the company cannot book, each with the reason', () => {
		const { wanted, leftOut } = desiredTaxCodes(
			company([
				[1, 'Domestic', false],
				[12, 'No VAT handling'],
			]),
		);
		expect(wanted).toEqual([]);
		expect(leftOut.map((l) => l.code)).toEqual(['VAT25.5', 'VAT14', 'VAT0', 'EURC', 'EURCG']);
		expect(leftOut[0].reason).toMatch(/domestic VAT status 1 is not enabled for purchases/);
		expect(leftOut[3].reason).toMatch(/no VAT status for EU purchases of services/);
	});
	it('a picked status the list does not describe asks for a Map Category row', () => {
		const { wanted } = desiredTaxCodes(
			company([
				[1, 'Domestic'],
				[6, 'EU purchases (reverse charge)'],
			]),
			{ euServices: 6, euGoods: null },
		);
		const eurc = wanted.find((w) => w.code === 'EURC')!;
		expect(eurc.vatStatus).toBe(6);
		expect(eurc.reason).toMatch(/add a row EURC → 6 in Map Category › Tax Code Mappings$/);
		expect(wanted.find((w) => w.code === 'EURCG')).toBeUndefined();
	});
});

describe('selfAssessedStatusesOf: which statuses self-assess, from the company list', () => {
	it.each([
		[
			'the default Finnish list',
			company([
				[1, 'Domestic'],
				[3, 'Outside of the EU'],
				[5, 'EU community sales (product)', false],
				[8, 'EU purchases of goods'],
				[9, 'EU purchases of services'],
				[12, 'No VAT handling'],
			]),
			[3, 8, 9],
		],
		[
			'other numbers, in Finnish',
			company([
				[1, 'Kotimaa'],
				[2, 'Tavaraostot muista EU-maista'],
				[4, 'Palveluostot muista EU-maista'],
				[6, 'Tuonti EU:n ulkopuolelta'],
				[7, 'Tavaramyynti muihin EU-maihin', false],
				[11, 'Rakennuspalvelut, käännetty verovelvollisuus'],
				[12, 'Ei alv-käsittelyä'],
			]),
			[2, 4, 6, 11],
		],
		[
			'no EU reverse charge',
			company([
				[1, 'Domestic'],
				[3, 'Outside of the EU'],
				[12, 'No VAT handling'],
			]),
			[3],
		],
	])('%s', (_name, vats, expected) => {
		expect(selfAssessedStatusesOf(vats)).toEqual(expected);
	});
	it('no descriptions at all: undefined (the default numbers apply)', () => {
		expect(
			selfAssessedStatusesOf({ vatStatuses: [{ vatStatus: 9 }, { vatStatus: 1 }] }),
		).toBeUndefined();
	});
	it('Map Category refuses an inclusive code on a status the company describes as reverse charge, whatever its number', () => {
		const vats = company([
			[1, 'Kotimaa'],
			[4, 'Palveluostot muista EU-maista'],
			[9, 'Kotimaan ostot, muut'],
		]);
		const item = cardItem({
			accountingEntryLines: [line('l1', 10000, { code: '7600', rate: 0.255, taxCode: 'VAT25.5' })],
			amount: {
				inSupplierCurrency: { currency: 'EUR', value: 10000 },
				inWalletCurrency: { currency: 'EUR', value: 10000 },
			},
		});
		const map = (vatStatus: number) =>
			resolveLines(
				item,
				{ accountRows: [], taxRows: [{ taxCode: 'VAT25.5', vatStatus, vatPercent: 25.5 }] },
				'usePleoCode',
				COA,
				vatInfoOf(vats),
			);
		const on4 = map(4);
		expect(on4.ok).toBe(false);
		expect(!on4.ok && on4.failure.failureReason).toMatch(
			/VAT status 4 is a reverse-charge status that self-assesses the VAT/,
		);
		// 9 is not a reverse-charge status in this company: no contradiction
		const on9 = map(9);
		expect(on9.ok && on9.lines[0]).toMatchObject({ vatStatus: 9, vatTreatment: 'added' });
	});
});
