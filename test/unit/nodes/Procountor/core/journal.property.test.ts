import fc from 'fast-check';
import {
	amountToCents,
	buildJournal,
	isWindows1252,
	procountorVat,
	type PleoExportItem,
} from '../../../../../nodes/Procountor/core';
import { cardItem, CTX, line, prepare } from './fixtures';

const RUNS = { numRuns: 10_000, seed: 20261129 };

const tagPool = [
	{ code: '100', groupCode: 'KUSTANNUSPAIKKA' },
	{ code: '200', groupCode: 'kustannuspaikka' },
	{ code: '300', groupCode: 'KUSTANNUSPAIKKA' },
	{ code: 'PRJ1001', groupCode: 'PROJEKTI' },
	{ code: 'prj1003', groupCode: 'Projekti' },
];
const lineArb = fc.record({
	gross: fc.integer({ min: 1, max: 25_000_000 }),
	rate: fc.constantFrom(0.255, 0.14, 0.135, 0.1, 0, null),
	reverse: fc.boolean(),
	code: fc.constantFrom('6800', '7600', '7670', '8380', '8450'),
	tags: fc.subarray(tagPool),
	netDelta: fc.option(fc.integer({ min: -2, max: 2 }), { nil: undefined }),
});
const itemArb = fc.record({
	lines: fc.array(lineArb, { minLength: 1, maxLength: 4 }),
	type: fc.constantFrom(
		'card_purchase',
		'refund',
		'cashback',
		'out_of_pocket',
		'mileage',
		'fee',
		'per_diem',
	),
	negative: fc.boolean(),
	currency: fc.constantFrom('EUR', 'USD', 'SEK'),
	rate4: fc.integer({ min: 5_000, max: 200_000 }),
	supplier: fc.string({ unit: 'grapheme', maxLength: 90 }),
	note: fc.string({ unit: 'binary', maxLength: 60 }),
	user: fc.string({ unit: 'grapheme', maxLength: 40 }),
	id: fc.uuid(),
	minute: fc.integer({ min: 0, max: 366 * 24 * 60 }),
});

function twoDecimals(v: number) {
	return !/e/i.test(String(v)) && !/\.\d{3,}/.test(String(v));
}

describe('buildJournal properties', () => {
	it('every journal balances within the reconciliation allowance and is Procountor-safe', () => {
		fc.assert(
			fc.property(itemArb, (g) => {
				const sign = g.negative ? -1 : 1;
				const lines = g.lines.map((l, i) =>
					line(`l${i}`, sign * l.gross, {
						currency: g.currency,
						code: l.code,
						rate: l.rate,
						taxType: l.reverse && l.rate ? 'reverse' : 'inclusive',
						net:
							l.netDelta === undefined ? undefined : sign * Math.round(l.gross / 1.2) + l.netDelta,
						tags: l.tags,
					}),
				);
				const total = lines.reduce((a, l) => a + l.lineAmount.inWalletCurrency.value, 0);
				const item: PleoExportItem = cardItem({
					accountingEntryId: g.id,
					type: g.type,
					date: new Date(Date.UTC(2026, 0, 1) + g.minute * 60_000).toISOString(),
					amount: { inWalletCurrency: { currency: g.currency, value: total } },
					accountingEntryLines: lines,
					supplier: { name: g.supplier },
					note: g.note,
					user: { name: g.user },
				});
				const rate = (g.rate4 / 10_000).toFixed(4);
				const r = buildJournal(prepare(item), {
					...CTX,
					rate: g.currency === 'EUR' ? undefined : rate,
				});
				if (!r.ok) {
					// only a tiny foreign amount may legitimately convert to zero
					return /converts to 0.00/.test(r.failure.failureReason);
				}
				const txs = r.journal.transactions;
				let sumValues = 0;
				let sumVat = 0;
				let vatLines = 0;
				for (const t of txs) {
					if (!twoDecimals(t.accountingValue)) return false;
					const v = amountToCents(t.accountingValue);
					sumValues += v;
					if (t.vatStatus !== 9) sumVat += procountorVat(v, t.vatPercent);
					if (t.vatStatus !== 9 && t.vatPercent !== 0) vatLines++;
					for (const d of t.dimensionItemValues ?? []) if (!twoDecimals(d.value)) return false;
					const perDim = new Map<unknown, number>();
					for (const d of t.dimensionItemValues ?? [])
						perDim.set(d.dimensionId, (perDim.get(d.dimensionId) ?? 0) + amountToCents(d.value));
					for (const s of perDim.values()) if (s !== v) return false;
					if (!isWindows1252(t.description) || Array.from(t.description).length > 255) return false;
				}
				const res = r.totals.residualCents;
				if (sumValues + sumVat + res !== 0) return false;
				if (Math.abs(res) > vatLines) return false;
				if (r.needsReconciliation !== (res !== 0)) return false;
				const credit = txs[txs.length - 1];
				if (amountToCents(credit.accountingValue) !== -r.totals.grossCents) return false;
				if (Array.from(r.journal.name).length > 80 || !isWindows1252(r.journal.name)) return false;
				if (!r.journal.name.endsWith(r.tag)) return false;
				if (
					!isWindows1252(r.journal.transactionDescription) ||
					Array.from(r.journal.transactionDescription).length > 255
				)
					return false;
				if (
					!isWindows1252(r.journal.invoiceNotes) ||
					Array.from(r.journal.invoiceNotes).length > 10000
				)
					return false;
				if (!/^\d{4}-\d{2}-\d{2}$/.test(r.journal.receiptDate)) return false;
				// refunds: debits negative, credit positive
				const refund = g.negative || ['refund', 'cashback'].includes(g.type);
				if (refund !== r.totals.grossCents < 0) return false;
				return true;
			}),
			RUNS,
		);
	});
});
