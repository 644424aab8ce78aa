// Procountor sandbox: a standalone local HTTP server (node:http, no framework) that behaves
// like Procountor's REST API as /work/shared/reference/procountor-api.md describes it.
//
// Choices where the reference leaves room:
//  - Refresh tokens do not rotate: a refresh grant returns the same refresh_token, which stays
//    valid (also across expireAllTokens() and reset()).
//  - A receiptDate outside an OPEN tracking period of an open fiscal year -> 409
//    CLOSED_FISCAL_PERIOD (also for /invalidate). Wrong receipt status -> 409 INVALID_STATUS.
//  - licenceDisabled answers 403 on every /api call except POST /api/oauth/token (tokens are
//    still issued; the licence is checked when the company's API is used).
//  - Rate limit: sliding 1 s window per client_id (from the bearer token, or the token
//    request's client_id); rejected requests do not count. Requests without a recognisable
//    client are not limited.
//  - Dimension item POST/PUT answer 200 with the item ({id, codeName, description, status?}).
//  - Dates/times (`created`, `version`) are company-local time without zone
//    (yyyy-MM-ddTHH:mm:ss.SSS). created*/version* filters accept that form (company zone)
//    or an ISO string with offset/Z.
import { createHash, randomBytes } from 'crypto';
import * as http from 'http';
import type { AddressInfo } from 'net';
import busboy from 'busboy';
import { DateTime } from 'luxon';
import {
	BodyTooLargeError,
	escapeHtml,
	mediaType,
	mimeFromName,
	readBody,
	seededRandom,
} from './http-util';
import { createSeedState, formatDateTime } from './seed';
import { checkText, err, isValidDate, periodIsOpen, validateLedgerReceipt } from './rules';
import type { FieldError } from './rules';
import type {
	CompanyState,
	DimensionItem,
	Invoice,
	LedgerReceipt,
	ProcountorState,
	StoredAttachment,
} from './types';

export * from './types';
export { PROCOUNTOR_SEED } from './seed';

export interface ProcountorSandboxOptions {
	port?: number;
	host?: string;
	rateLimitPerSecond?: number;
	tokenTtlSeconds?: number;
	now?: () => number;
	quiet?: boolean;
}

export interface ProcountorFaults {
	latencyMs: number;
	errorRate: number;
	dropAfterCommitRate: number;
	dropAfterCommitNext: number;
	licenceDisabled: boolean;
	fail5xxNext: number;
	timeoutNext: number;
}

export interface ProcountorRequestLog {
	method: string;
	path: string;
	status: number;
	clientId?: string;
	at: number;
}

export interface ProcountorSandbox {
	url: string;
	apiUrl: string;
	port: number;
	faults: ProcountorFaults;
	state: ProcountorState;
	expireAllTokens(): void;
	reset(): void;
	setFaults(p: Partial<ProcountorFaults>): void;
	/** status 0 = no answer (dropped or hung) */
	requests: ProcountorRequestLog[];
	close(): Promise<void>;
}

export const LICENCE_DISABLED_MESSAGE =
	'API_LICENCE_NOT_ENABLED: The API licence is not enabled for this company. Enable "Allow the usage of invoiceable API clients" in Management > Company info > Usage settings.';
export const INVALID_TOKEN_MESSAGE = 'Unauthorized: access token is invalid or expired';
export const ATTACHMENT_MAX_BYTES = 10_000_000;
const HANG_MS = 30_000;
const CODE_TTL_MS = 10 * 60 * 1000;
const PRNG_SEED = 0x5eed1001;

function defaultFaults(): ProcountorFaults {
	return {
		latencyMs: 0,
		errorRate: 0,
		dropAfterCommitRate: 0,
		dropAfterCommitNext: 0,
		licenceDisabled: false,
		fail5xxNext: 0,
		timeoutNext: 0,
	};
}

interface AccessToken {
	clientId: string;
	userId: number;
	companyId: number;
	expiresAt: number;
}
interface Grant {
	clientId: string;
	userId: number;
	companyId: number;
}
interface AuthCode extends Grant {
	redirectUri: string;
	expiresAt: number;
}

interface Ctx {
	req: http.IncomingMessage;
	res: http.ServerResponse;
	url: URL;
	log?: ProcountorRequestLog;
	isWrite: boolean;
	done: boolean;
}

class HttpError extends Error {
	constructor(
		public status: number,
		public errors: FieldError[],
	) {
		super(errors.map((e) => e.message).join('; '));
	}
}

function fail(status: number, field: string, code: string, text: string): never {
	throw new HttpError(status, [err(field, code, text, status)]);
}

function intParam(url: URL, name: string, dflt: number | undefined): number | undefined {
	const v = url.searchParams.get(name);
	if (v === null || v === '') return dflt;
	if (!/^-?\d+$/.test(v)) fail(400, name, 'INVALID_VALUE', `${name} must be an integer`);
	return Number(v);
}

function listParam(url: URL, name: string): string[] | undefined {
	const all = url.searchParams.getAll(name).concat(url.searchParams.getAll(`${name}[]`));
	const items = all
		.flatMap((v) => v.split(','))
		.map((s) => s.trim())
		.filter(Boolean);
	return items.length ? items : undefined;
}

export async function startProcountorSandbox(
	opts: ProcountorSandboxOptions = {},
): Promise<ProcountorSandbox> {
	const host = opts.host ?? '127.0.0.1';
	const rateLimit = opts.rateLimitPerSecond ?? 20;
	const ttlSeconds = opts.tokenTtlSeconds ?? 3600;
	const now = opts.now ?? (() => Date.now());
	const quiet = opts.quiet ?? true;

	const state: ProcountorState = createSeedState();
	const faults: ProcountorFaults = defaultFaults();
	const requests: ProcountorRequestLog[] = [];
	const accessTokens = new Map<string, AccessToken>();
	const refreshTokens = new Map<string, Grant>();
	const codes = new Map<string, AuthCode>();
	const windows = new Map<string, number[]>();
	const timers = new Set<NodeJS.Timeout>();
	const hanging = new Set<http.ServerResponse>();
	let random = seededRandom(PRNG_SEED);
	let closed = false;

	const log = (...a: unknown[]) => {
		if (!quiet) console.log('[procountor-sandbox]', ...a);
	};
	const ts = (company: CompanyState, ms = now()) => formatDateTime(ms, company.info.timeZone);
	const newSecret = () => randomBytes(24).toString('hex');

	function delay(ms: number): Promise<void> {
		return new Promise((resolve) => {
			const t = setTimeout(() => {
				timers.delete(t);
				resolve();
			}, ms);
			timers.add(t);
		});
	}

	// ---------- responses ----------

	function shouldDrop(): boolean {
		if (faults.dropAfterCommitNext > 0) {
			faults.dropAfterCommitNext--;
			return true;
		}
		return faults.dropAfterCommitRate > 0 && random() < faults.dropAfterCommitRate;
	}

	function send(
		ctx: Ctx,
		status: number,
		body: unknown,
		headers: Record<string, string> = {},
		raw = false,
	): void {
		if (ctx.done) return;
		ctx.done = true;
		if (!ctx.req.readableEnded) ctx.req.resume();
		if (ctx.isWrite && status >= 200 && status < 300 && shouldDrop()) {
			if (ctx.log) ctx.log.status = 0;
			log('dropping response after commit', ctx.req.method, ctx.url.pathname);
			ctx.req.socket.destroy();
			return;
		}
		if (ctx.log) ctx.log.status = status;
		const text = raw ? String(body) : JSON.stringify(body);
		ctx.res.writeHead(status, {
			'content-type': raw ? 'text/html; charset=utf-8' : 'application/json',
			'content-length': String(Buffer.byteLength(text)),
			...headers,
		});
		ctx.res.end(text);
	}

	const sendErrors = (
		ctx: Ctx,
		status: number,
		errors: FieldError[],
		headers?: Record<string, string>,
	) => send(ctx, status, { errors }, headers);

	function hang(ctx: Ctx): void {
		ctx.done = true;
		if (ctx.log) ctx.log.status = 0;
		hanging.add(ctx.res);
		const t = setTimeout(() => {
			timers.delete(t);
			hanging.delete(ctx.res);
			ctx.req.socket.destroy();
		}, HANG_MS);
		timers.add(t);
		ctx.res.on('close', () => hanging.delete(ctx.res));
	}

	// ---------- rate limit ----------

	function rateLimited(clientId: string | undefined): boolean {
		if (!clientId || rateLimit <= 0) return false;
		const t = now();
		const w = (windows.get(clientId) ?? []).filter((x) => x > t - 1000);
		if (w.length >= rateLimit) {
			windows.set(clientId, w);
			return true;
		}
		w.push(t);
		windows.set(clientId, w);
		return false;
	}

	// ---------- tokens ----------

	function issueAccess(g: Grant): string {
		const token = newSecret();
		accessTokens.set(token, { ...g, expiresAt: now() + ttlSeconds * 1000 });
		return token;
	}

	function oauthError(ctx: Ctx, status: number, error: string, description?: string) {
		send(ctx, status, description ? { error, error_description: description } : { error });
	}

	function handleToken(ctx: Ctx, form: URLSearchParams | undefined): void {
		if (!form) {
			oauthError(
				ctx,
				400,
				'invalid_request',
				'Content-Type must be application/x-www-form-urlencoded',
			);
			return;
		}
		const clientId = form.get('client_id') ?? '';
		const client = state.clients.find((c) => c.clientId === clientId);
		if (!client || client.clientSecret !== form.get('client_secret')) {
			oauthError(ctx, 401, 'invalid_client', 'Client authentication failed');
			return;
		}
		const grantType = form.get('grant_type');
		if (grantType === 'authorization_code') {
			const code = codes.get(form.get('code') ?? '');
			if (
				!code ||
				code.clientId !== clientId ||
				code.expiresAt <= now() ||
				code.redirectUri !== form.get('redirect_uri')
			) {
				oauthError(ctx, 400, 'invalid_grant', 'Invalid, expired or used authorization code');
				return;
			}
			codes.delete(form.get('code') as string);
			const grant: Grant = { clientId, userId: code.userId, companyId: code.companyId };
			const refresh = newSecret();
			refreshTokens.set(refresh, grant);
			send(ctx, 200, {
				access_token: issueAccess(grant),
				token_type: 'bearer',
				expires_in: ttlSeconds,
				refresh_token: refresh,
			});
		} else if (grantType === 'refresh_token') {
			const refresh = form.get('refresh_token') ?? '';
			const grant = refreshTokens.get(refresh);
			if (!grant || grant.clientId !== clientId) {
				oauthError(ctx, 400, 'invalid_grant', 'Invalid refresh token');
				return;
			}
			send(ctx, 200, {
				access_token: issueAccess(grant),
				token_type: 'bearer',
				expires_in: ttlSeconds,
				refresh_token: refresh,
			});
		} else if (grantType === 'client_credentials') {
			const key = state.apiKeys.find((k) => k.key === form.get('api_key'));
			if (!key || key.clientId !== clientId) {
				oauthError(ctx, 400, 'invalid_grant', 'Invalid API key');
				return;
			}
			send(ctx, 200, {
				access_token: issueAccess({ clientId, userId: key.userId, companyId: key.companyId }),
				token_type: 'bearer',
				expires_in: ttlSeconds,
			});
		} else {
			oauthError(ctx, 400, 'unsupported_grant_type', `Unsupported grant_type ${grantType ?? ''}`);
		}
	}

	// ---------- login page ----------

	function userCompanies() {
		const ids = new Set(state.users.flatMap((u) => u.companyIds));
		return [...ids].filter((id) => state.companies[id]).map((id) => state.companies[id].info);
	}

	function loginPage(p: URLSearchParams, error?: string): string {
		const hidden = ['response_type', 'client_id', 'redirect_uri', 'state']
			.map((k) => `<input type="hidden" name="${k}" value="${escapeHtml(p.get(k) ?? '')}">`)
			.join('\n');
		const options = userCompanies()
			.map((c) => `<option value="${c.id}">${escapeHtml(c.name)} (${c.id})</option>`)
			.join('');
		return `<!doctype html>
<html><head><meta charset="utf-8"><title>Procountor sandbox - Log in</title></head>
<body style="font-family:sans-serif;max-width:28em;margin:3em auto">
<h1>Procountor sandbox</h1>
<p>Log in to authorise <b>${escapeHtml(p.get('client_id') ?? '')}</b>.</p>
${error ? `<p class="error" style="color:#b00">${escapeHtml(error)}</p>` : ''}
<form method="post" action="/login">
${hidden}
<p><label>Username <input name="username" value="${escapeHtml(p.get('username') ?? '')}" autofocus></label></p>
<p><label>Password <input type="password" name="password"></label></p>
<p><label>Company <select name="company">${options}</select></label></p>
<p><button type="submit">Log in</button></p>
</form></body></html>`;
	}

	function loginParamsError(p: URLSearchParams): string | undefined {
		if (p.get('response_type') !== 'code') return 'response_type must be code';
		if (!state.clients.some((c) => c.clientId === p.get('client_id'))) return 'Unknown client_id';
		try {
			const u = new URL(p.get('redirect_uri') ?? '');
			if (u.protocol !== 'http:' && u.protocol !== 'https:') return 'Invalid redirect_uri';
		} catch {
			return 'Invalid redirect_uri';
		}
		return undefined;
	}

	async function handleLogin(ctx: Ctx): Promise<void> {
		let p = ctx.url.searchParams;
		if (ctx.req.method === 'POST') {
			p = new URLSearchParams((await readBody(ctx.req, 100_000)).toString('utf8'));
		} else if (ctx.req.method !== 'GET') {
			send(ctx, 405, 'Method not allowed', {}, true);
			return;
		}
		const bad = loginParamsError(p);
		if (bad) {
			send(
				ctx,
				400,
				`<!doctype html><html><body><h1>Error</h1><p>${escapeHtml(bad)}</p></body></html>`,
				{},
				true,
			);
			return;
		}
		if (ctx.req.method === 'GET') {
			send(ctx, 200, loginPage(p), {}, true);
			return;
		}
		const user = state.users.find((u) => u.username === p.get('username'));
		if (!user || user.password !== p.get('password')) {
			send(ctx, 200, loginPage(p, 'Invalid username or password'), {}, true);
			return;
		}
		const companyId = Number(p.get('company'));
		if (!user.companyIds.includes(companyId) || !state.companies[companyId]) {
			send(ctx, 200, loginPage(p, 'Choose one of your companies'), {}, true);
			return;
		}
		const code = newSecret();
		const redirectUri = p.get('redirect_uri') as string;
		codes.set(code, {
			clientId: p.get('client_id') as string,
			userId: user.id,
			companyId,
			redirectUri,
			expiresAt: now() + CODE_TTL_MS,
		});
		const target = new URL(redirectUri);
		target.searchParams.set('code', code);
		if (p.get('state') !== null) target.searchParams.set('state', p.get('state') as string);
		send(ctx, 302, '', { location: target.toString() }, true);
	}

	// ---------- API ----------

	const findReceipt = (c: CompanyState, id: number) => c.ledgerReceipts.find((r) => r.id === id);

	function receiptOut(r: LedgerReceipt) {
		const { createdAt: _c, vatPostings: _v, ...rest } = r;
		return {
			...rest,
			transactions: r.transactions.map((t) => ({
				...t,
				dimensionItemValues: [...t.dimensionItemValues],
			})),
			attachments: r.attachments.map((a) => ({ ...a })),
		};
	}

	function receiptBasic(r: LedgerReceipt) {
		return {
			id: r.id,
			type: r.type,
			status: r.status,
			name: r.name,
			receiptDate: r.receiptDate,
			receiptNumber: r.receiptNumber,
			invoiceNumber: r.invoiceNumber,
			created: r.created,
			version: r.version,
		};
	}

	function invoiceOut(i: Invoice) {
		const { createdAt: _c, ...rest } = i;
		return rest;
	}

	function parseInstant(company: CompanyState, name: string, v: string, endOfDay: boolean): number {
		if (isValidDate(v)) {
			const d = DateTime.fromISO(v, { zone: company.info.timeZone });
			return (endOfDay ? d.endOf('day') : d.startOf('day')).toMillis();
		}
		const d = DateTime.fromISO(v, { zone: company.info.timeZone });
		if (!d.isValid)
			fail(400, name, 'INVALID_DATE', `${name} must be YYYY-MM-DD or YYYY-MM-DDTHH:MM:SS`);
		return d.toMillis();
	}

	/** shared search paging: filters already applied to `all` */
	function page<T extends { id: number }>(url: URL, all: T[]) {
		const size = intParam(url, 'size', 50) as number;
		if (size < 1) fail(400, 'size', 'INVALID_VALUE', 'size must be at least 1');
		if (size > 200) fail(400, 'size', 'INVALID_VALUE', 'size must be at most 200');
		const pageNumber = intParam(url, 'page', 0) as number;
		if (pageNumber < 0) fail(400, 'page', 'INVALID_VALUE', 'page must be >= 0');
		const order = (url.searchParams.get('orderById') ?? 'DESC').toUpperCase();
		if (order !== 'ASC' && order !== 'DESC') fail(400, 'orderById', 'INVALID_VALUE', 'ASC or DESC');
		const sorted = [...all].sort((a, b) => (order === 'ASC' ? a.id - b.id : b.id - a.id));
		const previousId = intParam(url, 'previousId', undefined);
		let results: T[];
		if (previousId !== undefined) {
			results = sorted
				.filter((x) => (order === 'ASC' ? x.id > previousId : x.id < previousId))
				.slice(0, size);
		} else {
			results = sorted.slice(pageNumber * size, pageNumber * size + size);
		}
		return {
			results,
			meta: {
				pageNumber: previousId !== undefined ? 0 : pageNumber,
				pageSize: size,
				resultCount: results.length,
				totalCount: all.length,
			},
		};
	}

	function filterCreated<T extends { createdAt: number }>(
		company: CompanyState,
		url: URL,
		list: T[],
	): T[] {
		const cs = url.searchParams.get('createdStartDate');
		const ce = url.searchParams.get('createdEndDate');
		if (cs) {
			const t = parseInstant(company, 'createdStartDate', cs, false);
			list = list.filter((x) => x.createdAt >= t);
		}
		if (ce) {
			const t = parseInstant(company, 'createdEndDate', ce, true);
			list = list.filter((x) => x.createdAt <= t);
		}
		return list;
	}

	function dateFilter(url: URL, name: string): string | undefined {
		const v = url.searchParams.get(name);
		if (v === null || v === '') return undefined;
		if (!isValidDate(v)) fail(400, name, 'INVALID_DATE', `${name} must be YYYY-MM-DD`);
		return v;
	}

	function searchReceipts(company: CompanyState, url: URL) {
		let list = company.ledgerReceipts;
		const sd = dateFilter(url, 'startDate');
		const ed = dateFilter(url, 'endDate');
		if (sd) list = list.filter((r) => r.receiptDate >= sd);
		if (ed) list = list.filter((r) => r.receiptDate <= ed);
		list = filterCreated(company, url, list);
		const types = listParam(url, 'types');
		if (types) list = list.filter((r) => types.includes(r.type));
		const statuses = listParam(url, 'status') ?? listParam(url, 'statuses');
		if (statuses) list = list.filter((r) => statuses.includes(r.status));
		const p = page(url, list);
		return { results: p.results.map(receiptBasic), meta: p.meta };
	}

	function searchInvoices(company: CompanyState, url: URL) {
		let list = company.invoices;
		const sd = dateFilter(url, 'startDate');
		const ed = dateFilter(url, 'endDate');
		if (sd) list = list.filter((r) => r.date >= sd);
		if (ed) list = list.filter((r) => r.date <= ed);
		list = filterCreated(company, url, list);
		const types = listParam(url, 'types');
		if (types) list = list.filter((r) => types.includes(r.type));
		const statuses = listParam(url, 'status');
		if (statuses) list = list.filter((r) => statuses.includes(r.status));
		const oin = url.searchParams.get('originalInvoiceNumber');
		if (oin) list = list.filter((r) => r.originalInvoiceNumber === oin);
		const inr = url.searchParams.get('invoiceNumber');
		if (inr) list = list.filter((r) => String(r.invoiceNumber) === inr);
		const p = page(url, list);
		return { results: p.results.map(invoiceOut), meta: p.meta };
	}

	/** GET /x/{id} or /x/{id1,id2,...} */
	function getByIds<T>(
		idsText: string,
		find: (id: number) => T | undefined,
		what: string,
	): { single: T } | { results: T[] } {
		const parts = idsText
			.split(',')
			.map((s) => s.trim())
			.filter(Boolean);
		if (parts.length > 200) fail(400, 'ids', 'TOO_MANY_IDS', 'at most 200 ids per request');
		if (parts.length === 1 && !idsText.includes(',')) {
			const one = /^\d+$/.test(parts[0]) ? find(Number(parts[0])) : undefined;
			if (!one) fail(404, 'id', 'NOT_FOUND', `${what} ${parts[0]} not found`);
			return { single: one };
		}
		const found = parts
			.filter((p) => /^\d+$/.test(p))
			.map((p) => find(Number(p)))
			.filter((x): x is T => x !== undefined);
		if (found.length === 0) fail(404, 'ids', 'NOT_FOUND', `none of the ${what}s were found`);
		return { results: found };
	}

	function jsonBody(raw: Buffer | undefined): unknown {
		if (!raw || raw.length === 0) fail(400, '', 'INVALID_BODY', 'request body is required');
		try {
			return JSON.parse(raw.toString('utf8'));
		} catch {
			fail(400, '', 'INVALID_JSON', 'request body is not valid JSON');
		}
	}

	function createReceipt(company: CompanyState, url: URL, body: unknown) {
		const recon = (url.searchParams.get('createReconciliation') ?? '').toLowerCase() === 'true';
		const result = validateLedgerReceipt(
			company,
			body,
			recon,
			() => state.counters.transactionId++,
		);
		if (!result.ok) throw new HttpError(result.httpStatus, result.errors);
		const t = now();
		const receipt: LedgerReceipt = {
			id: state.counters.receiptId++,
			type: 'JOURNAL',
			status: 'UNFINISHED',
			...result.draft,
			receiptNumber: company.nextReceiptNumber++,
			invoiceNumber: company.nextInvoiceNumber++,
			invoiceId: state.counters.invoiceId++,
			created: ts(company, t),
			version: ts(company, t),
			createdAt: t,
			attachments: [],
		};
		company.ledgerReceipts.push(receipt);
		log('created ledger receipt', receipt.id, receipt.name);
		return receiptOut(receipt);
	}

	function changeStatus(company: CompanyState, id: number, action: 'approve' | 'invalidate') {
		const r = findReceipt(company, id);
		if (!r) fail(404, 'id', 'NOT_FOUND', `ledger receipt ${id} not found`);
		if (action === 'approve') {
			if (r.status !== 'UNFINISHED') {
				fail(
					409,
					'status',
					'INVALID_STATUS',
					`only UNFINISHED receipts can be approved (is ${r.status})`,
				);
			}
			r.status = 'APPROVED';
		} else {
			if (r.status === 'INVALIDATED')
				fail(409, 'status', 'INVALID_STATUS', 'receipt is already INVALIDATED');
			if (!periodIsOpen(company, r.receiptDate)) {
				fail(409, 'receiptDate', 'CLOSED_FISCAL_PERIOD', `${r.receiptDate} is in a closed period`);
			}
			r.status = 'INVALIDATED';
		}
		let t = now();
		// versions must change even when the clock did not move
		while (ts(company, t) <= r.version) t += 1;
		r.version = ts(company, t);
		return receiptOut(r);
	}

	function exchangeRate(company: CompanyState, url: URL) {
		const currency = (url.searchParams.get('currency') ?? '').toUpperCase();
		const base = (
			url.searchParams.get('baseCurrency') ?? company.info.companyCurrency
		).toUpperCase();
		const day = url.searchParams.get('day') ?? '';
		const rateType = url.searchParams.get('rateType') ?? 'PROCOUNTOR_ACCOUNTING_EXCHANGE_RATE';
		if (!currency) fail(400, 'currency', 'FIELD_REQUIRED', 'currency is required');
		if (!isValidDate(day)) fail(400, 'day', 'INVALID_DATE', 'day must be YYYY-MM-DD');
		const types = [
			'PROCOUNTOR_ACCOUNTING_EXCHANGE_RATE',
			'ACCOUNT_CURRENCY_AVERAGE_RATE',
			'ACCOUNT_CURRENCY_BUYING_RATE',
			'ACCOUNT_CURRENCY_SELLING_RATE',
			'CASH_BUYING_RATE',
			'CASH_CURRENCY_SALE_EXCHANGE_RATE',
		];
		if (!types.includes(rateType))
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

	function createInvoice(company: CompanyState, body: unknown) {
		if (typeof body !== 'object' || body === null || Array.isArray(body)) {
			fail(400, '', 'INVALID_BODY', 'JSON object expected');
		}
		const b = body as Record<string, unknown>;
		const errors: FieldError[] = [];
		const types = ['BILL_OF_CHARGES', 'TRAVEL_INVOICE', 'PURCHASE_INVOICE', 'SALES_INVOICE'];
		if (!types.includes(String(b.type)))
			errors.push(err('type', 'INVALID_VALUE', `type must be one of ${types}`));
		if (!isValidDate(b.date))
			errors.push(err('date', 'FIELD_REQUIRED', 'date YYYY-MM-DD is required'));
		const cp = (b.counterParty as Record<string, any> | undefined)?.counterPartyAddress;
		checkText(errors, 'counterParty.counterPartyAddress.name', cp?.name, 80, true);
		const pi = b.paymentInfo as Record<string, unknown> | undefined;
		if (!pi || typeof pi.currency !== 'string') {
			errors.push(err('paymentInfo.currency', 'FIELD_REQUIRED', 'may not be null'));
		}
		if (!Array.isArray(b.invoiceRows) || b.invoiceRows.length === 0) {
			errors.push(err('invoiceRows', 'FIELD_REQUIRED', 'at least one row is required'));
		}
		checkText(errors, 'originalInvoiceNumber', b.originalInvoiceNumber, 40, false);
		checkText(errors, 'notes', b.notes, 10000, false);
		checkText(errors, 'additionalInformation', b.additionalInformation, 10000, false);
		if (errors.length) throw new HttpError(400, errors);
		if (!periodIsOpen(company, b.date as string)) {
			fail(409, 'date', 'CLOSED_FISCAL_PERIOD', `${String(b.date)} is in a closed period`);
		}
		const t = now();
		const invoice: Invoice = {
			...b,
			id: state.counters.invoiceId++,
			type: String(b.type),
			status: 'UNFINISHED',
			date: b.date as string,
			invoiceNumber: company.nextInvoiceNumber++,
			created: ts(company, t),
			createdAt: t,
			version: ts(company, t),
		};
		company.invoices.push(invoice);
		return invoiceOut(invoice);
	}

	async function handleAttachment(ctx: Ctx, company: CompanyState): Promise<void> {
		if (mediaType(ctx.req) !== 'multipart/form-data') {
			fail(400, '', 'INVALID_CONTENT_TYPE', 'multipart/form-data expected');
		}
		let metaRaw: string | undefined;
		let metaType: string | undefined;
		let file: { size: number; sha256: string; truncated: boolean } | undefined;
		let bb: busboy.Busboy;
		try {
			bb = busboy({
				headers: ctx.req.headers,
				limits: { fileSize: ATTACHMENT_MAX_BYTES + 1, files: 3 },
			});
		} catch (e) {
			fail(400, '', 'INVALID_MULTIPART', (e as Error).message);
		}
		await new Promise<void>((resolve, reject) => {
			bb.on('field', (name, value, info) => {
				if (name === 'meta') {
					metaRaw = value;
					metaType = info.mimeType;
				}
			});
			bb.on('file', (name, stream, info) => {
				if (name === 'meta') {
					const chunks: Buffer[] = [];
					metaType = info.mimeType;
					stream.on('data', (c: Buffer) => chunks.push(c));
					stream.on('end', () => (metaRaw = Buffer.concat(chunks).toString('utf8')));
					return;
				}
				if (file) {
					stream.resume();
					return;
				}
				const hash = createHash('sha256');
				const f = { size: 0, sha256: '', truncated: false };
				stream.on('data', (c: Buffer) => {
					f.size += c.length;
					hash.update(c);
				});
				stream.on('limit', () => (f.truncated = true));
				stream.on('end', () => {
					f.sha256 = hash.digest('hex');
					file = f;
				});
			});
			bb.on('close', () => resolve());
			bb.on('error', (e) =>
				reject(new HttpError(400, [err('', 'INVALID_MULTIPART', (e as Error).message)])),
			);
			ctx.req.pipe(bb);
		});
		if (metaRaw === undefined)
			fail(400, 'meta', 'FIELD_REQUIRED', 'multipart part "meta" is missing');
		if (!(metaType ?? '').toLowerCase().startsWith('application/json')) {
			fail(
				400,
				'meta',
				'INVALID_CONTENT_TYPE',
				'part "meta" must have Content-Type application/json',
			);
		}
		let meta: Record<string, unknown>;
		try {
			meta = JSON.parse(metaRaw as string);
		} catch {
			fail(400, 'meta', 'INVALID_JSON', 'part "meta" is not valid JSON');
		}
		if (!file) fail(400, 'file', 'FIELD_REQUIRED', 'file part is missing');
		const f = file as { size: number; sha256: string; truncated: boolean };
		if (f.truncated || f.size > ATTACHMENT_MAX_BYTES)
			fail(400, 'file', 'FILE_SIZE_TOO_BIG', 'File size too big (max 10000000 bytes)');
		const errors: FieldError[] = [];
		const name = checkText(errors, 'name', meta.name, 255, true);
		const mimeType = name !== undefined ? mimeFromName(name) : undefined;
		if (name !== undefined && !mimeType) {
			errors.push(
				err(
					'name',
					'INVALID_FILE_EXTENSION',
					'name must end with a known file extension (e.g. .jpg, .png, .pdf)',
				),
			);
		}
		const refType = meta.referenceType;
		if (refType !== 'INVOICE' && refType !== 'LEDGERRECEIPT') {
			errors.push(
				err('referenceType', 'INVALID_VALUE', 'referenceType must be INVOICE or LEDGERRECEIPT'),
			);
		}
		if (typeof meta.referenceId !== 'number' || !Number.isInteger(meta.referenceId)) {
			errors.push(err('referenceId', 'FIELD_REQUIRED', 'referenceId must be an integer'));
		}
		if (errors.length) throw new HttpError(400, errors);
		const refId = meta.referenceId as number;
		const receipt =
			refType === 'INVOICE'
				? company.ledgerReceipts.find((r) => r.invoiceId === refId)
				: findReceipt(company, refId);
		const invoice =
			refType === 'INVOICE' ? company.invoices.find((i) => i.id === refId) : undefined;
		if (!receipt && !invoice)
			fail(404, 'referenceId', 'NOT_FOUND', `${String(refType)} ${refId} not found`);
		const att: StoredAttachment = {
			id: state.counters.attachmentId++,
			name: name as string,
			referenceType: refType as string,
			referenceId: refId,
			mimeType: mimeType as string,
			sendWithInvoice: meta.sendWithInvoice === true,
			size: f.size,
			sha256: f.sha256,
			...(receipt ? { ledgerReceiptId: receipt.id } : {}),
			created: ts(company),
		};
		company.attachments.push(att);
		if (receipt) receipt.attachments.push({ id: att.id, name: att.name, mimeType: att.mimeType });
		send(ctx, 200, {
			id: att.id,
			name: att.name,
			referenceType: att.referenceType,
			referenceId: att.referenceId,
			mimeType: att.mimeType,
			sendWithInvoice: att.sendWithInvoice,
		});
	}

	async function route(ctx: Ctx, tok: AccessToken, raw: Buffer | undefined): Promise<void> {
		const company = state.companies[tok.companyId];
		if (!company) fail(403, '', 'FORBIDDEN', 'company not available');
		const method = ctx.req.method as string;
		const path = ctx.url.pathname.replace(/^\/api/, '').replace(/\/+$/, '') || '/';
		const seg = path.split('/').filter(Boolean);
		const user = state.users.find((u) => u.id === tok.userId);
		const ok = (body: unknown) => send(ctx, 200, body);
		const is = (m: string, re: RegExp) => method === m && re.test(path);

		if (is('GET', /^\/company$/)) {
			const i = company.info;
			return ok({
				id: i.id,
				name: i.name,
				country: i.country,
				productVersion: i.productVersion,
				operationType: i.operationType,
				businessIdentifier: i.businessIdentifier,
				companyCurrency: i.companyCurrency,
				currencyRateSearchDensity: 'DAILY',
				accountingCoaLanguages: ['fi', 'en'],
			});
		}
		if (is('GET', /^\/sessioninfo$/)) {
			return ok({
				companyId: company.info.id,
				name: company.info.name,
				country: company.info.country,
				productVersion: company.info.productVersion,
				userId: tok.userId,
				userName: user ? `${user.firstName} ${user.lastName}` : '',
				companySettings: {
					companyCurrency: company.info.companyCurrency,
					timeZone: company.info.timeZone,
				},
			});
		}
		if (is('GET', /^\/users$/)) {
			return ok({
				id: tok.userId,
				username: user?.username,
				companyId: company.info.id,
				countryCode: company.info.countryCode,
				loginMethod: 'PASSWORD',
				firstName: user?.firstName,
				lastName: user?.lastName,
				email: user?.email,
			});
		}
		if (is('GET', /^\/coa$/)) return ok({ ledgerAccounts: company.coa });
		if (is('GET', /^\/currencies\/company$/))
			return ok({ companyCurrency: company.info.companyCurrency });
		if (is('GET', /^\/vats\/default$/)) {
			return ok({
				vatInformation: [{ country: company.vat.country, percentages: company.vat.percentages }],
				vatStatuses: company.vat.vatStatuses,
			});
		}
		if (is('GET', /^\/vats\/country$/)) {
			const cc = (ctx.url.searchParams.get('countryCode') ?? '').toUpperCase();
			if (!cc) fail(400, 'countryCode', 'FIELD_REQUIRED', 'countryCode is required');
			const table: Record<string, number[]> = {
				[company.vat.countryCode]: company.vat.percentages.map((p) => p.vatPercent),
				SE: [25, 12, 6, 0],
			};
			if (!table[cc]) fail(404, 'countryCode', 'NOT_FOUND', `no VAT percentages for ${cc}`);
			return ok({ vatPercentages: table[cc] });
		}
		if (is('GET', /^\/dimensions$/)) {
			const name = (ctx.url.searchParams.get('name') ?? '').toLowerCase();
			const code = (ctx.url.searchParams.get('codeName') ?? '').toLowerCase();
			return ok(
				company.dimensions
					.filter((d) => d.name.toLowerCase().includes(name))
					.map((d) => ({
						...d,
						items: d.items
							.filter((i) => i.codeName.toLowerCase().includes(code))
							.map((i) => ({ ...i })),
					})),
			);
		}
		if (seg[0] === 'dimensions' && seg.length >= 2) {
			const dim = company.dimensions.find((d) => String(d.id) === seg[1]);
			if (!dim) fail(404, 'dimensionId', 'NOT_FOUND', `dimension ${seg[1]} not found`);
			if (is('GET', /^\/dimensions\/\d+$/))
				return ok({ ...dim, items: dim.items.map((i) => ({ ...i })) });
			if (is('POST', /^\/dimensions\/\d+\/items$/)) {
				const item = dimensionItemBody(dim, jsonBody(raw));
				item.id = state.counters.dimensionItemId++;
				dim.items.push(item);
				return ok({ ...item });
			}
			if (is('PUT', /^\/dimensions\/\d+\/items$/)) {
				const body = jsonBody(raw) as Record<string, unknown>;
				const existing = dim.items.find((i) => i.id === body?.id);
				if (!existing) fail(404, 'id', 'NOT_FOUND', `dimension item ${String(body?.id)} not found`);
				const item = dimensionItemBody(dim, body, existing);
				dim.items[dim.items.indexOf(existing)] = item;
				return ok({ ...item });
			}
		}
		if (is('GET', /^\/fiscalyears$/)) return ok({ fiscalYears: company.fiscalYears });
		if (is('GET', /^\/currencies\/exchangerate$/)) return ok(exchangeRate(company, ctx.url));
		if (is('GET', /^\/ledgerreceipts$/)) return ok(searchReceipts(company, ctx.url));
		if (is('GET', /^\/ledgerreceipts\/[^/]+$/)) {
			const r = getByIds(seg[1], (id) => findReceipt(company, id), 'ledger receipt');
			return ok('single' in r ? receiptOut(r.single) : { results: r.results.map(receiptOut) });
		}
		if (is('POST', /^\/ledgerreceipts$/)) return ok(createReceipt(company, ctx.url, jsonBody(raw)));
		if (is('PUT', /^\/ledgerreceipts\/\d+\/(approve|invalidate)$/)) {
			return ok(changeStatus(company, Number(seg[1]), seg[2] as 'approve' | 'invalidate'));
		}
		if (is('GET', /^\/invoices$/)) return ok(searchInvoices(company, ctx.url));
		if (is('GET', /^\/invoices\/[^/]+$/)) {
			const r = getByIds(seg[1], (id) => company.invoices.find((i) => i.id === id), 'invoice');
			return ok('single' in r ? invoiceOut(r.single) : { results: r.results.map(invoiceOut) });
		}
		if (is('POST', /^\/invoices$/)) return ok(createInvoice(company, jsonBody(raw)));
		if (is('POST', /^\/attachments$/)) return handleAttachment(ctx, company);
		fail(404, '', 'NOT_FOUND', `no such endpoint: ${method} /api${path}`);
	}

	async function handleApi(ctx: Ctx): Promise<void> {
		const path = ctx.url.pathname.replace(/\/+$/, '');
		const isToken = path === '/api/oauth/token';
		ctx.isWrite = !isToken && (ctx.req.method === 'POST' || ctx.req.method === 'PUT');
		if (faults.timeoutNext > 0) {
			faults.timeoutNext--;
			hang(ctx);
			return;
		}
		if (faults.latencyMs > 0) await delay(faults.latencyMs);
		if (closed) return;
		const multipart = mediaType(ctx.req) === 'multipart/form-data';
		const raw = multipart ? undefined : await readBody(ctx.req, 20_000_000);

		let form: URLSearchParams | undefined;
		let clientId: string | undefined;
		let tok: AccessToken | undefined;
		if (isToken) {
			if (mediaType(ctx.req) === 'application/x-www-form-urlencoded') {
				form = new URLSearchParams((raw as Buffer).toString('utf8'));
				clientId = form.get('client_id') ?? undefined;
			}
		} else {
			const m = /^Bearer\s+(\S+)$/i.exec(String(ctx.req.headers.authorization ?? ''));
			tok = m ? accessTokens.get(m[1]) : undefined;
			clientId = tok?.clientId;
		}
		if (ctx.log) ctx.log.clientId = clientId;

		if (rateLimited(clientId)) {
			sendErrors(
				ctx,
				429,
				[
					err(
						'',
						'TOO_MANY_REQUESTS',
						`rate limit of ${rateLimit} requests per second exceeded`,
						429,
					),
				],
				{
					'retry-after': '1',
				},
			);
			return;
		}
		if (faults.fail5xxNext > 0) {
			faults.fail5xxNext--;
			sendErrors(ctx, 503, [{ status: 503, field: '', message: 'Service Unavailable' }]);
			return;
		}
		if (faults.errorRate > 0 && random() < faults.errorRate) {
			const status = random() < 0.5 ? 500 : 503;
			sendErrors(ctx, status, [
				{
					status,
					field: '',
					message: status === 500 ? 'Internal Server Error' : 'Service Unavailable',
				},
			]);
			return;
		}
		if (isToken) {
			if (ctx.req.method !== 'POST') {
				oauthError(ctx, 405, 'invalid_request', 'POST required');
				return;
			}
			const sensitive = [
				'client_id',
				'client_secret',
				'api_key',
				'code',
				'refresh_token',
				'password',
			];
			if (sensitive.some((k) => ctx.url.searchParams.has(k))) {
				oauthError(ctx, 400, 'invalid_request', 'Credentials must be sent in the request body');
				return;
			}
			handleToken(ctx, form);
			return;
		}
		if (faults.licenceDisabled) {
			sendErrors(ctx, 403, [{ status: 403, field: '', message: LICENCE_DISABLED_MESSAGE }]);
			return;
		}
		if (!tok || tok.expiresAt <= now()) {
			sendErrors(ctx, 401, [{ status: 401, field: '', message: INVALID_TOKEN_MESSAGE }]);
			return;
		}
		await route(ctx, tok, raw);
	}

	// ---------- admin ----------

	function summary() {
		const companies: Record<number, unknown> = {};
		for (const c of Object.values(state.companies)) {
			companies[c.info.id] = {
				id: c.info.id,
				name: c.info.name,
				currency: c.info.companyCurrency,
				journals: c.ledgerReceipts.map((r) => ({
					id: r.id,
					invoiceId: r.invoiceId,
					receiptNumber: r.receiptNumber,
					name: r.name,
					receiptDate: r.receiptDate,
					status: r.status,
					created: r.created,
					lines: r.transactions.map((t) => ({
						transactionType: t.transactionType,
						account: t.account,
						accountingValue: t.accountingValue,
						vatPercent: t.vatPercent,
						vatStatus: t.vatStatus,
						description: t.description,
						dimensionItemValues: t.dimensionItemValues,
					})),
					vatPostings: r.vatPostings.map((v) => ({
						kind: v.kind,
						account: v.account,
						accountingValue: v.accountingValue,
					})),
					attachments: r.attachments.map((a) => a.name),
				})),
				invoices: c.invoices.map(invoiceOut),
				dimensions: c.dimensions,
			};
		}
		return { companies, faults, tokens: accessTokens.size, requests: requests.length };
	}

	function setFaults(p: Partial<ProcountorFaults>): void {
		const d = defaultFaults();
		for (const [k, v] of Object.entries(p ?? {})) {
			if (!(k in d)) throw new HttpError(400, [err(k, 'UNKNOWN_FAULT', `unknown fault ${k}`)]);
			const key = k as keyof ProcountorFaults;
			if (typeof v !== typeof d[key]) {
				throw new HttpError(400, [err(k, 'INVALID_VALUE', `${k} must be a ${typeof d[key]}`)]);
			}
			(faults as unknown as Record<string, unknown>)[key] = v;
		}
	}

	function reset(): void {
		const fresh = createSeedState();
		Object.assign(state, fresh);
		Object.assign(faults, defaultFaults());
		requests.length = 0;
		windows.clear();
		codes.clear();
		random = seededRandom(PRNG_SEED);
	}

	function expireAllTokens(): void {
		for (const t of accessTokens.values()) t.expiresAt = 0;
	}

	async function handleAdmin(ctx: Ctx): Promise<void> {
		const p = ctx.url.pathname.replace(/\/+$/, '');
		const m = ctx.req.method;
		if (m === 'GET' && p === '/_sandbox/state') return send(ctx, 200, summary());
		if (m === 'GET' && p === '/_sandbox/requests') return send(ctx, 200, requests);
		if (m === 'POST' && p === '/_sandbox/faults') {
			const raw = await readBody(ctx.req, 100_000);
			let body: unknown;
			try {
				body = raw.length ? JSON.parse(raw.toString('utf8')) : {};
			} catch {
				fail(400, '', 'INVALID_JSON', 'body is not JSON');
			}
			setFaults(body as Partial<ProcountorFaults>);
			return send(ctx, 200, faults);
		}
		if (m === 'POST' && p === '/_sandbox/expire-tokens') {
			expireAllTokens();
			return send(ctx, 200, { ok: true });
		}
		if (m === 'POST' && p === '/_sandbox/reset') {
			reset();
			return send(ctx, 200, { ok: true });
		}
		fail(404, '', 'NOT_FOUND', `no such admin endpoint ${m} ${p}`);
	}

	// ---------- server ----------

	const server = http.createServer((req, res) => {
		const url = new URL(req.url ?? '/', 'http://sandbox.local');
		const ctx: Ctx = { req, res, url, isWrite: false, done: false };
		const isAdmin = url.pathname.startsWith('/_sandbox/');
		if (!isAdmin) {
			ctx.log = { method: req.method ?? 'GET', path: url.pathname, status: 0, at: now() };
			requests.push(ctx.log);
		}
		const run = async () => {
			if (isAdmin) return handleAdmin(ctx);
			if (url.pathname === '/login' || url.pathname === '/login/') return handleLogin(ctx);
			if (url.pathname === '/api' || url.pathname.startsWith('/api/')) return handleApi(ctx);
			fail(404, '', 'NOT_FOUND', `no such endpoint ${url.pathname}`);
		};
		run().catch((e) => {
			if (e instanceof HttpError) {
				ctx.isWrite = false;
				sendErrors(ctx, e.status, e.errors);
			} else if (e instanceof BodyTooLargeError) {
				ctx.isWrite = false;
				sendErrors(ctx, 413, [err('', 'BODY_TOO_LARGE', 'request body too large', 413)]);
			} else {
				log('internal error', e);
				ctx.isWrite = false;
				if (!ctx.done && !res.headersSent) {
					sendErrors(ctx, 500, [{ status: 500, field: '', message: 'Internal Server Error' }]);
				}
			}
		});
	});

	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(opts.port ?? 0, host, () => {
			server.off('error', reject);
			resolve();
		});
	});
	const port = (server.address() as AddressInfo).port;
	const url = `http://${host}:${port}`;
	log(`listening on ${url}`);

	return {
		url,
		apiUrl: `${url}/api`,
		port,
		faults,
		state,
		requests,
		expireAllTokens,
		reset,
		setFaults,
		close: () =>
			new Promise<void>((resolve) => {
				if (closed) return resolve();
				closed = true;
				for (const t of timers) clearTimeout(t);
				timers.clear();
				for (const r of hanging) r.socket?.destroy();
				hanging.clear();
				server.close(() => resolve());
				server.closeAllConnections();
			}),
	};
}
