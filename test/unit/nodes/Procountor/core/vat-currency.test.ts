import fc from 'fast-check';
import {
	conversionNote,
	convertLines,
	convertMinor,
	impliedRate,
} from '../../../../../nodes/Procountor/core/currency';
import { MoneyError } from '../../../../../nodes/Procountor/core/money';
import { netFromGross, procountorVat, VatError } from '../../../../../nodes/Procountor/core/vat';

const RUNS = { numRuns: 10_000, seed: 20261129 };
const RATES = [25.5, 14, 13.5, 10, 0];

describe('procountorVat', () => {
	it('books round-half-away of net × pct', () => {
		expect(procountorVat(3984, 25.5)).toBe(1016);
		expect(procountorVat(-3984, 25.5)).toBe(-1016);
		expect(procountorVat(1000, 0)).toBe(0);
		expect(procountorVat(877, 14)).toBe(123); // 122.78
	});
});

describe('netFromGross', () => {
	it('50.00 EUR gross at 25.5 % → net 39.84, VAT 10.16', () => {
		expect(netFromGross(5000, 25.5)).toEqual({ netCents: 3984, vatCents: 1016, residualCents: 0 });
	});
	it('is symmetric for refunds', () => {
		expect(netFromGross(-5000, 25.5)).toEqual({
			netCents: -3984,
			vatCents: -1016,
			residualCents: 0,
		});
	});
	it('returns the ±1 residual when no exact net exists (63.66 at 25.5 %)', () => {
		const r = netFromGross(6366, 25.5);
		expect(Math.abs(r.residualCents)).toBe(1);
		expect(r.netCents + r.vatCents + r.residualCents).toBe(6366);
	});
	it('uses Pleo’s own net when it satisfies gross, ignores it otherwise', () => {
		// N + vat(N) is strictly increasing (each step adds 1 or 2 cents), so the exact net is unique
		expect(netFromGross(1255, 25.5, 1000).netCents).toBe(1000);
		expect(netFromGross(1255, 25.5, 999).netCents).toBe(1000);
		expect(netFromGross(1255, 25.5, Number.NaN).netCents).toBe(1000);
	});
	it('0 % → net = gross', () => {
		expect(netFromGross(12345, 0)).toEqual({ netCents: 12345, vatCents: 0, residualCents: 0 });
	});
	it('validates the rate', () => {
		expect(() => netFromGross(100, 24, null, RATES)).toThrow(VatError);
		expect(() => netFromGross(100, -1)).toThrow(VatError);
		expect(() => netFromGross(100, 'abc')).toThrow(VatError);
		expect(() => netFromGross(1.5, 10)).toThrow(MoneyError);
		expect(netFromGross(100, '25.50', null, RATES).netCents).toBe(80);
	});
	it('property: exact when possible, otherwise |residual| = 1 and minimal', () => {
		fc.assert(
			fc.property(
				fc.integer({ min: -100_000_000, max: 100_000_000 }),
				fc.constantFrom(...RATES),
				(gross, pct) => {
					const r = netFromGross(gross, pct, undefined, RATES);
					if (r.vatCents !== procountorVat(r.netCents, pct)) return false;
					if (r.netCents + r.vatCents + r.residualCents !== gross) return false;
					if (Math.abs(r.residualCents) > 1) return false;
					if (r.residualCents !== 0) {
						// no neighbour is exact
						for (let d = -3; d <= 3; d++) {
							const n = r.netCents + d;
							if (n + procountorVat(n, pct) === gross) return false;
						}
					}
					return true;
				},
			),
			RUNS,
		);
	});
});

describe('convertMinor', () => {
	it('converts with "foreign per 1 company unit" rates', () => {
		expect(convertMinor(10000, '11.42')).toBe(876); // 100 SEK → 8.76 EUR
		expect(convertMinor(10850, '1.0850')).toBe(10000); // 108.50 USD → 100 EUR
		expect(convertMinor(10000, '1.0850', 'toForeign')).toBe(10850);
		expect(convertMinor(-10850, 1.085)).toBe(-10000);
		expect(convertMinor(5, '10')).toBe(1); // 0.5 → 1 (half away)
		expect(convertMinor(-5, '10')).toBe(-1);
		expect(convertMinor(1000, '160.5', 'toCompany', { foreignDecimals: 0 })).toBe(623); // 1000 JPY
	});
	it('rejects bad rates', () => {
		expect(() => convertMinor(100, '0')).toThrow(MoneyError);
		expect(() => convertMinor(100, 'x')).toThrow(MoneyError);
		expect(() => convertMinor(100, -1)).toThrow(MoneyError);
	});
});

describe('convertLines', () => {
	it('USD split converts to lines summing to the converted total', () => {
		const r = convertLines(10000, [3333, 3333, 3334], '1.0850');
		expect(r.totalMinor).toBe(9217);
		expect(r.lineMinors.reduce((a, b) => a + b, 0)).toBe(9217);
	});
	it('property: exact sum for random totals, splits and rates', () => {
		fc.assert(
			fc.property(
				fc.array(fc.integer({ min: 1, max: 50_000_000 }), { minLength: 1, maxLength: 4 }),
				fc.integer({ min: 1, max: 200_000 }),
				fc.boolean(),
				(lines, rate4, neg) => {
					const ls = neg ? lines.map((l) => -l) : lines;
					const total = ls.reduce((a, b) => a + b, 0);
					const rate = (rate4 / 10_000).toFixed(4);
					const r = convertLines(total, ls, rate);
					return (
						r.lineMinors.reduce((a, b) => a + b, 0) === r.totalMinor &&
						r.totalMinor === convertMinor(total, rate)
					);
				},
			),
			RUNS,
		);
	});
});

describe('conversion notes', () => {
	it('say the original amount, its currency and the rate in one form', () => {
		expect(conversionNote({ minors: 125000, currency: 'SEK' }, '11.4200', 'EUR')).toBe(
			'orig. 1250.00 SEK at 11.42 SEK/EUR',
		);
		expect(conversionNote({ minors: 5000, currency: 'JPY' }, 160, 'EUR')).toBe(
			'orig. 5000 JPY at 160 JPY/EUR',
		);
	});
	it('work out the rate two amounts imply (6 decimals, exact)', () => {
		expect(
			impliedRate({ minors: 125000, currency: 'SEK' }, { minors: 10946, currency: 'EUR' }),
		).toBe('11.419697');
		expect(impliedRate({ minors: 5425, currency: 'USD' }, { minors: 5000, currency: 'EUR' })).toBe(
			'1.085',
		);
		expect(impliedRate({ minors: 5000, currency: 'JPY' }, { minors: 3125, currency: 'EUR' })).toBe(
			'160',
		);
		expect(
			impliedRate({ minors: 0, currency: 'SEK' }, { minors: 1, currency: 'EUR' }),
		).toBeUndefined();
	});
});
