// Pleo sandbox routes: Chart of accounts. Registered into the route table of router.ts.
import type { PleoCore } from './core';
import { asObject, bool, paginate, str, strArray, type Obj } from './http-util';
import {
	ID,
	route,
	ok,
	wrap,
	companyFromQuery,
	companyFromBodyOrQuery,
	metadataOf,
} from './router';
import type { Account } from './state';
import { PleoApiError, iso } from './util';

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
