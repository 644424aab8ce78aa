// Procountor › Pleo Export › Import Accounts and VAT Codes to Pleo in n8n-core's WorkflowExecute:
// the Procountor sandbox's chart of accounts and VAT list become accounts and tax codes in the Pleo
// sandbox.
import type { IDataObject } from 'n8n-workflow';
import { findOne } from '../../../harness';
import { procountorNode, usePleoExportEngine } from '../../helpers/procountor';

const env = usePleoExportEngine();

describe('Import Accounts and VAT Codes to Pleo', () => {
	const importParams = (extra: IDataObject = {}): IDataObject => ({
		operation: 'importAccountsToPleo',
		accountNameLanguage: 'company',
		archiveInactive: true,
		importTaxCodes: true,
		...extra,
	});
	const pleoAccount = (code: string) =>
		[...env.pleo.state.accounts.values()].find((a) => a.externalId === code);

	test('first run creates and renames; a second run changes nothing and writes nothing', async () => {
		const r = await env.run(importParams());
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
		expect(pleoAccount('7600')).toMatchObject({ name: 'Matkakulut' });
		expect(pleoAccount('7999')).toBeUndefined();
		const eurcg = [...env.pleo.state.taxCodes.values()].find((t) => t.code === 'EURCG');
		expect(eurcg).toMatchObject({ type: 'reverse', rate: 0.255 });
		expect([...env.pleo.state.taxCodes.values()].filter((t) => t.code === 'EURC')).toHaveLength(1);

		const writes = env.pleo.state.writeCount;
		const again = await env.run(importParams());
		expect(again.error).toBeUndefined();
		expect(again.json('Procountor')[0]).toMatchObject({
			accounts: { created: 0, updated: 0, archived: 0, unchanged: 17 },
			taxCodes: { created: 0, updated: 0, unchanged: 7 },
			changes: [],
			changed: false,
		});
		expect(env.pleo.state.writeCount).toBe(writes);
	});

	type Code = { code: string; action: string; vatStatus: number | null; reason: string };
	const codesOf = (r: Awaited<ReturnType<typeof env.run>>) =>
		(r.json('Procountor')[0].taxCodes as IDataObject).codes as Code[];
	const pleoCode = (code: string) =>
		[...env.pleo.state.taxCodes.values()].filter((t) => t.code === code);

	test('the output lists every tax code with what happened and why; EURC/EURCG on the statuses the company describes', async () => {
		const r = await env.run(importParams());
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
		env.sb.setBehaviours({ vatStatuses: 'renumbered' });
		for (const t of pleoCode('EURC')) env.pleo.state.taxCodes.delete(t.id);
		const r = await env.run(importParams());
		expect(r.error).toBeUndefined();
		const codes = codesOf(r);
		const eurc = findOne(codes, (c) => c.code === 'EURC', 'EURC');
		const eurcg = findOne(codes, (c) => c.code === 'EURCG', 'EURCG');
		expect(eurc).toMatchObject({ action: 'created', vatStatus: 4 });
		expect(eurc.reason).toMatch(
			/status 4 'Palveluostot muista EU-maista' is its status for EU purchases of services; Map Category books EURC with it/,
		);
		expect(eurcg).toMatchObject({ action: 'created', vatStatus: 2 });
		expect(pleoCode('EURC')).toEqual([expect.objectContaining({ type: 'reverse', rate: 0.255 })]);
		expect(pleoCode('EURCG')).toHaveLength(1);
	});

	test('a company with no EU reverse-charge status: EURC and EURCG are left out, each with the reason', async () => {
		env.sb.setBehaviours({ vatStatuses: 'noReverseCharge' });
		const before = pleoCode('EURC');
		const r = await env.run(importParams());
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
		env.sb.setBehaviours({ vatStatuses: 'alternative' });
		const unsure = codesOf(await env.run(importParams()));
		expect(unsure.find((c) => c.code === 'EURC')).toMatchObject({
			action: 'leftOut',
			reason:
				"the company's VAT list does not tell which status serves EU purchases of services (6 'EU purchases (reverse charge)'); pick it in 'EU Services Reverse-Charge VAT Status'",
		});
		// the list the option offers: the purchase statuses with their descriptions
		const n = procountorNode({ resource: 'pleoExport', operation: 'importAccountsToPleo' });
		const list = await env.h.listSearch(n, 'searchPurchaseVatStatuses');
		expect(list.results).toEqual([
			{ name: '1 Domestic', value: '1', description: 'purchases' },
			{
				name: '6 EU purchases (reverse charge)',
				value: '6',
				description: 'EU purchases, goods or services not said',
			},
			{ name: '12 No VAT handling', value: '12', description: 'purchases' },
		]);
		for (const t of pleoCode('EURC')) env.pleo.state.taxCodes.delete(t.id);
		const picked = await env.run(
			importParams({
				euServicesVatStatus: { __rl: true, mode: 'list', value: '6' },
				euGoodsVatStatus: { __rl: true, mode: 'id', value: '6' },
			}),
		);
		const codes = codesOf(picked);
		expect(codes.find((c) => c.code === 'EURC')).toMatchObject({ action: 'created', vatStatus: 6 });
		expect(findOne(codes, (c) => c.code === 'EURC', 'EURC').reason).toMatch(
			/VAT status 6 'EU purchases \(reverse charge\)' was picked for EU purchases of services in 'EU Services Reverse-Charge VAT Status'; the company's list does not say so itself, so add a row EURC → 6 in Map Category › Tax Code Mappings/,
		);
		expect(codes.find((c) => c.code === 'EURCG')).toMatchObject({
			action: 'created',
			vatStatus: 6,
		});
		// a number that is not a purchase status of the company is left out, saying so
		const bad = codesOf(
			await env.run(importParams({ euServicesVatStatus: { __rl: true, mode: 'id', value: '5' } })),
		);
		expect(findOne(bad, (c) => c.code === 'EURC', 'EURC').reason).toMatch(
			/VAT status 5 picked in 'EU Services Reverse-Charge VAT Status' is not enabled for purchases in the Procountor company; pick one of its purchase statuses \(1 'Domestic', 6 'EU purchases \(reverse charge\)', 12 'No VAT handling'\)/,
		);
	});

	test('English names match the seeded Pleo accounts; an account deactivated in Procountor is archived', async () => {
		const r = await env.run(importParams({ accountNameLanguage: 'en' }));
		expect(r.json('Procountor')[0].accounts).toMatchObject({
			created: 5,
			updated: 0,
			unchanged: 12,
		});
		expect(pleoAccount('4000')).toMatchObject({ name: 'Purchases' });

		const coa = env.sb.state.companies[1001].coa;
		findOne(coa, (a) => a.ledgerAccountCode === '6800', 'account 6800').active = false;
		const next = await env.run(importParams({ accountNameLanguage: 'en' }));
		expect(next.json('Procountor')[0].accounts).toMatchObject({
			archived: 1,
			created: 0,
			updated: 0,
		});
		expect(pleoAccount('6800')).toMatchObject({ archived: true });

		const kept = await env.run(importParams({ accountNameLanguage: 'en', archiveInactive: false }));
		expect(kept.json('Procountor')[0]).toMatchObject({ changed: false });
	});
});
