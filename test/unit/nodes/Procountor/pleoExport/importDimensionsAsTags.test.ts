// Pleo Export › Import Dimensions as Tags against a stub Procountor client (the sandbox seed's
// dimensions) and Pleo routes: what is created, archived and renamed, Dry Run, the parameter
// checks, and errors.
import * as op from '../../../../../nodes/Procountor/actions/pleoExport/importDimensionsAsTags.operation';
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

const GROUP = { id: 'g1', code: 'KUSTANNUSPAIKKA', name: 'Kustannuspaikka', archived: false };
const tag = (id: string, code: string, name: string, archived = false) => ({
	id,
	code,
	name,
	archived,
});

/** The parameters plus `extra`; the operation's own PleoClient answers from `routes`. */
const setup = (routes: Routes, extra: object = {}, opts: FakeOptions = {}) =>
	pleoContext(routes, {
		items: inputs({}, {}),
		params: { dimensionIds: ['201'], dryRun: false, ...extra },
		...opts,
	});

describe('Procountor › Pleo Export › Import Dimensions as Tags', () => {
	it('creates the missing tag group and its tags; passive items are not created', async () => {
		const p = setup({
			'GET /v0/tag-groups': { data: [] },
			'POST /v0/tag-groups': ({ body }) => ({ data: { id: 'g-new', ...(body as object) } }),
			'GET /v0/tag-groups/g-new/tags': pleoPage([]),
			'POST /v0/tag-groups/g-new/tags': ({ body }) => ({ data: { id: 't', ...(body as object) } }),
		});
		const out = await run(op, p.ctx, stubProcountor(referenceRoutes()));
		// runs once, whatever the number of input items
		expect(out).toHaveLength(1);
		expect(out[0].pairedItem).toEqual({ item: 0 });
		expect(out[0].json).toMatchObject({
			dimension: { id: 201, name: 'Kustannuspaikka' },
			tagGroup: { id: 'g-new', code: 'KUSTANNUSPAIKKA', created: true },
			counts: { created: 4, archived: 0 },
			changed: true,
			dryRun: false,
		});
		const created = p.calls.filter(
			(c) => c.path === '/v0/tag-groups/g-new/tags' && c.method === 'POST',
		);
		expect(created.map((c) => (c.options.body as { code: string }).code)).toEqual([
			'100',
			'200',
			'300',
			'400',
		]);
		expect(
			p.calls.find((c) => c.method === 'POST' && c.path === '/v0/tag-groups')?.options,
		).toMatchObject({
			qs: { company_id: 'company-1' },
			body: { companyId: 'company-1', name: 'Kustannuspaikka', code: 'KUSTANNUSPAIKKA' },
		});
	});

	it('keeps an existing group in sync: archives what Procountor dropped, renames, never deletes', async () => {
		const p = setup({
			'GET /v0/tag-groups': { data: [GROUP] },
			'GET /v0/tag-groups/g1/tags': pleoPage([
				tag('t1', '100', 'Hallinto'),
				tag('t2', '200', 'old name'),
				tag('t3', '300', 'Tuotekehitys'),
				tag('t4', '400', 'Markkinointi'),
				tag('t9', '900', 'Lakkautettu'),
			]),
			'POST /v0/tags/archive': {},
			'PUT /v0/tags/t2': ({ body }) => ({ data: { id: 't2', ...(body as object) } }),
		});
		const out = await run(op, p.ctx, stubProcountor(referenceRoutes()));
		expect(out[0].json).toMatchObject({
			tagGroup: { id: 'g1', created: false },
			counts: { created: 0, renamed: 1, archived: 1, unchanged: 3 },
		});
		const archive = p.calls.filter((c) => c.path === '/v0/tags/archive');
		expect(archive.map((c) => c.options.body)).toEqual([
			{ companyId: 'company-1', tagIds: ['t9'], archived: true },
		]);
		expect(p.calls.some((c) => c.method === 'DELETE')).toBe(false);
	});

	it('Dry Run reports the same changes and writes nothing', async () => {
		const p = setup({ 'GET /v0/tag-groups': { data: [] } }, { dryRun: true });
		const out = await run(op, p.ctx, stubProcountor(referenceRoutes()));
		expect(out[0].json).toMatchObject({
			tagGroup: { id: null, created: true },
			dryRun: true,
			changed: true,
		});
		expect((out[0].json.changes as Array<{ action: string }>).map((c) => c.action)).toEqual([
			'createTagGroup',
			'create',
			'create',
			'create',
			'create',
		]);
		expect(p.calls.map((c) => c.method)).toEqual(['GET']);
	});

	it('checks the parameters before any Pleo call, naming the fix', async () => {
		const client = stubProcountor(referenceRoutes());
		const calls: unknown[] = [];
		const check = (extra: object) => {
			const p = setup({}, extra);
			calls.push(...p.calls);
			return p.ctx;
		};
		await expect(run(op, check({ dimensionIds: [] }), client)).rejects.toMatchObject({
			message: 'No Procountor dimension is selected',
		});
		await expect(
			run(op, check({ dimensionIds: ['1', '2', '3', '4', '5', '6'] }), client),
		).rejects.toMatchObject({ message: '6 dimensions are selected; Pleo syncs at most 5' });
		await expect(run(op, check({ dimensionIds: '201, 999' }), client)).rejects.toMatchObject({
			message: 'Procountor has no dimension with ID 999',
		});
		await expect(
			run(op, check({ groupCodes: { codes: [{ dimensionId: '201', groupCode: ' ' }] } }), client),
		).rejects.toMatchObject({
			message: 'Tag Group Codes: the group code for dimension 201 is empty',
		});
		await expect(
			run(
				op,
				check({
					dimensionIds: ['201', '202'],
					groupCodes: { codes: [{ dimensionId: '202', groupCode: 'kustannuspaikka' }] },
				}),
				client,
			),
		).rejects.toMatchObject({ message: expect.stringContaining('would share the tag group code') });
		expect(calls).toEqual([]);
	});

	it("a Pleo error stops the run with Pleo's message; Continue On Fail outputs it as one item", async () => {
		const refused = {
			'GET /v0/tag-groups': status(403, { type: 'VALIDATION', message: 'no access to company' }),
		};
		const client = stubProcountor(referenceRoutes());
		await expect(run(op, setup(refused).ctx, client)).rejects.toMatchObject({
			message: 'Pleo API error 403 – VALIDATION: no access to company',
		});
		const out = await run(op, setup(refused, {}, { continueOnFail: true }).ctx, client);
		expect(out).toEqual([
			{
				json: { error: 'Pleo API error 403 – VALIDATION: no access to company' },
				pairedItem: { item: 0 },
			},
		]);
	});
});
