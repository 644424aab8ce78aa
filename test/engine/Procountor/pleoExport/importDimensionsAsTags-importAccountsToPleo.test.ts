// Pleo Export › Import Dimensions as Tags and Import Accounts and VAT Codes to Pleo, run in
// n8n-core's WorkflowExecute against both sandboxes (Procountor is the source, Pleo the target).
import axios from 'axios';
import type { IDataObject } from 'n8n-workflow';
import { startPleoSandbox, type PleoSandbox } from '../../../../sandbox/pleo';
import { startProcountorSandbox, type ProcountorSandbox } from '../../../../sandbox/procountor';
import { createHarness, node, type Harness } from '../../../harness';
import { apiToken, procountorApiKeyCredentials } from '../../helpers';

let sb: ProcountorSandbox;
let pleo: PleoSandbox;
let h: Harness;

beforeAll(async () => {
	sb = await startProcountorSandbox({ rateLimitPerSecond: 0 });
	pleo = await startPleoSandbox();
});
afterAll(async () => {
	await sb.close();
	await pleo.close();
});
beforeEach(async () => {
	sb.reset();
	pleo.reset();
	h = await createHarness({
		credentials: {
			procountorApi: procountorApiKeyCredentials(sb),
			pleoApi: {
				apiKey: pleo.apiKey,
				environment: 'custom',
				baseUrl: pleo.url,
				companyId: pleo.companyId,
			},
		},
	});
});

async function run(parameters: IDataObject, input: IDataObject[] = [{}]) {
	const n = node(
		'Procountor',
		'procountor',
		{ authentication: 'apiKey', resource: 'pleoExport', ...parameters },
		{
			credentials: {
				procountorApi: { id: '1', name: 'Procountor key' },
				pleoApi: { id: '3', name: 'Pleo key' },
			},
		},
	);
	return await h.run({ nodes: [n], connections: {} }, { input: { node: n.name, items: input } });
}

function pleoTags(groupCode: string) {
	const group = [...pleo.state.tagGroups.values()].find((g) => g.code === groupCode);
	if (!group) return undefined;
	const tags = [...pleo.state.tags.values()].filter((t) => t.groupId === group.id);
	return Object.fromEntries(
		tags.map((t) => [t.code, `${t.name ?? ''}${t.archived ? ' (archived)' : ''}`]),
	);
}

const syncParams = (extra: IDataObject = {}): IDataObject => ({
	operation: 'importDimensionsAsTags',
	dimensionIds: [201, 202],
	dryRun: false,
	...extra,
});

describe('Import Dimensions as Tags', () => {
	test('syncs the seed: creates, renames and archives; inactive items get no tag; a second run writes nothing', async () => {
		const before = pleo.state.writeCount;
		const r = await run(syncParams(), [{ a: 1 }, { a: 2 }]);
		expect(r.error).toBeUndefined();
		const [cc, prj] = r.json('Procountor');
		expect(r.items('Procountor').map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 0 }]);
		expect(cc).toMatchObject({
			dimension: { id: 201, name: 'Kustannuspaikka' },
			tagGroup: { code: 'KUSTANNUSPAIKKA', created: false },
			counts: { created: 2, renamed: 1, archived: 1, unarchived: 0, unchanged: 1 },
			dryRun: false,
		});
		expect(cc.changes).toEqual(
			expect.arrayContaining([
				expect.objectContaining({ action: 'rename', code: '200', from: 'Sales', to: 'Myynti' }),
				expect.objectContaining({ action: 'archive', code: 'OLD' }),
				expect.objectContaining({ action: 'create', code: '300', name: 'Tuotekehitys' }),
			]),
		);
		expect(prj).toMatchObject({
			tagGroup: { code: 'PROJEKTI', created: false },
			counts: { created: 2, unchanged: 1 },
		});
		expect(pleoTags('KUSTANNUSPAIKKA')).toEqual({
			'100': 'Hallinto',
			'200': 'Myynti',
			'300': 'Tuotekehitys',
			'400': 'Markkinointi',
			OLD: 'Old cost centre (archived)',
		});
		expect(pleoTags('PROJEKTI')).toEqual({
			PRJ1001: 'Verkkosivu-uudistus',
			PRJ1002: 'Pohjoismaiden laajennus',
			PRJ1003: 'ERP-migraatio',
		});
		expect(pleo.state.writeCount).toBeGreaterThan(before);

		const writes = pleo.state.writeCount;
		const again = await run(syncParams());
		expect(again.error).toBeUndefined();
		expect(pleo.state.writeCount).toBe(writes);
		for (const s of again.json('Procountor')) {
			expect(s).toMatchObject({
				counts: { created: 0, renamed: 0, archived: 0, unarchived: 0 },
				changes: [],
				changed: false,
			});
		}
	});

	test('an item deactivated in Procountor is archived in Pleo on the next run, and unarchived when it returns', async () => {
		await run(syncParams());
		const token = await apiToken(sb);
		const put = (status?: string) =>
			axios.put(
				`${sb.apiUrl}/dimensions/201/items`,
				{ id: 2013, codeName: '300', description: 'Tuotekehitys', ...(status ? { status } : {}) },
				{ headers: { Authorization: `Bearer ${token}` } },
			);
		await put('P');
		const r = await run(syncParams({ dimensionIds: [201] }));
		expect(r.json('Procountor')[0]).toMatchObject({ counts: { archived: 1, created: 0 } });
		expect(pleoTags('KUSTANNUSPAIKKA')!['300']).toBe('Tuotekehitys (archived)');

		await put();
		const back = await run(syncParams({ dimensionIds: [201] }));
		expect(back.json('Procountor')[0]).toMatchObject({ counts: { unarchived: 1, archived: 0 } });
		expect(pleoTags('KUSTANNUSPAIKKA')!['300']).toBe('Tuotekehitys');
	});

	test('dry run reports the diff and writes nothing', async () => {
		const writes = pleo.state.writeCount;
		const r = await run(
			syncParams({
				dryRun: true,
				groupCodes: { codes: [{ dimensionId: 202, groupCode: 'PROJECTS' }] },
			}),
		);
		expect(r.error).toBeUndefined();
		expect(pleo.state.writeCount).toBe(writes);
		const [cc, prj] = r.json('Procountor');
		expect(cc).toMatchObject({ dryRun: true, counts: { created: 2, renamed: 1, archived: 1 } });
		expect(prj).toMatchObject({
			dryRun: true,
			tagGroup: { id: null, code: 'PROJECTS', created: true },
			counts: { created: 3 },
		});
		expect(pleoTags('KUSTANNUSPAIKKA')!['200']).toBe('Sales');
	});

	test('a group code override creates a new tag group named after the dimension', async () => {
		const r = await run(
			syncParams({
				dimensionIds: [202],
				groupCodes: { codes: [{ dimensionId: 202, groupCode: 'PROJECTS' }] },
			}),
		);
		expect(r.error).toBeUndefined();
		expect(r.json('Procountor')[0]).toMatchObject({
			tagGroup: { code: 'PROJECTS', name: 'Projekti', created: true },
			counts: { created: 3 },
		});
		expect(Object.keys(pleoTags('PROJECTS')!).sort()).toEqual(['PRJ1001', 'PRJ1002', 'PRJ1003']);
	});

	test('Pleo 503s on reads are retried; a failing create is not repeated and surfaces as a Pleo error', async () => {
		pleo.setFaults({ fail5xxNext: 2 });
		const r = await run(syncParams({ dimensionIds: [202] }));
		expect(r.error).toBeUndefined();
		expect(r.json('Procountor')[0]).toMatchObject({ counts: { created: 2 } });

		pleo.reset();
		// reads: tag groups, one page of tags; then the first create answers 503 and is not retried
		const writes = pleo.state.writeCount;
		const original = pleo.state.tags.size;
		let calls = 0;
		const spy = jest.spyOn(pleo.state.tags, 'set').mockImplementation(function (
			this: Map<string, never>,
			...args
		) {
			calls++;
			throw Object.assign(new Error('boom'), { args });
		});
		const failed = await run(syncParams({ dimensionIds: [202] }));
		spy.mockRestore();
		expect(failed.error?.message).toMatch(/^Pleo API error 500 /);
		expect(calls).toBe(1);
		expect(pleo.state.tags.size).toBe(original);
		expect(pleo.state.writeCount).toBe(writes);
	});

	test('0 or 6 dimensions, or an unknown dimension, is a clear error before anything is written', async () => {
		const writes = pleo.state.writeCount;
		// an empty list in the editor is refused by n8n itself (required); an expression reaches the node
		await expect(run(syncParams({ dimensionIds: [] }))).rejects.toThrow(
			/"Dimension Names or IDs" is required/,
		);
		const none = await run(syncParams({ dimensionIds: '={{ [] }}' }));
		expect(none.error?.message).toBe('No Procountor dimension is selected');
		const six = await run(syncParams({ dimensionIds: [201, 202, 203, 204, 205, 206] }));
		expect(six.error?.message).toMatch(/6 dimensions are selected; Pleo syncs at most 5/);
		const unknown = await run(syncParams({ dimensionIds: [201, 999] }));
		expect(unknown.error?.message).toBe('Procountor has no dimension with ID 999');
		expect(pleo.state.writeCount).toBe(writes);
	});
});

describe('Import Accounts and VAT Codes to Pleo', () => {
	const importParams = (extra: IDataObject = {}): IDataObject => ({
		operation: 'importAccountsToPleo',
		accountNameLanguage: 'company',
		archiveInactive: true,
		importTaxCodes: true,
		...extra,
	});
	const pleoAccount = (code: string) =>
		[...pleo.state.accounts.values()].find((a) => a.externalId === code);

	test('first run creates and renames; a second run changes nothing and writes nothing', async () => {
		const r = await run(importParams());
		expect(r.error).toBeUndefined();
		const s = r.json('Procountor')[0];
		expect(s.accounts).toMatchObject({
			created: 5,
			updated: 12,
			archived: 0,
			unchanged: 0,
			notInProcountor: ['7777'],
		});
		expect(s.taxCodes).toMatchObject({ created: 1, updated: 0, unchanged: 6 });
		expect(s.changed).toBe(true);
		expect(pleoAccount('4000')).toMatchObject({ code: '4000', name: 'Ostot', archived: false });
		expect(pleoAccount('7600')!.name).toBe('Matkakulut');
		expect(pleoAccount('7999')).toBeUndefined();
		const eurcg = [...pleo.state.taxCodes.values()].find((t) => t.code === 'EURCG');
		expect(eurcg).toMatchObject({ type: 'reverse', rate: 0.255 });
		expect([...pleo.state.taxCodes.values()].filter((t) => t.code === 'EURC')).toHaveLength(1);

		const writes = pleo.state.writeCount;
		const again = await run(importParams());
		expect(again.error).toBeUndefined();
		expect(again.json('Procountor')[0]).toMatchObject({
			accounts: { created: 0, updated: 0, archived: 0, unchanged: 17 },
			taxCodes: { created: 0, updated: 0, unchanged: 7 },
			changes: [],
			changed: false,
		});
		expect(pleo.state.writeCount).toBe(writes);
	});

	type Code = { code: string; action: string; vatStatus: number | null; reason: string };
	const codesOf = (r: Awaited<ReturnType<typeof run>>) =>
		(r.json('Procountor')[0].taxCodes as IDataObject).codes as Code[];
	const pleoCode = (code: string) =>
		[...pleo.state.taxCodes.values()].filter((t) => t.code === code);

	test('the output lists every tax code with what happened and why; EURC/EURCG on the statuses the company describes', async () => {
		const r = await run(importParams());
		const codes = codesOf(r);
		expect(codes.map((c) => [c.code, c.action, c.vatStatus])).toEqual([
			['VAT25.5', 'unchanged', 1],
			['VAT14', 'unchanged', 1],
			['VAT13.5', 'unchanged', 1],
			['VAT10', 'unchanged', 1],
			['VAT0', 'unchanged', 1],
			['EURC', 'unchanged', 9],
			['EURCG', 'created', 8],
		]);
		expect(codes[6].reason).toMatch(
			/VAT status 8 'EU purchases of goods' is its status for EU purchases of goods/,
		);
		expect((r.json('Procountor')[0].taxCodes as IDataObject).leftOut).toBe(0);
	});

	test('a company whose reverse-charge statuses have other numbers gets EURC and EURCG on them', async () => {
		sb.setBehaviours({ vatStatuses: 'renumbered' });
		for (const t of pleoCode('EURC')) pleo.state.taxCodes.delete(t.id);
		const r = await run(importParams());
		expect(r.error).toBeUndefined();
		const codes = codesOf(r);
		const eurc = codes.find((c) => c.code === 'EURC')!;
		const eurcg = codes.find((c) => c.code === 'EURCG')!;
		expect(eurc).toMatchObject({ action: 'created', vatStatus: 4 });
		expect(eurc.reason).toMatch(
			/status 4 'Palveluostot muista EU-maista' is its status for EU purchases of services; Map Category books EURC with it/,
		);
		expect(eurcg).toMatchObject({ action: 'created', vatStatus: 2 });
		expect(pleoCode('EURC')).toEqual([expect.objectContaining({ type: 'reverse', rate: 0.255 })]);
		expect(pleoCode('EURCG')).toHaveLength(1);
	});

	test('a company with no EU reverse-charge status: EURC and EURCG are left out, each with the reason', async () => {
		sb.setBehaviours({ vatStatuses: 'noReverseCharge' });
		const before = pleoCode('EURC');
		const r = await run(importParams());
		expect(r.error).toBeUndefined();
		const codes = codesOf(r);
		expect(codes.filter((c) => c.action === 'leftOut')).toEqual([
			{
				code: 'EURC',
				action: 'leftOut',
				vatStatus: null,
				reason:
					"the company has no VAT status for EU purchases of services; enable one in Procountor or pick one in 'EU Services Reverse-Charge VAT Status'",
			},
			{
				code: 'EURCG',
				action: 'leftOut',
				vatStatus: null,
				reason:
					"the company has no VAT status for EU purchases of goods; enable one in Procountor or pick one in 'EU Goods Reverse-Charge VAT Status'",
			},
		]);
		expect((r.json('Procountor')[0].taxCodes as IDataObject).leftOut).toBe(2);
		expect(pleoCode('EURCG')).toEqual([]);
		expect(pleoCode('EURC')).toEqual(before); // never archived or changed
	});

	test("where the list cannot tell, the user picks the status from the company's list (with descriptions)", async () => {
		sb.setBehaviours({ vatStatuses: 'alternative' });
		const unsure = codesOf(await run(importParams()));
		expect(unsure.find((c) => c.code === 'EURC')).toMatchObject({
			action: 'leftOut',
			reason:
				"the company's VAT list does not tell which status serves EU purchases of services (6 'EU purchases (reverse charge)'); pick it in 'EU Services Reverse-Charge VAT Status'",
		});
		// the list the option offers: the purchase statuses with their descriptions
		const n = node(
			'Procountor',
			'procountor',
			{ authentication: 'apiKey', resource: 'pleoExport', operation: 'importAccountsToPleo' },
			{ credentials: { procountorApi: { id: '1', name: 'Procountor key' } } },
		);
		const list = await h.listSearch(n, 'searchPurchaseVatStatuses');
		expect(list.results).toEqual([
			{ name: '1 Domestic', value: '1', description: 'purchases' },
			{
				name: '6 EU purchases (reverse charge)',
				value: '6',
				description: 'EU purchases, goods or services not said',
			},
			{ name: '12 No VAT handling', value: '12', description: 'purchases' },
		]);
		for (const t of pleoCode('EURC')) pleo.state.taxCodes.delete(t.id);
		const picked = await run(
			importParams({
				euServicesVatStatus: { __rl: true, mode: 'list', value: '6' },
				euGoodsVatStatus: { __rl: true, mode: 'id', value: '6' },
			}),
		);
		const codes = codesOf(picked);
		expect(codes.find((c) => c.code === 'EURC')).toMatchObject({ action: 'created', vatStatus: 6 });
		expect(codes.find((c) => c.code === 'EURC')!.reason).toMatch(
			/VAT status 6 'EU purchases \(reverse charge\)' was picked for EU purchases of services in 'EU Services Reverse-Charge VAT Status'; the company's list does not say so itself, so add a row EURC → 6 in Map Category › Tax Code Mappings/,
		);
		expect(codes.find((c) => c.code === 'EURCG')).toMatchObject({
			action: 'created',
			vatStatus: 6,
		});
		// a number that is not a purchase status of the company is left out, saying so
		const bad = codesOf(
			await run(importParams({ euServicesVatStatus: { __rl: true, mode: 'id', value: '5' } })),
		);
		expect(bad.find((c) => c.code === 'EURC')!.reason).toMatch(
			/VAT status 5 picked in 'EU Services Reverse-Charge VAT Status' is not enabled for purchases in the Procountor company; pick one of its purchase statuses \(1 'Domestic', 6 'EU purchases \(reverse charge\)', 12 'No VAT handling'\)/,
		);
	});

	test('English names match the seeded Pleo accounts; an account deactivated in Procountor is archived', async () => {
		const r = await run(importParams({ accountNameLanguage: 'en' }));
		expect(r.json('Procountor')[0].accounts).toMatchObject({
			created: 5,
			updated: 0,
			unchanged: 12,
		});
		expect(pleoAccount('4000')!.name).toBe('Purchases');

		sb.state.companies[1001].coa.find((a) => a.ledgerAccountCode === '6800')!.active = false;
		const next = await run(importParams({ accountNameLanguage: 'en' }));
		expect(next.json('Procountor')[0].accounts).toMatchObject({
			archived: 1,
			created: 0,
			updated: 0,
		});
		expect(pleoAccount('6800')!.archived).toBe(true);

		const kept = await run(importParams({ accountNameLanguage: 'en', archiveInactive: false }));
		expect(kept.json('Procountor')[0]).toMatchObject({ changed: false });
	});
});
