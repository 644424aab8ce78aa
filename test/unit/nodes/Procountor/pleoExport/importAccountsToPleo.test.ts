// Pleo Export › Import Accounts to Pleo against a stub Procountor client and Pleo routes:
// accounts created, renamed and archived (never deleted), the name language, VAT codes, errors.
import * as op from '../../../../../nodes/Procountor/actions/pleoExport/importAccountsToPleo.operation';
import { desiredTaxCodes } from '../../../../../nodes/Procountor/core/taxCodes';
import type { VatDefaults } from '../../../../../nodes/Procountor/core';
import {
	inputs,
	pleoContext,
	pleoPage,
	run,
	status,
	stubProcountor,
	type FakeOptions,
	type Routes,
} from '../../stubs';
import { referenceRoutes } from '../reference';

const COA = {
	ledgerAccounts: [
		{ ledgerAccountCode: '1940', name: 'Pleo-tili', active: true },
		{
			ledgerAccountCode: '7600',
			name: 'Matkakulut',
			active: true,
			translations: [{ languageCode: 'en', translation: 'Travel expenses' }],
		},
		{ ledgerAccountCode: '7999', name: 'Vanha', active: false },
	],
};
const account = (id: string, code: string, name: string, archived = false) => ({
	id,
	externalId: code,
	code,
	name,
	archived,
});

function procountor() {
	return stubProcountor({ ...referenceRoutes(), 'GET /coa': COA });
}

const params = (extra: object = {}) => ({
	accountNameLanguage: 'company',
	archiveInactive: true,
	importTaxCodes: false,
	...extra,
});

/** The parameters plus `extra`; the operation's own PleoClient answers from `routes`. */
function pleo(routes: Routes, extra: object = {}, opts: FakeOptions = {}) {
	return pleoContext(
		{
			'POST /v1/chart-of-accounts/batch': ({ body }) => ({
				data: { created: (body as { items: object[] }).items, failed: [] },
			}),
			'PUT /v1/chart-of-accounts/a1': ({ body }) => ({ data: { id: 'a1', ...(body as object) } }),
			'PUT /v1/chart-of-accounts/a2': ({ body }) => ({ data: { id: 'a2', ...(body as object) } }),
			...routes,
		},
		{ params: params(extra), ...opts },
	);
}

describe('Procountor › Pleo Export › Import Accounts to Pleo', () => {
	it('creates the missing accounts, renames changed ones, archives inactive ones; one output item', async () => {
		const p = pleo(
			{
				'POST /v1/chart-of-accounts:search': pleoPage([
					account('a1', '7600', 'Old name'),
					account('a2', '7999', 'Vanha'),
					account('a3', '5555', 'Only in Pleo'),
				]),
			},
			{},
			{ items: inputs({}, {}) },
		);
		const out = await run(op, p.ctx, procountor());
		expect(out).toHaveLength(1);
		expect(out[0].pairedItem).toEqual({ item: 0 });
		expect(out[0].json).toMatchObject({
			accounts: {
				created: 1,
				updated: 1,
				archived: 1,
				unchanged: 0,
				failed: 0,
				notInProcountor: ['5555'],
			},
			taxCodes: null,
			changed: true,
		});
		const batch = p.calls.find((c) => c.path === '/v1/chart-of-accounts/batch');
		expect(batch?.options).toMatchObject({
			qs: { company_id: 'company-1' },
			body: {
				companyId: 'company-1',
				items: [{ externalId: '1940', code: '1940', name: 'Pleo-tili', archived: false }],
			},
		});
		expect(p.calls.find((c) => c.path === '/v1/chart-of-accounts/a2')?.options.body).toMatchObject({
			archived: true,
		});
		expect(p.calls.some((c) => c.method === 'DELETE')).toBe(false);
	});

	it('English names where Procountor has a translation; Archive Inactive off leaves Pleo alone', async () => {
		const p = pleo(
			{ 'POST /v1/chart-of-accounts:search': pleoPage([account('a2', '7999', 'Vanha')]) },
			{ accountNameLanguage: 'en', archiveInactive: false },
		);
		const out = await run(op, p.ctx, procountor());
		const batch = p.calls.find((c) => c.path === '/v1/chart-of-accounts/batch');
		expect(
			(batch?.options.body as { items: Array<{ name: string }> }).items.map((i) => i.name),
		).toEqual(['Pleo-tili', 'Travel expenses']);
		expect(out[0].json.accounts).toMatchObject({ created: 2, archived: 0, unchanged: 1 });
	});

	it("Import VAT Codes creates the company's purchase VAT codes once; a second run changes nothing", async () => {
		const vats = referenceRoutes()['GET /vats/default'] as VatDefaults;
		const { wanted } = desiredTaxCodes(vats);
		const created: object[] = [];
		const routes: Routes = {
			'POST /v1/chart-of-accounts:search': pleoPage([]),
			'POST /v0/tax-codes:search': () => pleoPage(created.map((t, k) => ({ id: `tc${k}`, ...t }))),
			'POST /v0/tax-codes': ({ body }) => {
				created.push(body as object);
				return { data: body };
			},
		};
		const first = await run(op, pleo(routes, { importTaxCodes: true }).ctx, procountor());
		expect(first[0].json.taxCodes).toMatchObject({ created: wanted.length, unchanged: 0 });
		expect(created.map((t) => (t as { code: string }).code)).toEqual(wanted.map((w) => w.code));
		const second = await run(op, pleo(routes, { importTaxCodes: true }).ctx, procountor());
		expect(second[0].json.taxCodes).toMatchObject({
			created: 0,
			updated: 0,
			unchanged: wanted.length,
		});
	});

	it("accounts Pleo refuses are counted as failed with Pleo's reasons", async () => {
		const { ctx } = pleo({
			'POST /v1/chart-of-accounts:search': pleoPage([]),
			'POST /v1/chart-of-accounts/batch': {
				data: {
					created: [],
					failed: [{ reasons: ['code taken'], request: { externalId: '1940' } }],
				},
			},
		});
		const out = await run(op, ctx, procountor());
		expect(out[0].json.accounts).toMatchObject({ created: 0, failed: 1 });
		expect(out[0].json.changes).toContainEqual({
			kind: 'account',
			action: 'failed',
			code: '1940',
			reasons: ['code taken'],
		});
	});

	it('a Pleo error stops the run; Continue On Fail outputs it as one error item', async () => {
		const refused = {
			'POST /v1/chart-of-accounts:search': status(401, {
				type: 'UNAUTHORIZED',
				message: 'bad key',
			}),
		};
		await expect(run(op, pleo(refused).ctx, procountor())).rejects.toMatchObject({
			message: 'Pleo API error 401 – UNAUTHORIZED: bad key',
			context: { itemIndex: 0 },
		});
		const out = await run(op, pleo(refused, {}, { continueOnFail: true }).ctx, procountor());
		expect(out).toEqual([
			{ json: { error: 'Pleo API error 401 – UNAUTHORIZED: bad key' }, pairedItem: { item: 0 } },
		]);
	});
});
