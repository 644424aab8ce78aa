// The Pleo sandbox's route table: `route()` registers a handler for a method and a path pattern,
// `dispatch()` finds it (404 for an unknown path, 405 for a known path with another method). The
// handlers live in one module per area (routes-*.ts), loaded by routes.ts; the company checks
// they share are here.
import type { PleoCore } from './core';
import type { Obj } from './http-util';
import { PleoApiError } from './util';

export interface ApiRequest {
	method: string;
	path: string;
	query: URLSearchParams;
	body: unknown;
}

export interface ApiResult {
	status: number;
	body?: unknown;
}

type Handler = (core: PleoCore, req: ApiRequest, params: string[]) => ApiResult;

interface Route {
	method: string;
	re: RegExp;
	handler: Handler;
}

export const ID = '([^/:]+)';
const routes: Route[] = [];
export function route(method: string, pattern: string, handler: Handler): void {
	routes.push({ method, re: new RegExp(`^${pattern}$`), handler });
}

export const WEBHOOK_EVENT_TYPES = ['v1.export-job.created', 'v1.vendor.created'];
export const ok = (body: unknown, status = 200): ApiResult => ({ status, body });
export const wrap = (data: unknown, status = 200): ApiResult => ({ status, body: { data } });

export function dispatch(core: PleoCore, req: ApiRequest): ApiResult {
	let pathMatched = false;
	for (const r of routes) {
		const m = r.re.exec(req.path);
		if (!m) continue;
		pathMatched = true;
		if (r.method !== req.method) continue;
		return r.handler(
			core,
			req,
			m.slice(1).map((p) => decodeURIComponent(p)),
		);
	}
	if (pathMatched)
		throw new PleoApiError(
			405,
			'METHOD_NOT_ALLOWED',
			`${req.method} is not allowed on ${req.path}`,
		);
	throw new PleoApiError(404, 'NOT_FOUND', `no such endpoint: ${req.method} ${req.path}`);
}

// ---------- company helpers ----------

export function checkCompany(core: PleoCore, id: string | undefined | null, what: string): void {
	if (!id) throw new PleoApiError(400, 'MISSING_COMPANY_ID', `${what} is required`);
	if (id !== core.state.company.id)
		throw new PleoApiError(403, 'FORBIDDEN', `no access to company ${id}`);
}

export function companyFromQuery(core: PleoCore, q: URLSearchParams): void {
	const org = q.get('organization_id');
	if (!q.get('company_id') && org) {
		if (org !== core.state.company.organizationId)
			throw new PleoApiError(403, 'FORBIDDEN', `no access to organization ${org}`);
		return;
	}
	checkCompany(core, q.get('company_id'), 'company_id');
}

/** Body `companyId`, or the `company_id` query parameter. */
export function companyFromBodyOrQuery(core: PleoCore, body: Obj, q: URLSearchParams): void {
	const fromBody = typeof body.companyId === 'string' ? body.companyId : undefined;
	checkCompany(core, fromBody ?? q.get('company_id'), 'companyId');
}

export function optionalCompanyQuery(core: PleoCore, q: URLSearchParams): void {
	const id = q.get('company_id');
	if (id) checkCompany(core, id, 'company_id');
}

export function metadataOf(body: Obj): Record<string, string> | undefined {
	const m = body.metadata;
	if (m === undefined || m === null) return undefined;
	if (
		typeof m !== 'object' ||
		Array.isArray(m) ||
		Object.values(m).some((v) => typeof v !== 'string')
	) {
		throw new PleoApiError(400, 'INVALID_REQUEST_BODY', 'metadata must be an object of strings');
	}
	return { ...(m as Record<string, string>) };
}
