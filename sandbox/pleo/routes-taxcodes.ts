// Pleo sandbox routes: Tax codes. Registered into the route table of router.ts.
import type { PleoCore } from './core';
import { asObject, bool, paginate, str, strArray, type Obj } from './http-util';
import { ID, route, ok, wrap, companyFromQuery, companyFromBodyOrQuery } from './router';
import type { TaxCode } from './state';
import { PleoApiError, iso } from './util';

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
