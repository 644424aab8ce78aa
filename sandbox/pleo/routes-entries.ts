// Pleo sandbox routes: Accounting entries and their receipts, employees and companies. Registered into the route table of router.ts.
import type { PleoCore } from './core';
import { asObject, paginate, queryBool, strArray } from './http-util';
import { ID, route, ok, wrap, checkCompany, companyFromQuery } from './router';
import { PleoApiError } from './util';

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
