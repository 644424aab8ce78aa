import type { PleoCore } from './core';
import {
	asObject,
	bool,
	paginate,
	queryBool,
	queryList,
	str,
	strArray,
	type Obj,
} from './http-util';
import type { Account, Subscription, Tag, TagGroup, TaxCode } from './state';
import { PleoApiError, iso } from './util';
import { newWebhookSecret } from './webhooks';

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

const ID = '([^/:]+)';
const routes: Route[] = [];
function route(method: string, pattern: string, handler: Handler): void {
	routes.push({ method, re: new RegExp(`^${pattern}$`), handler });
}

export const WEBHOOK_EVENT_TYPES = ['v1.export-job.created', 'v1.vendor.created'];
const ok = (body: unknown, status = 200): ApiResult => ({ status, body });
const wrap = (data: unknown, status = 200): ApiResult => ({ status, body: { data } });

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

function checkCompany(core: PleoCore, id: string | undefined | null, what: string): void {
	if (!id) throw new PleoApiError(400, 'MISSING_COMPANY_ID', `${what} is required`);
	if (id !== core.state.company.id)
		throw new PleoApiError(403, 'FORBIDDEN', `no access to company ${id}`);
}

function companyFromQuery(core: PleoCore, q: URLSearchParams): void {
	const org = q.get('organization_id');
	if (!q.get('company_id') && org) {
		if (org !== core.state.company.organizationId)
			throw new PleoApiError(403, 'FORBIDDEN', `no access to organization ${org}`);
		return;
	}
	checkCompany(core, q.get('company_id'), 'company_id');
}

/** Body `companyId`, or the `company_id` query parameter. */
function companyFromBodyOrQuery(core: PleoCore, body: Obj, q: URLSearchParams): void {
	const fromBody = typeof body.companyId === 'string' ? body.companyId : undefined;
	checkCompany(core, fromBody ?? q.get('company_id'), 'companyId');
}

function optionalCompanyQuery(core: PleoCore, q: URLSearchParams): void {
	const id = q.get('company_id');
	if (id) checkCompany(core, id, 'company_id');
}

// ---------- export API v3 ----------

route('GET', '/v3/export-jobs', (core, req) => {
	companyFromQuery(core, req.query);
	core.expireJobs();
	const statuses = queryList(req.query, 'statuses').concat(queryList(req.query, 'status'));
	const jobs = [...core.state.jobs.values()]
		.filter((r) => statuses.length === 0 || statuses.includes(r.job.status))
		.sort((a, b) => a.createdMs - b.createdMs)
		.map((r) => core.jobView(r));
	return ok(paginate(jobs, req.query, 20));
});

route('POST', '/v3/export-jobs', (core, req) => {
	const body = asObject(req.body);
	checkCompany(core, str(body, 'companyId'), 'companyId');
	const ids = strArray(body, 'accountingEntryIds', 10000);
	if (!ids) throw new PleoApiError(400, 'INVALID_REQUEST_BODY', 'accountingEntryIds is required');
	const isInteractive = bool(body, 'isInteractive', true);
	const employeeId = str(body, 'employeeId') ?? null;
	const rec = core.createJob(ids, isInteractive, employeeId);
	return wrap(core.jobView(rec), 201);
});

route(`GET`, `/v3/export-jobs/${ID}`, (core, req, [id]) => {
	optionalCompanyQuery(core, req.query);
	return wrap(core.jobView(core.getJob(id)));
});

route('GET', `/v3/export-jobs/${ID}/items`, (core, req, [id]) => {
	const rec = core.getJob(id);
	const statuses = queryList(req.query, 'status').concat(queryList(req.query, 'statuses'));
	const items = rec.items
		.filter((i) => statuses.length === 0 || statuses.includes(i.status))
		.map((i) => ({ ...i }));
	return ok(paginate(items, req.query, 50));
});

route('PUT', `/v3/export-jobs/${ID}/items`, (core, req, [id]) =>
	ok(core.updateItems(id, req.body)),
);

route('POST', '/v3/export-job-events', (core, req) => {
	const body = asObject(req.body);
	const jobId = str(body, 'jobId') ?? str(body, 'exportJobId');
	if (!jobId) throw new PleoApiError(400, 'INVALID_REQUEST_BODY', 'jobId is required');
	const event = str(body, 'event', { required: true })!;
	core.jobEvent(
		jobId,
		event,
		str(body, 'failureReason') ?? null,
		str(body, 'failureReasonType') ?? null,
	);
	return { status: 202 };
});

route('GET', '/v3/export-items', (core, req) => {
	const jobId = req.query.get('job_id');
	if (!jobId) throw new PleoApiError(400, 'INVALID_REQUEST', 'job_id is required');
	optionalCompanyQuery(core, req.query);
	const rec = core.getJob(jobId);
	if (rec.job.status !== 'pending' && rec.job.status !== 'in_progress') {
		throw new PleoApiError(
			422,
			'EXPORT_JOB_STATUS_UNPROCESSABLE',
			`export job is ${rec.job.status}; export items are only available while it is pending or in_progress`,
		);
	}
	if (!core.state.company.contraAccounts) {
		throw new PleoApiError(
			400,
			'MISSING_CONTRA_ACCOUNTS',
			'The company has no contra accounts configured.',
		);
	}
	const now = core.now();
	if (rec.itemsFetchedMs === null) rec.itemsFetchedMs = now;
	const page = paginate(rec.items, req.query, 50);
	const data = page.data
		.map((i) => core.state.expenses.get(i.accountingEntryId))
		.filter((e): e is NonNullable<typeof e> => !!e)
		.map((e) => core.exportItem(e, now));
	return ok({ data, pagination: page.pagination });
});

// ---------- tag groups & tags ----------

function tagGroup(core: PleoCore, id: string): TagGroup {
	const g = core.state.tagGroups.get(id);
	if (!g) throw new PleoApiError(404, 'TAG_GROUP_NOT_FOUND', `tag group ${id} not found`);
	return g;
}

function tagById(core: PleoCore, id: string): Tag {
	const t = core.state.tags.get(id);
	if (!t) throw new PleoApiError(404, 'TAG_NOT_FOUND', `tag ${id} not found`);
	return t;
}

function tagsOfGroup(core: PleoCore, groupId: string): Tag[] {
	return [...core.state.tags.values()].filter((t) => t.groupId === groupId);
}

function activeTagCap(core: PleoCore): number {
	return core.activeTagCap;
}

function checkCap(core: PleoCore, groupId: string, excludeTagId?: string): void {
	const active = tagsOfGroup(core, groupId).filter(
		(t) => !t.archived && t.id !== excludeTagId,
	).length;
	const cap = activeTagCap(core);
	if (active >= cap) {
		throw new PleoApiError(
			400,
			'TAG_GROUP_ACTIVE_TAGS_LIMIT_REACHED',
			`the tag group already has the maximum number of active tags (${cap})`,
		);
	}
}

function checkGroupCode(core: PleoCore, code: string, excludeId?: string): void {
	const lc = code.toLowerCase();
	for (const g of core.state.tagGroups.values()) {
		if (g.id !== excludeId && g.code.toLowerCase() === lc) {
			throw new PleoApiError(
				409,
				'TAG_GROUP_CODE_ALREADY_EXISTS',
				`a tag group with code '${g.code}' already exists`,
			);
		}
	}
}

function checkTagCode(core: PleoCore, groupId: string, code: string, excludeId?: string): void {
	const lc = code.toLowerCase();
	for (const t of tagsOfGroup(core, groupId)) {
		if (t.id !== excludeId && t.code.toLowerCase() === lc) {
			throw new PleoApiError(
				409,
				'TAG_CODE_ALREADY_EXISTS',
				`a tag with code '${t.code}' already exists in this group`,
			);
		}
	}
}

function metadataOf(body: Obj): Record<string, string> | undefined {
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

function groupView(core: PleoCore, g: TagGroup, withCount: boolean): Record<string, unknown> {
	const v: Record<string, unknown> = { ...g };
	if (withCount) v.totalTagsCount = tagsOfGroup(core, g.id).length;
	return v;
}

route('GET', '/v0/tag-groups', (core, req) => {
	companyFromQuery(core, req.query);
	const includeArchived = queryBool(req.query, 'include_archived');
	const withCount = queryBool(req.query, 'include_tags_count');
	const groups = [...core.state.tagGroups.values()].filter((g) => includeArchived || !g.archived);
	return wrap(groups.map((g) => groupView(core, g, withCount)));
});

route('POST', '/v0/tag-groups', (core, req) => {
	const body = asObject(req.body);
	companyFromBodyOrQuery(core, body, req.query);
	const name = str(body, 'name', { required: true, max: 255 })!;
	const code = str(body, 'code', { required: true, max: 255 })!;
	const archived = bool(body, 'archived', false);
	checkGroupCode(core, code);
	const now = iso(core.now());
	const g: TagGroup = {
		id: core.nextId('tag-group'),
		companyId: core.state.company.id,
		name,
		code,
		archived,
		metadata: metadataOf(body) ?? {},
		createdAt: now,
		updatedAt: now,
	};
	core.state.tagGroups.set(g.id, g);
	core.recordWrite(req.method, req.path);
	return wrap(g, 201);
});

route('GET', `/v0/tag-groups/${ID}`, (core, _req, [id]) =>
	wrap(groupView(core, tagGroup(core, id), true)),
);

route('PUT', `/v0/tag-groups/${ID}`, (core, req, [id]) => {
	const g = tagGroup(core, id);
	const body = asObject(req.body);
	const name = str(body, 'name', { required: true, max: 255 })!;
	const code = str(body, 'code', { required: true, max: 255 })!;
	const archived = bool(body, 'archived');
	checkGroupCode(core, code, g.id);
	Object.assign(g, {
		name,
		code,
		archived,
		metadata: metadataOf(body) ?? {},
		updatedAt: iso(core.now()),
	});
	core.recordWrite(req.method, req.path);
	return wrap(g);
});

route('DELETE', `/v0/tag-groups/${ID}`, (core, req, [id]) => {
	tagGroup(core, id);
	core.state.tagGroups.delete(id);
	for (const t of tagsOfGroup(core, id)) core.state.tags.delete(t.id);
	core.recordWrite(req.method, req.path);
	return { status: 204 };
});

route('GET', `/v0/tag-groups/${ID}/tags`, (core, req, [id]) => {
	tagGroup(core, id);
	const includeArchived = queryBool(req.query, 'include_archived');
	const tags = tagsOfGroup(core, id).filter((t) => includeArchived || !t.archived);
	return ok(paginate(tags, req.query, 20));
});

route('POST', `/v0/tag-groups/${ID}/tags`, (core, req, [id]) => {
	const g = tagGroup(core, id);
	const body = asObject(req.body);
	const code = str(body, 'code', { required: true, max: 255 })!;
	const name = str(body, 'name', { max: 255 }) ?? null;
	const archived = bool(body, 'archived', false);
	checkTagCode(core, g.id, code);
	if (!archived) checkCap(core, g.id);
	const now = iso(core.now());
	const t: Tag = {
		id: core.nextId('tag'),
		groupId: g.id,
		code,
		name,
		archived,
		createdAt: now,
		updatedAt: now,
	};
	core.state.tags.set(t.id, t);
	core.recordWrite(req.method, req.path);
	return wrap(t, 201);
});

route('POST', '/v0/tags:search', (core, req) => {
	companyFromQuery(core, req.query);
	const body = req.body === undefined ? {} : asObject(req.body);
	const groupIds = strArray(body, 'tagGroupIds');
	const tagIds = strArray(body, 'tagIds');
	const text = str(body, 'textSearch');
	const includeArchived = body.includeArchived === true;
	const archived = typeof body.archived === 'boolean' ? body.archived : undefined;
	const lc = text?.toLowerCase();
	const tags = [...core.state.tags.values()].filter((t) => {
		if (groupIds && groupIds.length > 0 && !groupIds.includes(t.groupId)) return false;
		if (tagIds && tagIds.length > 0 && !tagIds.includes(t.id)) return false;
		if (archived !== undefined) {
			if (t.archived !== archived) return false;
		} else if (!includeArchived && t.archived) return false;
		if (lc && !t.code.toLowerCase().includes(lc) && !(t.name ?? '').toLowerCase().includes(lc))
			return false;
		return true;
	});
	return ok(paginate(tags, req.query, 20));
});

route('POST', '/v0/tags/archive', (core, req) => {
	const body = asObject(req.body);
	companyFromBodyOrQuery(core, body, req.query);
	const ids = strArray(body, 'tagIds', 100);
	if (!ids) throw new PleoApiError(400, 'INVALID_REQUEST_BODY', 'tagIds is required');
	const archived = bool(body, 'archived');
	const tags = ids.map((id) => tagById(core, id));
	if (!archived) {
		// Cap check per group, counting the tags that would be unarchived.
		const byGroup = new Map<string, number>();
		for (const t of tags) if (t.archived) byGroup.set(t.groupId, (byGroup.get(t.groupId) ?? 0) + 1);
		for (const [gid, extra] of byGroup) {
			const active = tagsOfGroup(core, gid).filter((t) => !t.archived).length;
			if (active + extra > activeTagCap(core)) {
				throw new PleoApiError(
					400,
					'TAG_GROUP_ACTIVE_TAGS_LIMIT_REACHED',
					`unarchiving would exceed the maximum number of active tags (${activeTagCap(core)})`,
				);
			}
		}
	}
	const now = iso(core.now());
	for (const t of tags) {
		t.archived = archived;
		t.updatedAt = now;
	}
	core.recordWrite(req.method, req.path);
	return wrap(tags);
});

route('DELETE', '/v0/tags', (core, req) => {
	const body = asObject(req.body);
	companyFromBodyOrQuery(core, body, req.query);
	const ids = strArray(body, 'tagIds', 100) ?? [];
	for (const id of ids) tagById(core, id);
	for (const id of ids) core.state.tags.delete(id);
	core.recordWrite(req.method, req.path);
	return { status: 204 };
});

route('GET', `/v0/tags/${ID}`, (core, _req, [id]) => wrap(tagById(core, id)));

route('PUT', `/v0/tags/${ID}`, (core, req, [id]) => {
	const t = tagById(core, id);
	const body = asObject(req.body);
	const code = str(body, 'code', { required: true, max: 255 })!;
	const name = str(body, 'name', { max: 255 }) ?? null;
	const archived = bool(body, 'archived', t.archived);
	checkTagCode(core, t.groupId, code, t.id);
	if (t.archived && !archived) checkCap(core, t.groupId, t.id);
	Object.assign(t, { code, name, archived, updatedAt: iso(core.now()) });
	core.recordWrite(req.method, req.path);
	return wrap(t);
});

route('DELETE', `/v0/tags/${ID}`, (core, req, [id]) => {
	tagById(core, id);
	core.state.tags.delete(id);
	core.recordWrite(req.method, req.path);
	return { status: 204 };
});

// ---------- chart of accounts ----------

interface AccountInput {
	externalId?: string;
	name?: string;
	code?: string | null;
	archived?: boolean;
	taxCodeExternalId?: string | null;
	metadata?: Record<string, string> | null;
}

function accountReasons(input: Obj): string[] {
	const reasons: string[] = [];
	const ext = input.externalId;
	if (typeof ext !== 'string' || ext.trim() === '') reasons.push('EXTERNAL_ID_EMPTY');
	else if (ext.length > 255) reasons.push('EXTERNAL_ID_TOO_LONG');
	const name = input.name;
	if (typeof name !== 'string' || name.trim() === '') reasons.push('NAME_EMPTY');
	else if (name.length > 255) reasons.push('NAME_TOO_LONG');
	if (input.code != null && (typeof input.code !== 'string' || input.code.length > 255))
		reasons.push('CODE_TOO_LONG');
	return reasons;
}

function accountByExt(core: PleoCore, ext: string): Account | undefined {
	return core.accountByExternalId(ext);
}

function newAccount(core: PleoCore, input: AccountInput): Account {
	const now = iso(core.now());
	return {
		id: core.nextId('account'),
		companyId: core.state.company.id,
		externalId: input.externalId!,
		code: input.code ?? null,
		name: input.name!,
		archived: input.archived ?? false,
		taxCodeExternalId: input.taxCodeExternalId ?? null,
		metadata: input.metadata ?? null,
		createdAt: now,
		updatedAt: now,
	};
}

function account(core: PleoCore, id: string): Account {
	const a = core.state.accounts.get(id);
	if (!a) throw new PleoApiError(404, 'ACCOUNT_NOT_FOUND', `account ${id} not found`);
	return a;
}

route('POST', '/v1/chart-of-accounts', (core, req) => {
	const body = asObject(req.body);
	companyFromBodyOrQuery(core, body, req.query);
	const reasons = accountReasons(body);
	if (reasons.length > 0)
		throw new PleoApiError(400, reasons[0], `invalid account: ${reasons.join(', ')}`);
	if (body.archived !== undefined && typeof body.archived !== 'boolean') {
		throw new PleoApiError(400, 'INVALID_REQUEST_BODY', 'archived must be a boolean');
	}
	const input = body as AccountInput;
	const existing = accountByExt(core, input.externalId!);
	if (existing) {
		const same =
			existing.name === input.name &&
			(existing.code ?? null) === (input.code ?? null) &&
			existing.archived === (input.archived ?? false);
		if (same) return wrap(existing, 200);
		throw new PleoApiError(
			409,
			'EXTERNAL_ID_ALREADY_EXISTS',
			`an account with externalId '${input.externalId}' already exists with different data`,
		);
	}
	const a = newAccount(core, { ...input, metadata: metadataOf(body) ?? null });
	core.state.accounts.set(a.id, a);
	core.recordWrite(req.method, req.path);
	return wrap(a, 201);
});

route('POST', '/v1/chart-of-accounts/batch', (core, req) => {
	const body = asObject(req.body);
	companyFromBodyOrQuery(core, body, req.query);
	const items = body.items;
	if (!Array.isArray(items) || items.length < 1 || items.length > 1000) {
		throw new PleoApiError(
			400,
			'INVALID_REQUEST_BODY',
			'items must hold between 1 and 1000 accounts',
		);
	}
	const created: Account[] = [];
	const failed: Array<{ reasons: string[]; request: unknown }> = [];
	for (const raw of items) {
		const input = (raw && typeof raw === 'object' ? raw : {}) as Obj;
		const reasons = accountReasons(input);
		if (
			typeof input.externalId === 'string' &&
			input.externalId.trim() !== '' &&
			accountByExt(core, input.externalId)
		) {
			reasons.unshift('EXTERNAL_ID_ALREADY_EXISTS');
		}
		if (reasons.length > 0) {
			failed.push({ reasons, request: raw });
			continue;
		}
		const a = newAccount(core, {
			externalId: input.externalId as string,
			name: input.name as string,
			code: (input.code as string | undefined) ?? null,
			archived: input.archived === true,
			taxCodeExternalId:
				typeof input.taxCodeExternalId === 'string' ? input.taxCodeExternalId : null,
		});
		core.state.accounts.set(a.id, a);
		created.push(a);
	}
	if (created.length > 0) core.recordWrite(req.method, req.path);
	return ok({ data: { created, failed }, created, failed });
});

route('POST', '/v1/chart-of-accounts:search', (core, req) => {
	const body = req.body === undefined ? {} : asObject(req.body);
	companyFromBodyOrQuery(core, body, req.query);
	const codes = strArray(body, 'codes');
	const ids = strArray(body, 'ids');
	const externalId = str(body, 'externalId');
	const name = str(body, 'name')?.toLowerCase();
	const archived = typeof body.archived === 'boolean' ? body.archived : undefined;
	const list = [...core.state.accounts.values()].filter(
		(a) =>
			(archived === undefined || a.archived === archived) &&
			(!codes || codes.length === 0 || (a.code !== null && codes.includes(a.code))) &&
			(!ids || ids.length === 0 || ids.includes(a.id)) &&
			(externalId === undefined || a.externalId === externalId) &&
			(name === undefined || a.name.toLowerCase().includes(name)),
	);
	return ok(paginate(list, req.query, 20));
});

route('GET', '/v1/chart-of-accounts', (core, req) => {
	companyFromQuery(core, req.query);
	const includeArchived = req.query.get('include_archived') !== 'false';
	const list = [...core.state.accounts.values()].filter((a) => includeArchived || !a.archived);
	return ok(paginate(list, req.query, 20));
});

route('GET', `/v1/chart-of-accounts/${ID}`, (core, _req, [id]) => wrap(account(core, id)));

route('PUT', `/v1/chart-of-accounts/${ID}`, (core, req, [id]) => {
	const a = account(core, id);
	const body = asObject(req.body);
	const name = str(body, 'name', { required: true, max: 255 })!;
	const archived = bool(body, 'archived');
	const code = str(body, 'code', { max: 255 });
	const taxCodeExternalId = str(body, 'taxCodeExternalId');
	Object.assign(a, {
		name,
		archived,
		code: code ?? a.code,
		taxCodeExternalId: taxCodeExternalId ?? a.taxCodeExternalId,
		metadata: metadataOf(body) ?? a.metadata,
		updatedAt: iso(core.now()),
	});
	core.recordWrite(req.method, req.path);
	return wrap(a);
});

route('DELETE', `/v1/chart-of-accounts/${ID}`, (core, req, [id]) => {
	const a = account(core, id);
	const used = [...core.state.expenses.values()].some((e) =>
		e.lines.some((l) => l.accountExternalId === a.externalId),
	);
	if (used)
		throw new PleoApiError(
			409,
			'ACCOUNT_IN_USE',
			'the account is used by accounting entries; archive it instead',
		);
	core.state.accounts.delete(id);
	core.recordWrite(req.method, req.path);
	return { status: 204 };
});

// ---------- tax codes ----------

const TAX_TYPES = ['inclusive', 'exclusive', 'reverse'];

function taxCode(core: PleoCore, id: string): TaxCode {
	const t = core.state.taxCodes.get(id);
	if (!t) throw new PleoApiError(404, 'TAX_CODE_NOT_FOUND', `tax code ${id} not found`);
	return t;
}

function taxInput(
	body: Obj,
): Pick<TaxCode, 'name' | 'code' | 'rate' | 'type' | 'archived'> & Partial<TaxCode> {
	const name = str(body, 'name', { required: true, max: 255 })!;
	const code = str(body, 'code', { required: true, max: 255 })!;
	const rate = body.rate;
	if (typeof rate !== 'number' || !(rate >= 0 && rate < 1)) {
		throw new PleoApiError(400, 'INVALID_REQUEST_BODY', 'rate must be a decimal between 0 and 1');
	}
	const type = body.type;
	if (typeof type !== 'string' || !TAX_TYPES.includes(type)) {
		throw new PleoApiError(
			400,
			'INVALID_REQUEST_BODY',
			`type must be one of ${TAX_TYPES.join(', ')}`,
		);
	}
	const archived = bool(body, 'archived', false);
	return {
		name,
		code,
		rate,
		type: type as TaxCode['type'],
		archived,
		ingoingTaxAccount: str(body, 'ingoingTaxAccount') ?? null,
		outgoingTaxAccount: str(body, 'outgoingTaxAccount') ?? null,
	};
}

function checkTaxCode(core: PleoCore, code: string, excludeId?: string): void {
	for (const t of core.state.taxCodes.values()) {
		if (t.id !== excludeId && t.code.toLowerCase() === code.toLowerCase()) {
			throw new PleoApiError(
				409,
				'TAX_CODE_ALREADY_EXISTS',
				`a tax code with code '${t.code}' already exists`,
			);
		}
	}
}

route('POST', '/v0/tax-codes', (core, req) => {
	const body = asObject(req.body);
	companyFromBodyOrQuery(core, body, req.query);
	const input = taxInput(body);
	checkTaxCode(core, input.code);
	const now = iso(core.now());
	const t: TaxCode = {
		id: core.nextId('tax'),
		companyId: core.state.company.id,
		ingoingTaxAccount: null,
		outgoingTaxAccount: null,
		accountingIntegrationSystem: null,
		...input,
		createdAt: now,
		updatedAt: now,
	};
	core.state.taxCodes.set(t.id, t);
	core.recordWrite(req.method, req.path);
	return wrap(t, 201);
});

route('POST', '/v0/tax-codes:search', (core, req) => {
	companyFromQuery(core, req.query);
	const body = req.body === undefined ? {} : asObject(req.body);
	const archived = typeof body.archived === 'boolean' ? body.archived : undefined;
	const code = str(body, 'code');
	const ids = strArray(body, 'taxCodeIds');
	const type = str(body, 'type');
	const list = [...core.state.taxCodes.values()].filter(
		(t) =>
			(archived === undefined || t.archived === archived) &&
			(code === undefined || t.code.toLowerCase() === code.toLowerCase()) &&
			(!ids || ids.length === 0 || ids.includes(t.id)) &&
			(type === undefined || t.type === type),
	);
	return ok(paginate(list, req.query, 20));
});

route('GET', `/v0/tax-codes/${ID}`, (core, _req, [id]) => wrap(taxCode(core, id)));

route('PUT', `/v0/tax-codes/${ID}`, (core, req, [id]) => {
	const t = taxCode(core, id);
	const input = taxInput(asObject(req.body));
	checkTaxCode(core, input.code, t.id);
	Object.assign(t, input, { updatedAt: iso(core.now()) });
	core.recordWrite(req.method, req.path);
	return wrap(t);
});

route('DELETE', `/v0/tax-codes/${ID}`, (core, req, [id]) => {
	taxCode(core, id);
	core.state.taxCodes.delete(id);
	core.recordWrite(req.method, req.path);
	return { status: 204 };
});

// ---------- accounting entries ----------

const DATE_RANGES: Array<[string, string, 'date' | 'settledAt' | 'bookkeepingDate']> = [
	['performedAtStart', 'performedAtEnd', 'date'],
	['settledAtStart', 'settledAtEnd', 'settledAt'],
	['bookkeepingDateStart', 'bookkeepingDateEnd', 'bookkeepingDate'],
];

route('POST', '/v1/accounting-entries:search', (core, req) => {
	companyFromQuery(core, req.query);
	const body = asObject(req.body ?? {});
	if (typeof body.includeDeleted !== 'boolean') {
		throw new PleoApiError(400, 'INVALID_REQUEST_BODY', 'includeDeleted is required');
	}
	const used = DATE_RANGES.filter(([s, e]) => body[s] != null || body[e] != null);
	if (used.length > 1)
		throw new PleoApiError(400, 'INVALID_REQUEST_BODY', 'only one date range filter can be used');
	const list = (name: string): string[] | undefined => {
		const v = strArray(body, name);
		return v && v.length > 0 ? v : undefined;
	};
	const exportStatus = list('exportStatus');
	const families = list('families');
	const employeeIds = list('employeeIds');
	const accountIds = list('accountIds');
	const taxCodeIds = list('taxCodeIds');
	const tagRowIds = list('tagRowIds');
	const currencies = list('transactionValueCurrencies');
	const entries = [...core.state.expenses.values()]
		.filter((e) => body.includeDeleted === true || !e.deleted)
		.map((e) => core.accountingEntry(e))
		.filter((ae) => {
			const splits = ae.splitItems as Array<Record<string, unknown>>;
			const lineVals = (k: string): unknown[] =>
				splits.length > 0 ? splits.map((s) => s[k]) : [ae[k]];
			if (exportStatus && !exportStatus.includes(ae.exportStatus as string)) return false;
			if (families && !families.includes(ae.family as string)) return false;
			if (employeeIds && !employeeIds.includes(ae.employeeId as string)) return false;
			if (accountIds && !lineVals('accountId').some((v) => accountIds.includes(v as string)))
				return false;
			if (taxCodeIds && !lineVals('taxCodeId').some((v) => taxCodeIds.includes(v as string)))
				return false;
			if (
				currencies &&
				!currencies.includes((ae.transactionValue as { currency: string }).currency)
			)
				return false;
			if (tagRowIds) {
				const tags = (
					splits.length > 0 ? splits.flatMap((s) => s.tags as unknown[]) : (ae.tags as unknown[])
				) as Array<{ tagId: string }>;
				if (!tags.some((t) => tagRowIds.includes(t.tagId))) return false;
			}
			if (typeof body.hasNote === 'boolean' && body.hasNote !== !!ae.note) return false;
			if (typeof body.settled === 'boolean' && body.settled !== !!ae.settledAt) return false;
			for (const [s, e, field] of used) {
				const key = field === 'date' ? 'performedAt' : field;
				const v = ae[key] as string | null;
				if (!v) return false;
				const t = Date.parse(v);
				if (body[s] != null && t < Date.parse(String(body[s]))) return false;
				if (body[e] != null && t > Date.parse(String(body[e]))) return false;
			}
			return true;
		});
	return ok(paginate(entries, req.query, 20));
});

function expense(
	core: PleoCore,
	id: string,
	includeDeleted = true,
): NonNullable<ReturnType<PleoCore['state']['expenses']['get']>> {
	const e = core.state.expenses.get(id);
	if (!e || (!includeDeleted && e.deleted))
		throw new PleoApiError(404, 'ACCOUNTING_ENTRY_NOT_FOUND', `accounting entry ${id} not found`);
	return e;
}

route('GET', `/v1/accounting-entries/${ID}`, (core, req, [id]) =>
	wrap(core.accountingEntry(expense(core, id, queryBool(req.query, 'include_deleted')))),
);

route('GET', `/v1/accounting-entries/${ID}/receipts`, (core, req, [id]) => {
	const e = expense(core, id);
	const receipts = e.fileIds
		.map((f) => core.receipt(f))
		.filter((r): r is Record<string, unknown> => !!r);
	return ok(paginate(receipts, req.query, 10));
});

route('GET', `/v1/accounting-entries/${ID}/receipts/${ID}`, (core, _req, [id, receiptId]) => {
	const e = expense(core, id);
	const r = e.fileIds.includes(receiptId) ? core.receipt(receiptId) : undefined;
	if (!r) throw new PleoApiError(404, 'RECEIPT_NOT_FOUND', `receipt ${receiptId} not found`);
	return wrap(r);
});

// ---------- employees / companies ----------

route('GET', '/v2/employees', (core, req) => {
	checkCompany(core, req.query.get('companyId') ?? req.query.get('company_id'), 'companyId');
	const email = req.query.get('email');
	const code = req.query.get('code');
	const list = core.state.employees.filter(
		(e) => (!email || e.email === email) && (!code || e.code === code),
	);
	return ok(paginate(list, req.query, 20));
});

route('GET', `/v2/employees/${ID}`, (core, _req, [id]) => {
	const e = core.state.employees.find((x) => x.id === id);
	if (!e) throw new PleoApiError(404, 'EMPLOYEE_NOT_FOUND', `employee ${id} not found`);
	return wrap(e);
});

function companyView(core: PleoCore): Record<string, unknown> {
	const c = core.state.company;
	return {
		id: c.id,
		name: c.name,
		organizationId: c.organizationId,
		registrationNumber: c.registrationNumber,
		address: { country: 'FI' },
	};
}

route('GET', '/v1/companies', (core) =>
	ok(paginate([companyView(core)], new URLSearchParams(), 20)),
);
route('GET', `/v1/companies/${ID}`, (core, _req, [id]) => {
	checkCompany(core, id, 'companyId');
	return wrap(companyView(core));
});

// ---------- subscriptions ----------

function subscription(core: PleoCore, id: string): Subscription {
	const s = core.state.subscriptions.get(id);
	if (!s) throw new PleoApiError(404, 'SUBSCRIPTION_NOT_FOUND', `subscription ${id} not found`);
	return s;
}

function subscriptionView(s: Subscription): Record<string, unknown> {
	const { secretKey: _secret, ...rest } = s;
	return rest;
}

function subscriptionInput(
	body: Obj,
): Pick<Subscription, 'endpointUrl' | 'eventTypes' | 'customHeaders' | 'endpointAuth' | 'status'> {
	const endpointUrl = str(body, 'endpointUrl', { required: true, max: 2048 })!;
	try {
		const u = new URL(endpointUrl);
		if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new Error('protocol');
	} catch {
		throw new PleoApiError(400, 'INVALID_REQUEST_BODY', 'endpointUrl must be an http(s) URL');
	}
	const eventTypes = strArray(body, 'eventTypes');
	if (!eventTypes || eventTypes.length === 0)
		throw new PleoApiError(400, 'INVALID_REQUEST_BODY', 'eventTypes must not be empty');
	const unknown = eventTypes.filter((t) => !WEBHOOK_EVENT_TYPES.includes(t));
	if (unknown.length > 0)
		throw new PleoApiError(400, 'INVALID_EVENT_TYPE', `unknown event types: ${unknown.join(', ')}`);
	const customHeaders = metadataOf({ metadata: body.customHeaders }) ?? {};
	const authRaw = body.endpointAuth;
	let endpointAuth: Subscription['endpointAuth'] = { type: 'NONE' };
	if (authRaw != null) {
		const a = asObject(authRaw, 'endpointAuth');
		const type = a.type ?? 'NONE';
		if (type !== 'NONE' && type !== 'BASIC')
			throw new PleoApiError(
				400,
				'INVALID_REQUEST_BODY',
				'endpointAuth.type must be NONE or BASIC',
			);
		endpointAuth = {
			type,
			credentials: (a.credentials as Subscription['endpointAuth']['credentials']) ?? undefined,
		};
	}
	const status = body.status ?? 'ACTIVE';
	if (status !== 'ACTIVE' && status !== 'INACTIVE')
		throw new PleoApiError(400, 'INVALID_REQUEST_BODY', 'status must be ACTIVE or INACTIVE');
	return { endpointUrl, eventTypes, customHeaders, endpointAuth, status };
}

route('GET', '/v1/subscriptions', (core, req) => {
	const statuses = queryList(req.query, 'status');
	const types = queryList(req.query, 'event_types');
	const list = [...core.state.subscriptions.values()]
		.filter(
			(s) =>
				(statuses.length === 0 || statuses.includes(s.status)) &&
				(types.length === 0 || s.eventTypes.some((t) => types.includes(t))),
		)
		.map(subscriptionView);
	return ok(paginate(list, req.query, 20));
});

route('POST', '/v1/subscriptions', (core, req) => {
	const input = subscriptionInput(asObject(req.body));
	const now = iso(core.now());
	const s: Subscription = {
		id: core.nextId('subscription'),
		...input,
		secretKey: newWebhookSecret(),
		createdAt: now,
		updatedAt: now,
		deletedAt: null,
		deletedBy: null,
	};
	core.state.subscriptions.set(s.id, s);
	return wrap(subscriptionView(s));
});

route('GET', `/v1/subscriptions/${ID}`, (core, _req, [id]) =>
	wrap(subscriptionView(subscription(core, id))),
);

route('PUT', `/v1/subscriptions/${ID}`, (core, req, [id]) => {
	const s = subscription(core, id);
	Object.assign(s, subscriptionInput(asObject(req.body)), { updatedAt: iso(core.now()) });
	return wrap(subscriptionView(s));
});

route('DELETE', `/v1/subscriptions/${ID}`, (core, _req, [id]) => {
	subscription(core, id);
	core.state.subscriptions.delete(id);
	return { status: 204 };
});

route('GET', `/v1/subscriptions/${ID}/secret`, (core, _req, [id]) =>
	wrap({ secretKey: subscription(core, id).secretKey }),
);
