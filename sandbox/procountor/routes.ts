// The API route table: one line per endpoint under /api (after authentication, rate limit and
// faults, see index.ts). A handler returns the 200 body. An unknown method or path is 404.
import { createAttachment, searchAttachments } from './attachments';
import { passSearchBarrier, startsSearch } from './barrier';
import { fail, jsonBody, type Ctx, type SandboxRuntime } from './context';
import type { AccessToken } from './auth';
import { createInvoice, invoiceOut, searchInvoices } from './invoices';
import { changeStatus, createReceipt, findReceipt, receiptOut, searchReceipts } from './ledger';
import {
	companyInfo,
	countryVats,
	createDimensionItem,
	defaultVats,
	dimensionOf,
	exchangeRate,
	searchDimensions,
	sessionInfo,
	updateDimensionItem,
	userInfo,
} from './masterdata';
import { getOneOrMany } from './search';
import type { CompanyState, SandboxUser } from './types';

export interface ApiCall {
	ctx: Ctx;
	url: URL;
	company: CompanyState;
	tok: AccessToken;
	user?: SandboxUser;
	/** the request body; undefined for multipart (streamed by its handler) */
	raw?: Buffer;
}

type Handler = (sb: SandboxRuntime, call: ApiCall, params: string[]) => unknown;

const ID = '(\\d+)';
const IDS = '([^/]+)';
const routes: Array<{ method: string; re: RegExp; handler: Handler }> = [];
function route(method: string, pattern: string, handler: Handler): void {
	routes.push({ method, re: new RegExp(`^${pattern}$`), handler });
}

// master data
route('GET', '/company', (_, c) => companyInfo(c.company));
route('GET', '/sessioninfo', (_, c) => sessionInfo(c.company, c.tok.userId, c.user));
route('GET', '/users', (_, c) => userInfo(c.company, c.tok.userId, c.user));
route('GET', '/coa', (_, c) => ({ ledgerAccounts: c.company.coa }));
route('GET', '/currencies/company', (_, c) => ({
	companyCurrency: c.company.info.companyCurrency,
}));
route('GET', '/currencies/exchangerate', (_, c) => exchangeRate(c.company, c.url));
route('GET', '/vats/default', (_, c) => defaultVats(c.company));
route('GET', '/vats/country', (_, c) => countryVats(c.company, c.url));
route('GET', '/fiscalyears', (_, c) => ({ fiscalYears: c.company.fiscalYears }));
route('GET', '/dimensions', (_, c) => searchDimensions(c.company, c.url));
route('GET', `/dimensions/${ID}`, (_, c, [id]) => {
	const dim = dimensionOf(c.company, id);
	return { ...dim, items: dim.items.map((i) => ({ ...i })) };
});
route('POST', `/dimensions/${ID}/items`, (sb, c, [id]) =>
	createDimensionItem(sb, dimensionOf(c.company, id), jsonBody(c.raw)),
);
route('PUT', `/dimensions/${ID}/items`, (_, c, [id]) =>
	updateDimensionItem(dimensionOf(c.company, id), jsonBody(c.raw)),
);

// ledger receipts
route('GET', '/ledgerreceipts', async (sb, c) => {
	// the search barrier (behaviour searchBarrier) holds the first page of a search; the answer is
	// computed when it opens
	if (startsSearch(c.url)) await passSearchBarrier(sb);
	return searchReceipts(c.company, c.url, sb.state.behaviours.invalidatedInSearch);
});
route('GET', `/ledgerreceipts/${IDS}`, (sb, c, [ids]) =>
	getOneOrMany(
		ids,
		(id) => findReceipt(c.company, id),
		'ledger receipt',
		(r) => receiptOut(r, sb.state.behaviours.receiptAttachments),
	),
);
route('POST', '/ledgerreceipts', (sb, c) => createReceipt(sb, c.company, c.url, jsonBody(c.raw)));
route('PUT', `/ledgerreceipts/${ID}/(approve|invalidate)`, (sb, c, [id, action]) =>
	changeStatus(sb, c.company, Number(id), action as 'approve' | 'invalidate'),
);

// invoices
route('GET', '/invoices', (_, c) => searchInvoices(c.company, c.url));
route('GET', `/invoices/${IDS}`, (_, c, [ids]) =>
	getOneOrMany(ids, (id) => c.company.invoices.find((i) => i.id === id), 'invoice', invoiceOut),
);
route('POST', '/invoices', (sb, c) => createInvoice(sb, c.company, jsonBody(c.raw)));

// attachments
route('POST', '/attachments', (sb, c) => createAttachment(sb, c.ctx, c.company));
route('GET', '/attachments', (sb, c) => searchAttachments(sb, c.company, c.url));

/** The 200 body for an API request; throws HttpError for a 4xx. */
export async function dispatch(sb: SandboxRuntime, call: ApiCall): Promise<unknown> {
	const method = call.ctx.req.method as string;
	const path = call.url.pathname.replace(/^\/api/, '').replace(/\/+$/, '') || '/';
	for (const r of routes) {
		const m = r.method === method ? r.re.exec(path) : null;
		if (m) return r.handler(sb, call, m.slice(1));
	}
	// any other request under an unknown dimension names the dimension
	const seg = path.split('/').filter(Boolean);
	if (seg[0] === 'dimensions' && seg.length >= 2) dimensionOf(call.company, seg[1]);
	fail(404, '', 'NOT_FOUND', `no such endpoint: ${method} /api${path}`);
}
