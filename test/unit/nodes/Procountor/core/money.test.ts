import fc from 'fast-check';
import {
	allocate,
	amountToCents,
	centsToAmount,
	decimalEquals,
	formatMoney,
	MoneyError,
	parseDecimal,
	percentOf,
	roundHalfAwayFromZero,
	shiftDecimal,
} from '../../../../../nodes/Procountor/core/money';

const RUNS = { numRuns: 10_000, seed: 20261129 };

describe('roundHalfAwayFromZero', () => {
	it('rounds halves away from zero on both sides', () => {
		expect(roundHalfAwayFromZero(2.5)).toBe(3);
		expect(roundHalfAwayFromZero(-2.5)).toBe(-3);
		expect(roundHalfAwayFromZero(2.4)).toBe(2);
		expect(roundHalfAwayFromZero(-0.4)).toBe(0);
		expect(Object.is(roundHalfAwayFromZero(-0.4), -0)).toBe(false);
	});
	it('rejects non-finite input', () => {
		expect(() => roundHalfAwayFromZero(NaN)).toThrow(MoneyError);
	});
});

describe('parseDecimal', () => {
	it('parses numbers and strings exactly', () => {
		expect(parseDecimal(0.255)).toEqual({ int: BigInt(255), scale: 3 });
		expect(parseDecimal('25.50')).toEqual({ int: BigInt(255), scale: 1 });
		expect(parseDecimal('-1e-7')).toEqual({ int: BigInt(-1), scale: 7 });
		expect(parseDecimal(1e21)).toEqual({ int: BigInt('1000000000000000000000'), scale: 0 });
		expect(parseDecimal('.5')).toEqual({ int: BigInt(5), scale: 1 });
	});
	it('rejects junk', () => {
		for (const bad of ['', 'abc', '1,5', '.', '1.2.3', Infinity]) {
			expect(() => parseDecimal(bad as never)).toThrow(MoneyError);
		}
	});
});

describe('percentOf', () => {
	it('computes exact percentages with half-away rounding', () => {
		expect(percentOf(3984, 25.5)).toBe(1016); // 1015.92
		expect(percentOf(5073, '25.5')).toBe(1294); // 1293.615
		expect(percentOf(-5073, 25.5)).toBe(-1294);
		expect(percentOf(1000, 13.5)).toBe(135);
		expect(percentOf(1, 50)).toBe(1); // 0.5 → 1
		expect(percentOf(-1, 50)).toBe(-1);
		expect(percentOf(12345, 0)).toBe(0);
		expect(percentOf(10000, '12.3456')).toBe(1235); // 1234.56
	});
	it('matches a BigInt reference for random inputs', () => {
		fc.assert(
			fc.property(
				fc.integer({ min: -1e11, max: 1e11 }),
				fc.integer({ min: 0, max: 1_000_000 }),
				(cents, p4) => {
					const pct = p4 / 10_000; // up to 4 decimals
					const num = BigInt(cents) * BigInt(p4);
					const den = BigInt(1_000_000);
					const abs = num < BigInt(0) ? -num : num;
					let q = (abs * BigInt(2) + den) / (BigInt(2) * den);
					if (num < BigInt(0)) q = -q;
					return percentOf(cents, pct) === Number(q);
				},
			),
			RUNS,
		);
	});
});

describe('centsToAmount / amountToCents', () => {
	it('converts both ways', () => {
		expect(centsToAmount(3984)).toBe(39.84);
		expect(centsToAmount(-5000)).toBe(-50);
		expect(centsToAmount(0)).toBe(0);
		expect(amountToCents('39.84')).toBe(3984);
		expect(amountToCents(0.1)).toBe(10);
		expect(amountToCents('1000000.00')).toBe(100000000);
		expect(amountToCents(-0.07)).toBe(-7);
	});
	it('rejects more than 2 decimals and non-integers', () => {
		expect(() => amountToCents('1.005')).toThrow(/more than 2 decimals/);
		expect(() => amountToCents(0.001)).toThrow(MoneyError);
		expect(() => centsToAmount(1.5)).toThrow(MoneyError);
	});
	it('round-trips and prints at most 2 decimals', () => {
		fc.assert(
			fc.property(fc.integer({ min: -1e13, max: 1e13 }), (c) => {
				const a = centsToAmount(c);
				return amountToCents(a) === c && !/\.\d{3,}/.test(String(a)) && !/e/.test(String(a));
			}),
			RUNS,
		);
	});
});

describe('allocate', () => {
	it('splits by largest remainder', () => {
		expect(allocate(100, [1, 1, 1])).toEqual([34, 33, 33]);
		expect(allocate(-100, [1, 1, 1])).toEqual([-33, -33, -34]);
		expect(allocate(1000, [3, 7])).toEqual([300, 700]);
		expect(allocate(5, [0, 0])).toEqual([3, 2]);
		expect(allocate(10, [1, -1])).toEqual([5, 5]); // cancelling weights → equal split
		expect(allocate(0, [])).toEqual([]);
		expect(allocate(7, [0.5, 0.25, 0.25])).toEqual([3, 2, 2]);
		expect(() => allocate(1, [])).toThrow(MoneyError);
	});
	it('always sums exactly and stays within 1 of the ideal share', () => {
		fc.assert(
			fc.property(
				fc.integer({ min: -1e11, max: 1e11 }),
				fc.array(fc.integer({ min: -1e9, max: 1e9 }), { minLength: 1, maxLength: 8 }),
				(total, weights) => {
					const out = allocate(total, weights);
					if (out.length !== weights.length) return false;
					if (out.reduce((a, b) => a + b, 0) !== total) return false;
					const W = weights.reduce((a, b) => a + b, 0);
					if (W === 0) return true;
					return out.every((o, i) => {
						const ideal = (total * weights[i]) / W;
						return Math.abs(o - ideal) < 1 + 1e-6 * Math.abs(ideal);
					});
				},
			),
			RUNS,
		);
	});
});

describe('formatMoney and decimals', () => {
	it('formats for messages', () => {
		expect(formatMoney(6366, 'EUR')).toBe('63.66 EUR');
		expect(formatMoney(-5, 'eur')).toBe('-0.05 EUR');
		expect(formatMoney(1500, 'JPY')).toBe('1500 JPY');
		expect(formatMoney(1234, 'KWD')).toBe('1.234 KWD');
		expect(formatMoney(100, null)).toBe('1.00');
	});
	it('shifts and compares decimals exactly', () => {
		expect(shiftDecimal(0.255, 2)).toBe(25.5);
		expect(shiftDecimal(0.135, 2)).toBe(13.5);
		expect(shiftDecimal('0.1', 2)).toBe(10);
		expect(shiftDecimal(0.07, 2)).toBe(7);
		expect(decimalEquals(25.5, '25.50')).toBe(true);
		expect(decimalEquals(25.5, 25.51)).toBe(false);
		expect(decimalEquals('x', 1)).toBe(false);
	});
});
