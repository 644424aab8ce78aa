import { extOf, fileSize, mimeOf } from './files';
import { SEED_EXPENSES, type ExpenseSpec, type LineSpec } from './seed-expenses';
import type {
	Account,
	Employee,
	Expense,
	ExpenseType,
	PleoState,
	Tag,
	TagGroup,
	TagRef,
	TaxCode,
	Team,
} from './state';
import { createPrng, mulDivRound, randInt, uuidFor } from './util';

export const PLEO_SEED = {
	apiKey: 'pleo-demo-api-key',
	companyId: '00000000-0000-4000-8000-000000001001',
} as const;

const SEED_TIME = '2026-01-01T08:00:00Z';

/** Foreign units per 1 EUR, as scaled integers (×10000), matching the Procountor sandbox. */
const FX: Record<string, number> = { EUR: 10000, USD: 10850, SEK: 114200, NOK: 116500 };

export function toWallet(amount: number, currency: string): number {
	const rate = FX[currency];
	if (!rate) throw new Error(`no FX rate for ${currency}`);
	return mulDivRound(amount, 10000, rate);
}

const ACCOUNTS: Array<[string, string]> = [
	['6800', 'Office supplies'],
	['7600', 'Travel expenses'],
	['7620', 'Mileage allowances'],
	['7630', 'Per diem allowances'],
	['7670', 'Meals'],
	['7680', 'Entertainment'],
	['7850', 'Training'],
	['8380', 'Software and licences'],
	['8450', 'Bank charges'],
	['1940', 'Pleo card account'],
	['2940', 'Liabilities to employees'],
	['1910', 'Bank account'],
	['7777', 'Misc (not in Procountor)'],
];

const TAX_CODES: Array<[string, string, number, TaxCode['type']]> = [
	['VAT25.5', 'VAT 25.5%', 0.255, 'inclusive'],
	['VAT14', 'VAT 14%', 0.14, 'inclusive'],
	['VAT13.5', 'VAT 13.5%', 0.135, 'inclusive'],
	['VAT10', 'VAT 10%', 0.1, 'inclusive'],
	['VAT0', 'VAT 0%', 0, 'inclusive'],
	['EURC', 'EU reverse charge 25.5%', 0.255, 'reverse'],
];

const TAG_GROUPS: Array<{ code: string; name: string; tags: Array<[string, string]> }> = [
	{
		code: 'KUSTANNUSPAIKKA',
		name: 'Kustannuspaikka',
		tags: [
			['100', 'Hallinto'],
			['200', 'Sales'],
			['OLD', 'Old cost centre'],
		],
	},
	{ code: 'PROJEKTI', name: 'Projekti', tags: [['PRJ1001', 'Verkkosivu-uudistus']] },
];

const EMPLOYEES: Array<[string, string, string]> = [
	['Matti', 'Meikäläinen', 'E100'],
	['Liisa', 'Virtanen', 'E101'],
	['Jüri', 'Tamm', 'E102'],
	['Ødegård', 'Åsa', 'E103'],
];

const TEAMS: Array<[string, string]> = [
	['ADM', 'Administration'],
	['SAL', 'Sales'],
	['DEV', 'Product development'],
];

export function emptyState(): PleoState {
	return {
		company: {
			id: PLEO_SEED.companyId,
			name: 'Pleo Demo Oy',
			organizationId: '00000000-0000-4000-8000-000000000100',
			registrationNumber: '1234567-8',
			walletCurrency: 'EUR',
			contraAccounts: { card: '1940', outOfPocket: '2940', reimbursement: '1910' },
		},
		apiKey: PLEO_SEED.apiKey,
		employees: [],
		teams: [],
		accounts: new Map(),
		taxCodes: new Map(),
		tagGroups: new Map(),
		tags: new Map(),
		expenses: new Map(),
		files: new Map(),
		jobs: new Map(),
		subscriptions: new Map(),
		events: [],
		deliveries: [],
		writeCount: 0,
		writeLog: [],
		generatedCount: 0,
		counter: 0,
	};
}

export function createSeedState(opts: {
	generatedExpenses: number;
	seed: number;
	receiptFiles: boolean;
}): PleoState {
	const state = emptyState();
	const companyId = state.company.id;
	for (const [first, last, code] of EMPLOYEES) {
		const e: Employee = {
			id: uuidFor(`employee:${code}`),
			companyId,
			firstName: first,
			lastName: last,
			email: `${code.toLowerCase()}@pleo-demo.example`,
			code,
			jobTitle: null,
			phone: null,
		};
		state.employees.push(e);
	}
	for (const [code, name] of TEAMS)
		state.teams.push({ id: uuidFor(`team:${code}`), name, code } as Team);
	for (const [code, name, rate, type] of TAX_CODES) {
		const t: TaxCode = {
			id: uuidFor(`tax:${code}`),
			companyId,
			name,
			code,
			rate,
			type,
			archived: false,
			ingoingTaxAccount: type === 'reverse' ? '1765' : null,
			outgoingTaxAccount: type === 'reverse' ? '2939' : null,
			accountingIntegrationSystem: null,
			createdAt: SEED_TIME,
			updatedAt: SEED_TIME,
		};
		state.taxCodes.set(t.id, t);
	}
	for (const [code, name] of ACCOUNTS) {
		const a: Account = {
			id: uuidFor(`account:${code}`),
			companyId,
			externalId: code,
			code,
			name,
			archived: false,
			taxCodeExternalId: null,
			metadata: null,
			createdAt: SEED_TIME,
			updatedAt: SEED_TIME,
		};
		state.accounts.set(a.id, a);
	}
	for (const g of TAG_GROUPS) {
		const group: TagGroup = {
			id: uuidFor(`tag-group:${g.code}`),
			companyId,
			name: g.name,
			code: g.code,
			archived: false,
			metadata: {},
			createdAt: SEED_TIME,
			updatedAt: SEED_TIME,
		};
		state.tagGroups.set(group.id, group);
		for (const [code, name] of g.tags) {
			const tag: Tag = {
				id: uuidFor(`tag:${g.code}:${code}`),
				groupId: group.id,
				code,
				name,
				archived: false,
				createdAt: SEED_TIME,
				updatedAt: SEED_TIME,
			};
			state.tags.set(tag.id, tag);
		}
	}
	for (const spec of SEED_EXPENSES) addExpense(state, spec, opts.receiptFiles);
	if (opts.generatedExpenses > 0) generateExpenses(state, opts.generatedExpenses, opts.seed, {});
	return state;
}

function tagRef(state: PleoState, ref: string): TagRef {
	const [groupCode, code] = ref.split(':');
	const group = [...state.tagGroups.values()].find((g) => g.code === groupCode);
	const groupId = group ? group.id : uuidFor(`tag-group:${groupCode}`);
	const tag = [...state.tags.values()].find((t) => t.groupId === groupId && t.code === code);
	// Unknown tags (e.g. `999`) are dangling references to a tag that no longer exists in Pleo.
	return { id: tag ? tag.id : uuidFor(`tag:${groupCode}:${code}`), code, groupCode, groupId };
}

function addExpense(state: PleoState, spec: ExpenseSpec, withFiles: boolean): Expense {
	const currency = spec.currency ?? 'EUR';
	const id = uuidFor(`expense:${spec.key}`);
	const employee = state.employees.find((e) => e.code === spec.employee) ?? state.employees[0];
	const team = spec.team ? state.teams.find((t) => t.code === spec.team) : undefined;
	const fileIds: string[] = [];
	if (withFiles) {
		spec.files.forEach((kind, i) => {
			const fid = uuidFor(`file:${spec.key}:${i}`);
			state.files.set(fid, {
				id: fid,
				accountingEntryId: id,
				kind,
				mimeType: mimeOf(kind),
				name: `receipt-${spec.key}-${i + 1}.${extOf(kind)}`,
				size: fileSize(kind, fid),
				createdAt: spec.date,
			});
			fileIds.push(fid);
		});
	}
	const expense: Expense = {
		id,
		type: spec.type,
		subType: spec.subType ?? null,
		date: spec.date,
		settledAt:
			spec.type === 'out_of_pocket' || spec.type === 'mileage' || spec.type === 'per_diem'
				? null
				: spec.date,
		walletCurrency: state.company.walletCurrency,
		supplierCurrency: currency,
		note: spec.note,
		supplier: spec.supplier
			? {
					name: spec.supplier,
					code: null,
					categoryCode: spec.categoryCode ?? null,
					country: spec.supplierCountry ?? null,
				}
			: null,
		employeeId: employee.id,
		teamId: team ? team.id : null,
		lines: spec.lines.map((l, i) => ({
			id: uuidFor(`line:${spec.key}:${i}`),
			accountExternalId: l.account,
			taxCode: l.tax,
			supplierAmount: l.amount,
			walletAmount: toWallet(l.amount, currency),
			tags: (l.tags ?? []).map((t) => tagRef(state, t)),
		})),
		fileIds,
		reconciliationId: String(4113600 + state.expenses.size + 1),
		createdAt: spec.date,
		exportStatus: 'QUEUED',
		deleted: false,
	};
	state.expenses.set(id, expense);
	return expense;
}

export interface GenerateOptions {
	types?: ExpenseType[];
	receiptFiles?: boolean;
}

const GEN_LINES: Array<{
	account: string;
	tax: string;
	supplier: string;
	category: string;
	note: string;
}> = [
	{
		account: '6800',
		tax: 'VAT25.5',
		supplier: 'Office Depot Oy',
		category: '5943',
		note: 'Office supplies',
	},
	{ account: '7600', tax: 'VAT14', supplier: 'Finnair', category: '4511', note: 'Flight ticket' },
	{
		account: '7670',
		tax: 'VAT13.5',
		supplier: 'Fazer Cafe',
		category: '5814',
		note: 'Coffee meeting',
	},
	{
		account: '7680',
		tax: 'VAT25.5',
		supplier: 'Ravintola Juuri',
		category: '5812',
		note: 'Client dinner',
	},
	{
		account: '7850',
		tax: 'VAT10',
		supplier: 'Talentum',
		category: '5994',
		note: 'Professional magazine',
	},
	{
		account: '8380',
		tax: 'VAT25.5',
		supplier: 'Atlassian',
		category: '5734',
		note: 'Software subscription',
	},
];

/** Generates `n` deterministic, varied card / out-of-pocket expenses into the queue. */
export function generateExpenses(
	state: PleoState,
	n: number,
	seed: number,
	opts: GenerateOptions,
): string[] {
	const ids: string[] = [];
	const withFiles = opts.receiptFiles ?? true;
	for (let k = 0; k < n; k++) {
		const index = state.generatedCount++;
		const rnd = createPrng(seed * 100003 + index);
		const pick = GEN_LINES[randInt(rnd, 0, GEN_LINES.length - 1)];
		const types =
			opts.types && opts.types.length > 0
				? opts.types
				: (['card_purchase', 'card_purchase', 'card_purchase', 'out_of_pocket'] as ExpenseType[]);
		const type = types[randInt(rnd, 0, types.length - 1)];
		const foreign = type === 'card_purchase' && rnd() < 0.15;
		const currency = foreign ? 'USD' : 'EUR';
		const split = rnd() < 0.15;
		const tagsFor = (): string[] => {
			const t = [rnd() < 0.5 ? 'KUSTANNUSPAIKKA:100' : 'KUSTANNUSPAIKKA:200'];
			if (rnd() < 0.3) t.push('PROJEKTI:PRJ1001');
			return t;
		};
		const lines: LineSpec[] = [
			{
				account: pick.account,
				tax: foreign ? 'VAT0' : pick.tax,
				amount: randInt(rnd, 100, 50000),
				tags: tagsFor(),
			},
		];
		if (split) {
			const second = GEN_LINES[randInt(rnd, 0, GEN_LINES.length - 1)];
			lines.push({
				account: second.account,
				tax: foreign ? 'VAT0' : second.tax,
				amount: randInt(rnd, 100, 20000),
				tags: tagsFor(),
			});
		}
		const month = randInt(rnd, 1, 6);
		const day = randInt(rnd, 1, 28);
		const date = `2026-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}T${String(randInt(rnd, 6, 20)).padStart(2, '0')}:${String(randInt(rnd, 0, 59)).padStart(2, '0')}:00Z`;
		const employee = EMPLOYEES[randInt(rnd, 0, EMPLOYEES.length - 1)][2];
		const e = addExpense(
			state,
			{
				key: `gen-${seed}-${index}`,
				type,
				date,
				currency,
				note: `${pick.note} #${index + 1}`,
				supplier: pick.supplier,
				supplierCountry: foreign ? 'US' : 'FI',
				categoryCode: pick.category,
				employee,
				team: TEAMS[randInt(rnd, 0, TEAMS.length - 1)][0],
				lines,
				files: ['jpeg'],
			},
			withFiles,
		);
		ids.push(e.id);
	}
	return ids;
}
