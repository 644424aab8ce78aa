// Master data: company, session and user info, chart of accounts, currencies and exchange
// rates, VAT tables, fiscal years, and dimensions with their items. Dimension item POST/PUT
// answer 200 with the item ({id, codeName, description, status?}).
import { fail, HttpError, type SandboxRuntime } from './context';
import { checkText, err, isValidDate, type FieldError } from './rules';
import type { CompanyState, Dimension, DimensionItem, SandboxUser } from './types';

export function companyInfo(company: CompanyState) {
	const i = company.info;
	return {
		id: i.id,
		name: i.name,
		country: i.country,
		productVersion: i.productVersion,
		operationType: i.operationType,
		businessIdentifier: i.businessIdentifier,
		companyCurrency: i.companyCurrency,
		currencyRateSearchDensity: 'DAILY',
		accountingCoaLanguages: ['fi', 'en'],
	};
}

export function sessionInfo(company: CompanyState, userId: number, user?: SandboxUser) {
	return {
		companyId: company.info.id,
		name: company.info.name,
		country: company.info.country,
		productVersion: company.info.productVersion,
		userId,
		userName: user ? `${user.firstName} ${user.lastName}` : '',
		companySettings: {
			companyCurrency: company.info.companyCurrency,
			timeZone: company.info.timeZone,
		},
	};
}

export function userInfo(company: CompanyState, userId: number, user?: SandboxUser) {
	return {
		id: userId,
		username: user?.username,
		companyId: company.info.id,
		countryCode: company.info.countryCode,
		loginMethod: 'PASSWORD',
		firstName: user?.firstName,
		lastName: user?.lastName,
		email: user?.email,
	};
}

export function defaultVats(company: CompanyState) {
	return {
		vatInformation: [{ country: company.vat.country, percentages: company.vat.percentages }],
		// `treatment` is the sandbox's own model, not part of Procountor's answer
		vatStatuses: company.vat.vatStatuses.map(({ treatment: _t, ...s }) => s),
	};
}

export function countryVats(company: CompanyState, url: URL) {
	const cc = (url.searchParams.get('countryCode') ?? '').toUpperCase();
	if (!cc) fail(400, 'countryCode', 'FIELD_REQUIRED', 'countryCode is required');
	const table: Record<string, number[]> = {
		[company.vat.countryCode]: company.vat.percentages.map((p) => p.vatPercent),
		SE: [25, 12, 6, 0],
	};
	if (!table[cc]) fail(404, 'countryCode', 'NOT_FOUND', `no VAT percentages for ${cc}`);
	return { vatPercentages: table[cc] };
}

const RATE_TYPES = [
	'PROCOUNTOR_ACCOUNTING_EXCHANGE_RATE',
	'ACCOUNT_CURRENCY_AVERAGE_RATE',
	'ACCOUNT_CURRENCY_BUYING_RATE',
	'ACCOUNT_CURRENCY_SELLING_RATE',
	'CASH_BUYING_RATE',
	'CASH_CURRENCY_SALE_EXCHANGE_RATE',
];

export function exchangeRate(company: CompanyState, url: URL) {
	const currency = (url.searchParams.get('currency') ?? '').toUpperCase();
	const base = (url.searchParams.get('baseCurrency') ?? company.info.companyCurrency).toUpperCase();
	const day = url.searchParams.get('day') ?? '';
	const rateType = url.searchParams.get('rateType') ?? 'PROCOUNTOR_ACCOUNTING_EXCHANGE_RATE';
	if (!currency) fail(400, 'currency', 'FIELD_REQUIRED', 'currency is required');
	if (!isValidDate(day)) fail(400, 'day', 'INVALID_DATE', 'day must be YYYY-MM-DD');
	if (!RATE_TYPES.includes(rateType))
		fail(400, 'rateType', 'INVALID_VALUE', `unknown rateType ${rateType}`);
	const rateOf = (c: string) => company.exchangeRatesByDay[day]?.[c] ?? company.exchangeRates[c];
	const cur = rateOf(currency);
	const b = rateOf(base);
	if (cur === undefined)
		fail(404, 'currency', 'CURRENCY_NOT_FOUND', `no exchange rate for ${currency}`);
	if (b === undefined)
		fail(404, 'baseCurrency', 'CURRENCY_NOT_FOUND', `no exchange rate for ${base}`);
	const rate = base === 'EUR' ? cur : Number((cur / b).toFixed(6));
	return { baseCurrency: base, queryDay: day, currency, day, rate, rateType };
}

// ---------- dimensions ----------

export function searchDimensions(company: CompanyState, url: URL) {
	const name = (url.searchParams.get('name') ?? '').toLowerCase();
	const code = (url.searchParams.get('codeName') ?? '').toLowerCase();
	return company.dimensions
		.filter((d) => d.name.toLowerCase().includes(name))
		.map((d) => ({
			...d,
			items: d.items.filter((i) => i.codeName.toLowerCase().includes(code)).map((i) => ({ ...i })),
		}));
}

export function dimensionOf(company: CompanyState, id: string): Dimension {
	const dim = company.dimensions.find((d) => String(d.id) === id);
	if (!dim) fail(404, 'dimensionId', 'NOT_FOUND', `dimension ${id} not found`);
	return dim;
}

function dimensionItemBody(
	dimension: { items: DimensionItem[] },
	body: unknown,
	existing?: DimensionItem,
): DimensionItem {
	if (typeof body !== 'object' || body === null)
		fail(400, '', 'INVALID_BODY', 'JSON object expected');
	const b = body as Record<string, unknown>;
	const errors: FieldError[] = [];
	const codeName = checkText(errors, 'codeName', b.codeName, 40, true);
	const description = checkText(errors, 'description', b.description, 255, false);
	if (
		b.status !== undefined &&
		b.status !== null &&
		b.status !== '' &&
		b.status !== 'P' &&
		b.status !== 'A'
	) {
		errors.push(
			err('status', 'INVALID_VALUE', "status must be absent (active), 'A' or 'P' (inactive)"),
		);
	}
	if (
		codeName !== undefined &&
		dimension.items.some(
			(i) => i !== existing && i.codeName.toLowerCase() === codeName.toLowerCase(),
		)
	) {
		errors.push(
			err(
				'codeName',
				'DUPLICATE_CODE_NAME',
				`codeName ${codeName} already exists in the dimension`,
			),
		);
	}
	if (errors.length) throw new HttpError(400, errors);
	return {
		id: existing?.id ?? 0,
		codeName: codeName as string,
		...(description !== undefined ? { description } : {}),
		...(b.status === 'P' ? { status: 'P' } : {}),
	};
}

export function createDimensionItem(sb: SandboxRuntime, dim: Dimension, body: unknown) {
	const item = dimensionItemBody(dim, body);
	item.id = sb.state.counters.dimensionItemId++;
	dim.items.push(item);
	return { ...item };
}

export function updateDimensionItem(dim: Dimension, body: unknown) {
	const b = body as Record<string, unknown>;
	const existing = dim.items.find((i) => i.id === b?.id);
	if (!existing) fail(404, 'id', 'NOT_FOUND', `dimension item ${String(b?.id)} not found`);
	const item = dimensionItemBody(dim, b, existing);
	dim.items[dim.items.indexOf(existing)] = item;
	return { ...item };
}
