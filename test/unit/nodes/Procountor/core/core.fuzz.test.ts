// Fuzzing of the pure Procountor core: random AND malformed Pleo export items go through
// resolveContra → resolveLines → buildJournal (the Set Contra Accounts → Map Category →
// Export Expense chain) with realistic configurations. Every item must end either as a journal
// the Procountor sandbox accepts (same validation as POST /ledgerreceipts?createReconciliation=true)
// and that passes independent checks, or as a clear per-item failure. Never an exception.
//
// Runs are seeded: FUZZ_SEED=<n> reproduces a run, FUZZ_RUNS=<n> changes the run count. On a
// failure fast-check prints the seed and the counterexample path.
import fc from 'fast-check';
import {
	buildJournal,
	convertMinor,
	currencyDecimals,
	findTagInName,
	idempotencyTag,
	isWindows1252,
	procountorVat,
	resolveContra,
	resolveLines,
	type ContraConfig,
	type FailureReasonType,
	type ItemFailure,
	type JournalContext,
	type LineMapping,
	type MappingTable,
	type PleoExportItem,
	type ProcountorAccount,
	type ProcountorDimension,
	type ProcountorJournal,
	type UnmappedPolicy,
	type VatInfo,
	vatInfoOf,
} from '../../../../../nodes/Procountor/core';
import { ITEM_FAILURE_REASON_TYPES } from '../../../../../nodes/Pleo/core/constants';
import { createSeedState } from '../../../../../sandbox/procountor/seed';
import { validateLedgerReceipt } from '../../../../../sandbox/procountor/rules';

const SEED = Number(process.env.FUZZ_SEED ?? 20260314);
const RUNS = Math.max(2000, Number(process.env.FUZZ_RUNS ?? 2000));
const PARAMS = { seed: SEED, numRuns: RUNS };

// ---------- the Procountor company, taken from the sandbox seed (company 1001, EUR) ----------

const COMPANY = createSeedState().companies[1001];
const COA: ProcountorAccount[] = COMPANY.coa.map((a) => ({
	code: a.ledgerAccountCode,
	name: a.name,
	active: a.active,
}));
const VATS: VatInfo = {
	percentages: COMPANY.vat.percentages.filter((p) => p.purchase).map((p) => p.vatPercent),
	statuses: COMPANY.vat.vatStatuses.map((s) => ({
		status: s.vatStatus,
		sales: s.sales,
		purchase: s.purchase,
	})),
	reverseCharge: vatInfoOf({ vatStatuses: COMPANY.vat.vatStatuses }).reverseCharge,
};
const DIMENSIONS: ProcountorDimension[] = COMPANY.dimensions.map((d) => ({
	id: d.id,
	name: d.name,
	items: d.items.map((i) => ({ ...i })),
}));
const RATES: Record<string, string> = {
	USD: '1.0850',
	SEK: '11.4200',
	NOK: '11.6500',
	DKK: '7.4600',
	GBP: '0.8450',
	JPY: '161.20',
	KWD: '0.3321',
};

// Pleo's item failure reasons, as the Pleo node validates them before reporting.
const KNOWN_FAILURES: readonly FailureReasonType[] = ITEM_FAILURE_REASON_TYPES;

// ---------- strings: mixed Unicode, lone surrogates, huge ----------

const SAMPLES = [
	'Taxi Helsinki',
	'Ravintola Äänekoski',
	'Ødegård Åsa',
	'Jüri Tamm',
	'😀🚕🧾',
	'👩‍👩‍👧‍👦',
	'🇫🇮',
	'東京駅 弁当',
	'서울',
	'Москва Такси',
	'Київ',
	'שלום',
	'مرحبا',
	'\u202eevil\u202c',
	'e\u0301',
	'A\u030a\u0323',
	'Z\u0351\u0352\u0353',
	'\ud800',
	'\udfff',
	'x\udc00y',
	'\u0000\u0007\u001b',
	'\t\r\n',
	'\u200b\u200d\ufeff',
	'€ ‚ ƒ „ … † ‡ ˆ ‰ Š ‹ Œ Ž',
	'Ŕ ೠ',
	'   ',
	'',
];
const unit = fc.oneof(
	{ weight: 4, arbitrary: fc.constantFrom(...SAMPLES) },
	{ weight: 3, arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }) },
	{
		weight: 1,
		arbitrary: fc.integer({ min: 0xd800, max: 0xdfff }).map((c) => String.fromCharCode(c)),
	},
	{ weight: 3, arbitrary: fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 1 }) },
);
const HUGE = [
	'A'.repeat(100_000),
	'😀'.repeat(100_000),
	'Ж'.repeat(100_000),
	'e\u0301'.repeat(50_000),
	'\ud800'.repeat(100_000),
];
const shortText = fc.string({ unit, maxLength: 40 });
// 100k-character strings cost the core ~10-100 ms per field (it sanitises before truncating),
// so they are rarer than short ones to keep the suite fast.
const text: fc.Arbitrary<string> = fc.oneof(
	{ weight: 60, arbitrary: shortText },
	{ weight: 1, arbitrary: fc.constantFrom(...HUGE) },
);
const anything = fc.anything({ maxDepth: 2, maxKeys: 4 });
/** A value of the wrong type (or missing). */
const junk = fc.oneof(
	fc.constant(undefined),
	fc.constant(null),
	fc.integer(),
	fc.double(),
	fc.boolean(),
	fc.constant([]),
	fc.constant({}),
	text,
	anything,
);
function maybe<T>(arb: fc.Arbitrary<T>, junkWeight = 1): fc.Arbitrary<T | unknown> {
	return fc.oneof({ weight: 40, arbitrary: arb }, { weight: junkWeight, arbitrary: junk });
}
/** Mostly a valid choice, sometimes an invalid one. */
function pick<T>(valid: T[], invalid: T[], invalidWeight = 1): fc.Arbitrary<T> {
	return fc.oneof(
		{ weight: 12, arbitrary: fc.constantFrom(...valid) },
		{ weight: invalidWeight, arbitrary: fc.constantFrom(...invalid) },
	);
}

// ---------- Pleo export items ----------

const TYPES = [
	'card_purchase',
	'card_invoice',
	'refund',
	'fee',
	'cashback',
	'chargeback',
	'atm_withdrawal',
	'wallet_topup',
	'out_of_pocket',
	'mileage',
	'per_diem',
	'direct_reimbursement',
	'external_reimbursement',
	'invoice',
	'invoice_payment',
	'personal_spend',
	'space_travel',
	'',
];
const SUBTYPES = [null, 'reimbursement_to_company', 'reimbursement_to_employee_refund', 'x'];
const CURRENCY = pick(
	['EUR', 'EUR', 'EUR', 'EUR', 'eur', ' EUR ', 'SEK', 'USD', 'JPY', 'KWD'],
	['XXX', 'EU', ''],
);
const ACCOUNT_CODE = pick(
	['6800', '7600', '7620', '7630', '7670', '7680', '7850', '8380', '8450', '4000', ' 7600 '],
	['7777', '7999', '9999', ''],
);
type TaxSpec = [string, number | string | null, string | null];
const GOOD_TAXES: TaxSpec[] = [
	['VAT25.5', 0.255, 'inclusive'],
	['VAT25.5', '0.255', 'inclusive'],
	['VAT14', 0.14, 'inclusive'],
	['VAT13.5', 0.135, 'inclusive'],
	['VAT10', 0.1, 'exclusive'],
	['VAT0', 0, 'inclusive'],
	['EURC', 0.255, 'reverse'],
];
const BAD_TAXES: TaxSpec[] = [
	['VAT24', 0.24, 'inclusive'],
	['NEG', -0.1, 'inclusive'],
	['BIG', 1.5, 'inclusive'],
	['ABC', 'abc', 'inclusive'],
	['NULL', null, 'weird'],
	['TINY', 1e-7, 'inclusive'],
];
const TAG = pick(
	[
		{ code: '100', groupCode: 'KUSTANNUSPAIKKA' },
		{ code: '200', groupCode: 'kustannuspaikka' },
		{ code: '300', groupCode: 'KUSTANNUSPAIKKA' },
		{ code: '400', groupCode: 'KUSTANNUSPAIKKA' },
		{ code: 'PRJ1001', groupCode: 'PROJEKTI' },
		{ code: 'prj1002', groupCode: 'PROJEKTI' },
		{ code: 'PRJ1003', groupCode: 'PROJEKTI' },
		{ code: '', groupCode: 'PROJEKTI' },
	],
	[
		{ code: '900', groupCode: 'KUSTANNUSPAIKKA' },
		{ code: '999', groupCode: 'KUSTANNUSPAIKKA' },
		{ code: 'OLD', groupCode: 'KUSTANNUSPAIKKA' },
		{ code: '100', groupCode: 'UNKNOWN' },
		{ code: '100', groupCode: '' },
	],
);

/** Minor units: mostly integers (incl. 0, ±1, huge), sometimes fractional / 0.005 edges / junk. */
const minor = fc.oneof(
	{ weight: 60, arbitrary: fc.integer({ min: -500_000, max: 500_000 }) },
	{ weight: 3, arbitrary: fc.constantFrom(0, 1, -1, 2, 3, 5, 99, 100, 101, 6366, -6366) },
	{ weight: 1, arbitrary: fc.integer({ min: -1_000_000_000_000, max: 1_000_000_000_000 }) },
	{
		weight: 1,
		arbitrary: fc.constantFrom(0.5, 0.005, 12.005, 1.5, -0.5, 1e-9, 2 ** 53, -(2 ** 53)),
	},
	{ weight: 1, arbitrary: fc.double({ noNaN: false }) },
	{ weight: 1, arbitrary: fc.constantFrom('100', '1.00', null, undefined, NaN, Infinity) },
);

interface LineSpec {
	gross: number | unknown;
	netDelta: number | null;
	code: string;
	name: string;
	tax: TaxSpec | null;
	tags: Array<{ code: string; groupCode: string }>;
	dupTags: boolean;
	id: string | null;
}
const lineSpec: fc.Arbitrary<LineSpec> = fc.record({
	gross: minor,
	netDelta: fc.option(fc.integer({ min: -3, max: 3 }), { nil: null }),
	code: ACCOUNT_CODE,
	name: fc.oneof(fc.constantFrom('Travel', 'Meals', 'Software'), text),
	tax: fc.option(pick(GOOD_TAXES, BAD_TAXES), { nil: null, freq: 6 }),
	tags: fc.array(TAG, { maxLength: 3 }),
	dupTags: fc.boolean(),
	id: fc.option(fc.uuid(), { nil: null, freq: 8 }),
});

/** The net Pleo would report: the exact net for the rate when possible, plus a small error. */
function pleoNet(gross: unknown, rate: unknown, delta: number | null): unknown {
	if (typeof gross !== 'number' || !Number.isSafeInteger(gross)) return gross;
	const r = typeof rate === 'number' ? rate : Number(rate);
	if (!Number.isFinite(r) || r < 0) return gross;
	// test-only approximation of Pleo's net; the core never trusts it blindly
	return Math.round((gross * 1000) / (1000 + r * 1000)) + (delta ?? 0);
}

const itemArb: fc.Arbitrary<unknown> = fc
	.record({
		id: fc.oneof(
			{ weight: 20, arbitrary: fc.uuid() },
			{ weight: 1, arbitrary: fc.constantFrom('', '   ', null, undefined, 42) },
			{ weight: 1, arbitrary: text },
		),
		type: maybe(pick(TYPES.slice(0, 13), TYPES.slice(13))),
		subType: fc.constantFrom(...SUBTYPES),
		currency: maybe(CURRENCY),
		lines: fc.oneof(
			{ weight: 20, arbitrary: fc.array(lineSpec, { minLength: 1, maxLength: 4 }) },
			{ weight: 1, arbitrary: fc.constant([] as LineSpec[]) },
		),
		totalDelta: fc.oneof(
			{ weight: 30, arbitrary: fc.constant(0) },
			{ weight: 1, arbitrary: fc.integer({ min: -1000, max: 1000 }) },
			{ weight: 1, arbitrary: fc.constantFrom(0.5, 0.005) },
		),
		otherLineCurrency: fc.option(fc.constantFrom('SEK', 'USD', null), { nil: undefined, freq: 30 }),
		date: maybe(
			fc.oneof(
				fc
					.date({
						min: new Date('2026-01-02T00:00:00Z'),
						max: new Date('2026-12-30T00:00:00Z'),
						noInvalidDate: true,
					})
					.map((d) => d.toISOString()),
				pick(
					['2026-03-14', '2026-01-01T00:30:00+02:00', '2026-12-31T21:30:00Z', '2027-06-01'],
					['2026-02-30', 'yesterday', '', '2025-06-01', '2026-12-31T22:30:00Z'],
				),
			),
		),
		supplier: maybe(fc.record({ name: text, country: fc.constantFrom('FI', 'SE', null) })),
		note: maybe(text),
		user: maybe(fc.record({ name: text, code: fc.constantFrom('E100', 'E101', null) })),
		files: fc.oneof(
			fc.constant([]),
			fc.constant(null),
			fc.constant([{ url: 'http://127.0.0.1/r.jpg', type: 'image/jpeg', size: 1000 }]),
			maybe(fc.constant([])),
		),
		contraCode: fc.option(fc.constantFrom('1940', '1910', '9999', ''), { nil: null }),
		extra: fc.option(fc.dictionary(fc.string({ maxLength: 8 }), junk, { maxKeys: 3 }), {
			nil: null,
		}),
		mutateLine: fc.option(
			fc.record({
				index: fc.nat(4),
				field: fc.constantFrom('tax', 'account', 'tags', 'lineAmount', 'netAmount', 'self'),
				value: junk,
			}),
			{ nil: null, freq: 15 },
		),
	})
	.map((s) => {
		const lines = s.lines.map((l, i) => {
			const cur = s.otherLineCurrency && i === 0 ? s.otherLineCurrency : s.currency;
			const tags = l.dupTags ? [...l.tags, ...l.tags] : l.tags;
			const line: Record<string, unknown> = {
				accountingEntryLineId: l.id,
				lineAmount: {
					inSupplierCurrency: { currency: cur, value: l.gross },
					inWalletCurrency: { currency: cur, value: l.gross },
				},
				netAmount: {
					inWalletCurrency: {
						currency: cur,
						value: l.netDelta === null ? l.gross : pleoNet(l.gross, l.tax?.[1], l.netDelta),
					},
				},
				account: { id: `a${i}`, code: l.code, name: l.name },
				tax: l.tax ? { id: `t${i}`, code: l.tax[0], rate: l.tax[1], type: l.tax[2] } : null,
				tags,
			};
			return line;
		});
		if (s.mutateLine && lines.length > 0) {
			const k = s.mutateLine.index % lines.length;
			if (s.mutateLine.field === 'self') (lines as unknown[])[k] = s.mutateLine.value;
			else lines[k][s.mutateLine.field] = s.mutateLine.value;
		}
		const sum = s.lines.reduce<number>(
			(a, l) => (typeof l.gross === 'number' ? a + l.gross : a),
			0,
		);
		const item: Record<string, unknown> = {
			...(s.extra ?? {}),
			accountingEntryId: s.id,
			companyId: '00000000-0000-4000-8000-000000001001',
			type: s.type,
			subType: s.subType,
			date: s.date,
			amount: {
				inSupplierCurrency: { currency: s.currency, value: sum + s.totalDelta },
				inWalletCurrency: { currency: s.currency, value: sum + s.totalDelta },
			},
			note: s.note,
			accountingEntryLines: lines,
			contraAccount: s.contraCode === null ? null : { code: s.contraCode, name: 'Pleo' },
			supplier: s.supplier,
			user: s.user,
			files: s.files,
			jobId: 'job-fuzz',
		};
		return item;
	});

/** Mostly generated items, sometimes anything at all. */
const anyItem = fc.oneof({ weight: 15, arbitrary: itemArb }, { weight: 1, arbitrary: anything });

// ---------- configurations ----------

interface Config {
	contra: ContraConfig;
	table: MappingTable;
	policy: UnmappedPolicy;
	unknownTags: 'fail' | 'skip';
	badRate: string | null;
	timeZone: string;
}
const configArb: fc.Arbitrary<Config> = fc.record({
	contra: fc.record({
		cardAccount: fc.constantFrom('1940', '1940', ''),
		outOfPocketAccount: fc.constantFrom('2940', '2940', ''),
		reimbursementAccount: fc.constantFrom('1910', '1910', undefined),
		currencyOverrides: fc.constantFrom<Record<string, string>>(
			{},
			{ SEK: '1910' },
			{ usd: ' 1940 ' },
		),
		preferPleoContra: fc.boolean(),
	}),
	table: fc.record({
		accountRows: fc.constantFrom<MappingTable['accountRows'][]>(
			[],
			[{ pleo: '7777', account: '6800' }],
			[
				{ pleo: 'Meals', account: '7670', vatPercent: 14 },
				{ pleo: '8380', account: '8380', vatStatus: 9 },
				{ pleo: '7600', account: '7600', vatDeductionPercent: 50 },
			],
			[{ pleo: '6800', account: '' }],
			[{ pleo: '7680', account: '7680', vatDeductionPercent: 0, vatPercent: 0 }],
		),
		taxRows: fc.constantFrom<MappingTable['taxRows'][]>(
			[],
			[{ taxCode: 'EURC', vatStatus: 9, vatPercent: 25.5 }],
			[{ taxCode: 'VAT24', vatStatus: 1, vatPercent: 25.5 }],
			[{ taxCode: 'VAT14', vatStatus: 5, vatPercent: 14 }],
			[{ taxCode: 'VAT10', vatStatus: 1, vatPercent: 10, vatDeductionPercent: 150 }],
		),
	}),
	policy: fc.constantFrom<UnmappedPolicy>('usePleoCode', 'usePleoCode', 'fail'),
	unknownTags: fc.constantFrom<'fail' | 'skip'>('fail', 'skip'),
	badRate: fc.option(fc.constantFrom('0', '-1', 'abc', '1e-300', '1e300'), { nil: null, freq: 12 }),
	timeZone: fc.constantFrom(
		'Europe/Helsinki',
		'Europe/Helsinki',
		'UTC',
		'Pacific/Kiritimati',
		'Mars/Olympus',
	),
});

// ---------- the chain and the oracle ----------

type Outcome =
	| {
			ok: true;
			journal: ProcountorJournal;
			tag: string;
			residual: number;
			sign: 1 | -1;
			needsRec: boolean;
			mappings: LineMapping[];
	  }
	| { ok: false; failure: ItemFailure };

/** What the nodes do, step by step: a failed step stops the chain for that item. */
function runChain(item: unknown, cfg: Config): Outcome {
	const it = item as PleoExportItem;
	const contra = resolveContra(it, cfg.contra);
	if (!contra.ok) return contra;
	const lines = resolveLines(it, cfg.table, cfg.policy, COA, VATS);
	if (!lines.ok) return lines;
	const prepared: PleoExportItem = {
		...it,
		procountor: { contra: contra.contra, lines: lines.lines },
	};
	const wallet = it.amount?.inWalletCurrency?.currency;
	const cur = typeof wallet === 'string' ? wallet.trim().toUpperCase() : '';
	const ctx: JournalContext = {
		companyCurrency: 'EUR',
		timeZone: cfg.timeZone,
		dimensions: DIMENSIONS,
		unknownTags: cfg.unknownTags,
		rate: cfg.badRate ?? RATES[cur],
		vatRates: VATS.percentages,
		noVatStatus: 12,
	};
	const r = buildJournal(prepared, ctx);
	if (!r.ok) return r;
	return {
		ok: true,
		journal: r.journal,
		tag: r.tag,
		residual: r.totals.residualCents,
		sign: r.sign,
		needsRec: r.needsReconciliation,
		mappings: lines.lines,
	};
}

function cents(v: number): number {
	const c = Math.round(v * 100);
	expect(Number.isSafeInteger(c)).toBe(true);
	// at most 2 decimals: the JSON number is exactly c / 100
	expect(c / 100).toBe(v === 0 ? 0 : v);
	expect(String(v)).toMatch(/^-?\d+(\.\d{1,2})?$/);
	return c;
}

function checkFailure(item: unknown, f: ItemFailure): void {
	expect(KNOWN_FAILURES).toContain(f.failureReasonType);
	expect(typeof f.failureReason).toBe('string');
	expect(f.failureReason.trim().length).toBeGreaterThan(10);
	expect(['setContraAccounts', 'mapCategory', 'exportExpense', 'importDimensions']).toContain(
		f.step,
	);
	const obj = typeof item === 'object' && item !== null && !Array.isArray(item);
	if (!obj) {
		expect(f.failureReason).toMatch(/not a Pleo export item/);
		return;
	}
	// names the expense so a bookkeeper can find it in Pleo
	const id = (item as PleoExportItem).accountingEntryId;
	if (typeof id === 'string' && id) expect(f.failureReason).toContain(id);
	else
		expect(f.failureReason).toMatch(
			/Pleo accounting entry without id|has no accountingEntryId|expense/i,
		);
}

const TEXT_LIMITS: Array<[keyof ProcountorJournal, number]> = [
	['name', 80],
	['transactionDescription', 255],
	['invoiceNotes', 10000],
];

function isCalendarDate(s: string): boolean {
	const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
	if (!m) return false;
	const d = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3]));
	return d.toISOString().slice(0, 10) === s;
}

function checkJournal(item: PleoExportItem, out: Extract<Outcome, { ok: true }>): void {
	const j = out.journal;
	// the sandbox's POST /ledgerreceipts?createReconciliation=true validation
	let tx = 1;
	const v = validateLedgerReceipt(COMPANY, JSON.parse(JSON.stringify(j)), true, () => tx++);
	// (fixed) a mapping's VAT model matches what Procountor books for its status: status 1 adds
	// VAT, 3/8/9 are reverse charge, anything else only at 0 %.
	const vatMismatch = out.mappings.some(
		(m) =>
			m.vatPercent !== 0 &&
			((m.vatStatus !== 1 && !m.reverseCharge) || (m.vatStatus === 1 && m.reverseCharge)),
	);
	expect(vatMismatch).toBe(false);
	if (!v.ok) {
		const msgs = v.errors.map((e) => e.message);
		// Pleo's own contra account (“Prefer Pleo contra account”) is not checked against the chart
		// by the core (resolveContra gets no chart): Procountor refuses it, the node reports it.
		const unknown = j.transactions
			.map((t) => t.account)
			.filter((a) => !COA.some((c) => c.code === a));
		if (unknown.length > 0) {
			expect(msgs).toContain(`ACCOUNT_NOT_FOUND: ledger account ${unknown[0]} not found`);
			return;
		}
		// otherwise only the period may differ (dates outside the open fiscal years)
		expect(msgs).toEqual([expect.stringMatching(/not in an open fiscal/)]);
		expect(v.httpStatus).toBe(409);
	}
	// texts: Windows-1252 and within limits
	for (const [k, max] of TEXT_LIMITS) {
		const s = j[k] as string;
		expect(typeof s).toBe('string');
		expect(isWindows1252(s)).toBe(true);
		expect(Array.from(s).length).toBeLessThanOrEqual(max);
	}
	expect(j.name.length).toBeGreaterThan(0);
	expect(findTagInName(j.name)).toBe(out.tag);
	expect(j.name.endsWith(out.tag)).toBe(true);
	expect(out.tag).toBe(idempotencyTag(String(item.accountingEntryId).trim()));
	expect(j.receiptDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
	expect(isCalendarDate(j.receiptDate)).toBe(true);
	// balance with Procountor's VAT computation
	let total = 0;
	for (const t of j.transactions) {
		expect(isWindows1252(t.description)).toBe(true);
		expect(Array.from(t.description).length).toBeLessThanOrEqual(255);
		const c = cents(t.accountingValue);
		total += c;
		if (t.vatStatus === 1 && t.vatPercent !== 0) total += procountorVat(c, t.vatPercent);
		// dimension values sum to their line, per dimension, with at most 2 dp
		const sums = new Map<string, number>();
		for (const d of t.dimensionItemValues ?? []) {
			sums.set(String(d.dimensionId), (sums.get(String(d.dimensionId)) ?? 0) + cents(d.value));
		}
		for (const s of sums.values()) expect(s).toBe(c);
	}
	expect(total + out.residual).toBe(0);
	expect(out.needsRec).toBe(total !== 0);
	expect(Math.abs(total)).toBeLessThanOrEqual(100);
	// the credit (last line) carries the whole expense, converted when needed
	const w = item.amount?.inWalletCurrency;
	const cur = String(w?.currency).trim().toUpperCase();
	const value = (w?.value as number) * out.sign;
	const credit = cents(j.transactions[j.transactions.length - 1].accountingValue);
	const expected =
		cur === 'EUR'
			? value
			: convertMinor(value, RATES[cur], 'toCompany', {
					foreignDecimals: currencyDecimals(cur),
					companyDecimals: 2,
				});
	const reimbursement = ['direct_reimbursement', 'external_reimbursement'].includes(
		String(item.type),
	);
	if (reimbursement) expect(Math.abs(credit)).toBe(Math.abs(expected));
	else expect(credit).toBe(-expected);
}

/**
 * Bugs found by this fuzzer and reported, each reproduced by an `it.failing` test below. The big
 * property tolerates exactly these throws (and counts them) so it keeps hunting for new ones.
 * When a bug is fixed its `it.failing` test fails: remove the entry and the `.failing`.
 */
const KNOWN_BUGS: Array<{ id: string; stack: RegExp }> = [];
const knownBugHits = new Map<string, number>();
const outcomes = { journals: 0, failures: 0 };

function check(item: unknown, cfg: Config): void {
	let out: Outcome;
	try {
		out = runChain(item, cfg);
	} catch (e) {
		const stack = String((e as Error)?.stack ?? e);
		const known = KNOWN_BUGS.find((b) => b.stack.test(stack));
		if (known) {
			knownBugHits.set(known.id, (knownBugHits.get(known.id) ?? 0) + 1);
			return;
		}
		throw new Error(`the core threw instead of a per-item failure: ${stack}`);
	}
	if (out.ok) {
		outcomes.journals++;
		checkJournal(item as PleoExportItem, out);
	} else {
		outcomes.failures++;
		checkFailure(item, out.failure);
	}
}

// ---------- properties ----------

describe(`core fuzzing (seed ${SEED}, ${RUNS} runs per property)`, () => {
	it('random and malformed items: a valid journal or a clear per-item failure, never a throw', () => {
		fc.assert(
			fc.property(anyItem, configArb, (item, cfg) => check(item, cfg)),
			PARAMS,
		);
		// the generator must reach the journal builder often, not only the early validations
		expect(outcomes.journals).toBeGreaterThan(RUNS / 100);
		expect(outcomes.failures).toBeGreaterThan(RUNS / 10);
	});

	it('well-formed EUR card purchases with known rates and accounts always export', () => {
		const cfg: Config = {
			contra: { cardAccount: '1940', outOfPocketAccount: '2940', reimbursementAccount: '1910' },
			table: { accountRows: [], taxRows: [] },
			policy: 'usePleoCode',
			unknownTags: 'fail',
			badRate: null,
			timeZone: 'Europe/Helsinki',
		};
		const goodLine = fc.record({
			gross: fc.integer({ min: -2_000_000, max: 2_000_000 }),
			rate: fc.constantFrom(0.255, 0.14, 0.135, 0.1, 0),
			code: fc.constantFrom('6800', '7600', '7670', '8380'),
			tags: fc.subarray([
				{ code: '100', groupCode: 'KUSTANNUSPAIKKA' },
				{ code: '200', groupCode: 'KUSTANNUSPAIKKA' },
				{ code: 'PRJ1001', groupCode: 'PROJEKTI' },
				{ code: 'PRJ1003', groupCode: 'PROJEKTI' },
			]),
		});
		fc.assert(
			fc.property(
				fc.array(goodLine, { minLength: 1, maxLength: 5 }),
				fc.constantFrom('card_purchase', 'out_of_pocket', 'refund'),
				shortText,
				fc.uuid(),
				(ls, type, merchant, id) => {
					const sum = ls.reduce((a, l) => a + l.gross, 0);
					fc.pre(sum !== 0);
					const item: PleoExportItem = {
						accountingEntryId: id,
						type,
						date: '2026-05-05T12:00:00Z',
						amount: { inWalletCurrency: { currency: 'EUR', value: sum } },
						supplier: { name: merchant },
						user: { name: merchant },
						accountingEntryLines: ls.map((l, i) => ({
							accountingEntryLineId: `l${i}`,
							lineAmount: { inWalletCurrency: { currency: 'EUR', value: l.gross } },
							account: { code: l.code, name: merchant },
							tax: { code: 'X', rate: l.rate, type: 'inclusive' },
							tags: l.tags,
						})),
					};
					const out = runChain(item, cfg);
					if (!out.ok) throw new Error(`expected a journal: ${out.failure.failureReason}`);
					checkJournal(item, out);
				},
			),
			PARAMS,
		);
	});

	it('lines that do not sum to the amount fail with validation_failure naming the expense', () => {
		const cfg: Config = {
			contra: { cardAccount: '1940', outOfPocketAccount: '2940' },
			table: { accountRows: [], taxRows: [] },
			policy: 'usePleoCode',
			unknownTags: 'fail',
			badRate: null,
			timeZone: 'Europe/Helsinki',
		};
		fc.assert(
			fc.property(
				fc.array(fc.integer({ min: -100_000, max: 100_000 }), { minLength: 1, maxLength: 5 }),
				fc.integer({ min: -500, max: 500 }).filter((d) => d !== 0),
				fc.uuid(),
				(gs, delta, id) => {
					const item: PleoExportItem = {
						accountingEntryId: id,
						type: 'card_purchase',
						date: '2026-05-05',
						amount: {
							inWalletCurrency: { currency: 'EUR', value: gs.reduce((a, b) => a + b, 0) + delta },
						},
						accountingEntryLines: gs.map((g) => ({
							lineAmount: { inWalletCurrency: { currency: 'EUR', value: g } },
							account: { code: '7600' },
							tax: { rate: 0.255, type: 'inclusive' },
						})),
					};
					const out = runChain(item, cfg);
					expect(out.ok).toBe(false);
					if (out.ok) return;
					expect(out.failure.failureReasonType).toBe('validation_failure');
					expect(out.failure.failureReason).toContain(id);
					expect(out.failure.failureReason).toMatch(/add up to/);
				},
			),
			PARAMS,
		);
	});

	it('fractional or non-numeric minor units never reach a journal', () => {
		const cfg: Config = {
			contra: { cardAccount: '1940', outOfPocketAccount: '2940' },
			table: { accountRows: [], taxRows: [] },
			policy: 'usePleoCode',
			unknownTags: 'skip',
			badRate: null,
			timeZone: 'Europe/Helsinki',
		};
		const bad = fc.oneof(
			fc.double({ noInteger: true }),
			fc.constantFrom(0.005, 12.005, -0.005, 1.5, NaN, Infinity, '100', null, 2 ** 60),
		);
		fc.assert(
			fc.property(bad, fc.boolean(), fc.uuid(), (v, onTotal, id) => {
				const item: PleoExportItem = {
					accountingEntryId: id,
					type: 'card_purchase',
					date: '2026-05-05',
					amount: { inWalletCurrency: { currency: 'EUR', value: (onTotal ? v : 1000) as number } },
					accountingEntryLines: [
						{
							lineAmount: {
								inWalletCurrency: { currency: 'EUR', value: (onTotal ? 1000 : v) as number },
							},
							account: { code: '7600' },
							tax: { rate: 0.14, type: 'inclusive' },
						},
					],
				};
				const out = runChain(item, cfg);
				expect(out.ok).toBe(false);
				if (!out.ok) checkFailure(item, out.failure);
			}),
			PARAMS,
		);
	});

	// Fixed fuzzer findings (regression tests in test/unit/nodes/Procountor/core/fuzz-regressions.test.ts).
	it('line tags that are not an array give a per-item failure', () => {
		for (const tags of [0, 7, {}, { code: '100' }, 'KUSTANNUSPAIKKA:100']) {
			const item = {
				accountingEntryId: 'ae-bug-2',
				type: 'card_purchase',
				date: '2026-05-05',
				amount: { inWalletCurrency: { currency: 'EUR', value: 1000 } },
				accountingEntryLines: [
					{
						lineAmount: { inWalletCurrency: { currency: 'EUR', value: 1000 } },
						account: { code: '7600' },
						tax: null,
						tags,
					},
				],
			} as unknown as PleoExportItem;
			const cfg: Config = {
				contra: { cardAccount: '1940', outOfPocketAccount: '2940' },
				table: { accountRows: [], taxRows: [] },
				policy: 'usePleoCode',
				unknownTags: 'fail',
				badRate: null,
				timeZone: 'Europe/Helsinki',
			};
			expect(() => runChain(item, cfg)).not.toThrow();
		}
	});

	it('an account row setting only the VAT percent or status books the VAT Procountor books', () => {
		const cases: Array<[MappingTable, TaxSpec | null]> = [
			[{ accountRows: [{ pleo: '7670', account: '7670', vatPercent: 14 }], taxRows: [] }, null],
			[
				{ accountRows: [{ pleo: '8380', account: '8380', vatStatus: 9 }], taxRows: [] },
				['VAT25.5', 0.255, 'inclusive'],
			],
		];
		for (const [table, tax] of cases) {
			const code = table.accountRows[0].pleo;
			const item = {
				accountingEntryId: 'ae-bug-4',
				type: 'card_purchase',
				date: '2026-05-05',
				amount: { inWalletCurrency: { currency: 'EUR', value: 100000 } },
				accountingEntryLines: [
					{
						lineAmount: { inWalletCurrency: { currency: 'EUR', value: 100000 } },
						account: { code },
						tax: tax ? { code: tax[0], rate: tax[1], type: tax[2] } : null,
					},
				],
			} as PleoExportItem;
			const out = runChain(item, {
				contra: { cardAccount: '1940', outOfPocketAccount: '2940' },
				table,
				policy: 'usePleoCode',
				unknownTags: 'fail',
				badRate: null,
				timeZone: 'Europe/Helsinki',
			});
			// either a clear failure (inconsistent configuration) or a journal Procountor accepts
			if (out.ok) {
				const v = validateLedgerReceipt(
					COMPANY,
					JSON.parse(JSON.stringify(out.journal)),
					true,
					() => 1,
				);
				expect(v.ok ? [] : v.errors.map((e) => e.message)).toEqual([]);
			}
		}
	});

	it('an impossible calendar date is refused (2026-02-30)', () => {
		const item = {
			accountingEntryId: 'ae-bug-3',
			type: 'card_purchase',
			date: '2026-02-30',
			amount: { inWalletCurrency: { currency: 'EUR', value: 1000 } },
			accountingEntryLines: [
				{
					lineAmount: { inWalletCurrency: { currency: 'EUR', value: 1000 } },
					account: { code: '7600' },
				},
			],
		} as PleoExportItem;
		const out = runChain(item, {
			contra: { cardAccount: '1940', outOfPocketAccount: '2940' },
			table: { accountRows: [], taxRows: [] },
			policy: 'usePleoCode',
			unknownTags: 'fail',
			badRate: null,
			timeZone: 'Europe/Helsinki',
		});
		expect(out.ok).toBe(false);
	});

	it('a non-string wallet currency gives a per-item failure', () => {
		for (const currency of [978, [], {}, true]) {
			const item = {
				accountingEntryId: 'ae-bug-1',
				type: 'card_purchase',
				date: '2026-05-05',
				amount: { inWalletCurrency: { currency, value: 1000 } },
			} as unknown as PleoExportItem;
			expect(() =>
				resolveContra(item, { cardAccount: '', outOfPocketAccount: '2940' }),
			).not.toThrow();
		}
	});
});
