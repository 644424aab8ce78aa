// Pleo Export › Set Contra Accounts and Map Category, run in n8n-core's WorkflowExecute against
// the Procountor sandbox, on real export items read from the Pleo sandbox.
import axios from 'axios';
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';
import { startPleoSandbox, type PleoSandbox } from '../../../../sandbox/pleo';
import { startProcountorSandbox, type ProcountorSandbox } from '../../../../sandbox/procountor';
import { createHarness, node, type Harness } from '../../../harness';
import { procountorApiKeyCredentials } from '../../helpers';

let sb: ProcountorSandbox;
let pleo: PleoSandbox;
let exportItems: IDataObject[];
let h: Harness;

const rl = (value: string) => ({ __rl: true, mode: 'id', value });

beforeAll(async () => {
	sb = await startProcountorSandbox({ rateLimitPerSecond: 0 });
	pleo = await startPleoSandbox();
	const job = await pleo.clickExport();
	const r = await axios.get(`${pleo.url}/v3/export-items`, {
		params: { job_id: job.id, company_id: pleo.companyId, limit: 100 },
		auth: { username: pleo.apiKey, password: '' },
	});
	exportItems = r.data.data as IDataObject[];
	h = await createHarness({ credentials: { procountorApi: procountorApiKeyCredentials(sb) } });
});
afterAll(async () => {
	await sb.close();
	await pleo.close();
});
beforeEach(() => sb.reset());

const byNote = (note: string) => {
	const found = exportItems.find((i) => i.note === note);
	if (!found) throw new Error(`no export item '${note}'`);
	return structuredClone(found);
};

async function run(parameters: IDataObject, input: IDataObject[]) {
	const n = node(
		'Procountor',
		'procountor',
		{ authentication: 'apiKey', resource: 'pleoExport', ...parameters },
		{
			credentials: { procountorApi: { id: '1', name: 'Procountor key' } },
		},
	);
	return await h.run({ nodes: [n], connections: {} }, { input: { node: n.name, items: input } });
}

const contraParams = (extra: IDataObject = {}): IDataObject => ({
	operation: 'setContraAccounts',
	cardAccount: rl('1940'),
	outOfPocketAccount: {
		__rl: true,
		mode: 'list',
		value: '2940',
		cachedResultName: '2940 Velat henkilöstölle',
	},
	reimbursementAccount: rl('1910'),
	...extra,
});

const procountorOf = (i: INodeExecutionData) => i.json.procountor as IDataObject;
const requestsTo = (path: string) =>
	sb.requests.filter((r) => r.method === 'GET' && r.path === path).length;

describe('Set Contra Accounts', () => {
	test('card, out-of-pocket, mileage, per diem, refund, fee and reimbursement items get their contra account', async () => {
		const notes = [
			'Printer ink and paper',
			'Taxi from airport',
			'Customer visit Espoo-Turku 120 km',
			'Per diem, Oulu trip (full day)',
			'Returned printer cartridge',
			'Foreign currency fee',
			'Reimbursement of out-of-pocket expenses',
		];
		const r = await run(contraParams(), notes.map(byNote));
		expect(r.error).toBeUndefined();
		const out = r.items('Procountor');
		expect(out).toHaveLength(notes.length);
		const contras = out.map((i) => procountorOf(i).contra as IDataObject);
		expect(contras.map((c) => [c.account, c.role, c.source])).toEqual([
			['1940', 'card', 'parameter'],
			['2940', 'outOfPocket', 'parameter'],
			['2940', 'outOfPocket', 'parameter'],
			['2940', 'outOfPocket', 'parameter'],
			['1940', 'card', 'parameter'],
			['1940', 'card', 'parameter'],
			['1910', 'reimbursement', 'parameter'],
		]);
		expect(contras[6]).toMatchObject({ counterAccount: '2940', reversed: false });
		expect(String(contras[1].reason)).toMatch(/owed to the employee/);
		// pairing and the rest of the item are kept
		out.forEach((item, i) => {
			expect(item.pairedItem).toEqual({ item: i });
			expect(item.json.accountingEntryId).toBe(byNote(notes[i]).accountingEntryId);
			expect(item.json.accountingEntryLines).toEqual(byNote(notes[i]).accountingEntryLines);
		});
	});

	test('a currency override wins for its wallet; "Prefer Pleo Contra Account" uses contraAccount.code', async () => {
		const sek = byNote('Printer ink and paper');
		(sek.amount as { inWalletCurrency: IDataObject }).inWalletCurrency.currency = 'SEK';
		const eur = byNote('Train Helsinki-Tampere');
		const r = await run(
			contraParams({ currencyOverrides: { overrides: [{ currency: 'sek', account: '1910' }] } }),
			[sek, eur],
		);
		expect(r.error).toBeUndefined();
		const [a, b] = r.items('Procountor').map((i) => procountorOf(i).contra as IDataObject);
		expect(a).toMatchObject({ account: '1910', source: 'currencyOverride' });
		expect(b).toMatchObject({ account: '1940', source: 'parameter' });

		const pleoSends = byNote('Customer lunch');
		expect((pleoSends.contraAccount as IDataObject).code).toBe('1940');
		const p = await run(contraParams({ cardAccount: rl('1910'), preferPleoContra: true }), [
			pleoSends,
		]);
		expect(procountorOf(p.items('Procountor')[0]).contra).toMatchObject({
			account: '1940',
			source: 'pleo',
		});
		const off = await run(contraParams({ cardAccount: rl('1910'), preferPleoContra: false }), [
			pleoSends,
		]);
		expect(procountorOf(off.items('Procountor')[0]).contra).toMatchObject({
			account: '1910',
			source: 'parameter',
		});

		// a contra account Pleo sends that Procountor does not have (or has inactive) fails the item
		for (const code of ['1999', '7999']) {
			const bad = {
				...pleoSends,
				contraAccount: { ...(pleoSends.contraAccount as IDataObject), code },
			};
			const f = await run(contraParams({ cardAccount: rl('1910'), preferPleoContra: true }), [bad]);
			const failure = procountorOf(f.items('Procountor')[0]).failure as IDataObject;
			expect(failure).toMatchObject({
				failureReasonType: 'account_unknown',
				step: 'setContraAccounts',
			});
			expect(failure.failureReason).toContain(`Pleo sent contra account ${code}`);
		}
	});

	test('an unknown type is a per-item failure that flows on; an already failed item passes untouched', async () => {
		const weird = { ...byNote('Printer ink and paper'), type: 'space_travel' };
		const failed = {
			...byNote('Customer lunch'),
			procountor: {
				failure: {
					failureReasonType: 'validation_failure',
					failureReason: 'earlier',
					step: 'mapCategory',
				},
			},
		};
		const ok = byNote('Taxi from airport');
		const r = await run(contraParams(), [weird, failed, ok]);
		expect(r.error).toBeUndefined();
		const out = r.items('Procountor');
		expect(out).toHaveLength(3);
		expect(procountorOf(out[0]).failure).toMatchObject({
			failureReasonType: 'validation_failure',
			step: 'setContraAccounts',
		});
		expect(String((procountorOf(out[0]).failure as IDataObject).failureReason)).toMatch(
			/space_travel/,
		);
		expect(out[1].json).toEqual(failed);
		expect(procountorOf(out[2]).contra).toMatchObject({ account: '2940' });
	});

	test('an inactive configured account (7999) stops the node with an error naming the parameter', async () => {
		const r = await run(contraParams({ cardAccount: rl('7999') }), [
			byNote('Printer ink and paper'),
		]);
		expect(r.error?.message).toMatch(
			/^Card Account: ledger account 7999 .* is inactive in Procountor/,
		);
		expect((r.error as unknown as IDataObject).description).toMatch(
			/Pick an active account in "Card Account"/,
		);
		const missing = await run(contraParams({ reimbursementAccount: rl('1234') }), [
			byNote('Printer ink and paper'),
		]);
		expect(missing.error?.message).toMatch(
			/^Reimbursement Account: ledger account 1234 does not exist/,
		);
	});

	test('the chart of accounts is read once per execution, whatever the number of items', async () => {
		const many = Array.from({ length: 40 }, (_, n) => exportItems[n % exportItems.length]);
		const r = await run(contraParams(), many);
		expect(r.error).toBeUndefined();
		expect(r.items('Procountor')).toHaveLength(40);
		expect(requestsTo('/api/coa')).toBe(1);
	});
});

describe('Map Category', () => {
	const mapParams = (extra: IDataObject = {}): IDataObject => ({
		operation: 'mapCategory',
		unmappedPolicy: 'usePleoCode',
		...extra,
	});

	test('without rows, Pleo account codes and tax codes are used; splits resolve line by line', async () => {
		const r = await run(mapParams(), [
			byNote('Printer ink and paper'),
			byNote('Hotel Tampere, 1 night'),
			byNote('Nordic finance conference ticket'),
			byNote('Customer visit Espoo-Turku 120 km'),
		]);
		expect(r.error).toBeUndefined();
		const [office, hotel, conf, mileage] = r
			.items('Procountor')
			.map((i) => procountorOf(i).lines as IDataObject[]);
		expect(office).toHaveLength(1);
		expect(office[0]).toMatchObject({
			account: '6800',
			vatStatus: 1,
			vatPercent: 25.5,
			vatDeductionPercent: 100,
			source: 'pleoAccountCode',
		});
		expect(String(office[0].reason)).toMatch(/Pleo's account code 6800/);
		expect(hotel.map((l) => [l.account, l.vatPercent])).toEqual([
			['7600', 14],
			['7670', 13.5],
			['7680', 25.5],
		]);
		expect(conf[0]).toMatchObject({ account: '7850', vatStatus: 9, reverseCharge: true });
		expect(mileage[0]).toMatchObject({ account: '7620', vatPercent: 0 });
	});

	test.each([
		['default', 9, /status 9 'EU purchases of services'/],
		['renumbered', 4, /status 4 'Palveluostot muista EU-maista'/],
	] as const)(
		"a reverse-charge code without a row books the company's own EU services status (%s list)",
		async (variant, status, why) => {
			sb.setBehaviours({ vatStatuses: variant });
			const r = await run(mapParams(), [byNote('Nordic finance conference ticket')]);
			expect(r.error).toBeUndefined();
			const [line] = procountorOf(r.items('Procountor')[0]).lines as IDataObject[];
			expect(line).toMatchObject({ account: '7850', vatStatus: status, reverseCharge: true });
			expect(String(line.reason)).toMatch(why);
		},
	);

	test.each([
		[
			'alternative',
			/does not tell which status serves EU purchases of services \(6 'EU purchases \(reverse charge\)'\)/,
		],
		['noReverseCharge', /the company has no VAT status for EU purchases of services/],
	] as const)(
		"where the company's list cannot tell (%s), the reverse-charge line fails asking for a tax code row",
		async (variant, why) => {
			sb.setBehaviours({ vatStatuses: variant });
			const r = await run(mapParams(), [byNote('Nordic finance conference ticket')]);
			expect(r.error).toBeUndefined();
			const failure = procountorOf(r.items('Procountor')[0]).failure as IDataObject;
			expect(failure).toMatchObject({
				failureReasonType: 'invalid_configuration',
				step: 'mapCategory',
			});
			expect(String(failure.failureReason)).toMatch(why);
			expect(String(failure.failureReason)).toMatch(
				/Add a row for '.*' in Map Category › Tax Code Mappings/,
			);
			if (variant === 'alternative') {
				// with the row the user picks from the company's list, it books
				const ok = await run(
					mapParams({
						taxCodeMappings: {
							mappings: [{ taxCode: 'EURC', vatStatus: 6, vatPercent: 25.5 }],
						},
					}),
					[byNote('Nordic finance conference ticket')],
				);
				const [line] = procountorOf(ok.items('Procountor')[0]).lines as IDataObject[];
				expect(line).toMatchObject({ vatStatus: 6, reverseCharge: true });
			}
		},
	);

	test('account rows (by code and by category name) and tax code rows; reasons explain the decision', async () => {
		const r = await run(
			mapParams({
				accountMappings: {
					mappings: [
						{ pleo: '7777', account: rl('6800') },
						{
							pleo: 'meals',
							account: { __rl: true, mode: 'list', value: '7680' },
							vat: { vatDeductionPercent: 50 },
						},
					],
				},
				taxCodeMappings: {
					mappings: [{ taxCode: 'vat14', vatStatus: 1, vatPercent: 14, vatDeductionPercent: 0 }],
				},
			}),
			[byNote('Miscellaneous purchase'), byNote('Hotel Tampere, 1 night')],
		);
		expect(r.error).toBeUndefined();
		const [misc, hotel] = r.items('Procountor').map((i) => procountorOf(i).lines as IDataObject[]);
		expect(misc[0]).toMatchObject({ account: '6800', source: 'accountRow' });
		expect(String(misc[0].reason)).toMatch(/Pleo account 7777 is mapped to 6800/);
		expect(hotel[0]).toMatchObject({
			account: '7600',
			vatSource: 'taxCodeRow',
			vatDeductionPercent: 0,
		});
		expect(hotel[1]).toMatchObject({
			account: '7680',
			source: 'categoryRow',
			vatDeductionPercent: 50,
			vatPercent: 13.5,
		});
		expect(String(hotel[1].reason)).toMatch(/category 'Meals' is mapped to 7680/);
	});

	test('policy: 7777 is account_unknown with usePleoCode; with "Fail the Item" every unmapped line fails', async () => {
		const r = await run(mapParams(), [
			byNote('Miscellaneous purchase'),
			byNote('Printer ink and paper'),
		]);
		const [misc, office] = r.items('Procountor').map(procountorOf);
		expect(misc.failure).toMatchObject({
			failureReasonType: 'account_unknown',
			step: 'mapCategory',
		});
		expect(String((misc.failure as IDataObject).failureReason)).toMatch(
			/7777 .*does not exist in the Procountor chart of accounts/,
		);
		expect(office.lines).toHaveLength(1);

		const strict = await run(mapParams({ unmappedPolicy: 'fail' }), [
			byNote('Printer ink and paper'),
		]);
		const f = procountorOf(strict.items('Procountor')[0]).failure as IDataObject;
		expect(f.failureReasonType).toBe('account_unknown');
		expect(String(f.failureReason)).toMatch(/has no row in the Map Category table/);
	});

	test('an inactive account: as a Pleo code it fails the item, in a mapping row it stops the node', async () => {
		const old = byNote('Printer ink and paper');
		((old.accountingEntryLines as IDataObject[])[0].account as IDataObject).code = '7999';
		const r = await run(mapParams(), [old]);
		expect(r.error).toBeUndefined();
		expect(procountorOf(r.items('Procountor')[0]).failure).toMatchObject({
			failureReasonType: 'validation_failure',
		});

		const bad = await run(
			mapParams({
				accountMappings: {
					mappings: [
						{ pleo: '6800', account: rl('6800') },
						{ pleo: '7600', account: rl('7999') },
					],
				},
			}),
			[byNote('Printer ink and paper')],
		);
		expect(bad.error?.message).toMatch(
			/^Account Mappings, row 2 \('7600'\): ledger account 7999 .* is inactive/,
		);
		// a status the company has not enabled for purchases fails only the expenses that use it
		const printer = byNote('Printer ink and paper');
		const tax = (printer.accountingEntryLines as IDataObject[])[0].tax as IDataObject;
		const badVat = await run(
			mapParams({
				taxCodeMappings: {
					mappings: [{ taxCode: String(tax.code), vatStatus: 5, vatPercent: 25.5 }],
				},
			}),
			[printer],
		);
		expect(badVat.error).toBeUndefined();
		const failure = procountorOf(badVat.items('Procountor')[0]).failure as IDataObject;
		expect(failure.failureReasonType).toBe('invalid_configuration');
		expect(failure.failureReason).toContain(`Pleo tax code '${String(tax.code)}'`);
		expect(failure.failureReason).toContain('VAT status 5');
		expect(failure.failureReason).toContain('Map Category › Tax Code Mappings');
	});

	test('items failed earlier pass through; /coa and /vats/default are read once for many items', async () => {
		const failed = {
			...byNote('Customer lunch'),
			procountor: {
				failure: {
					failureReasonType: 'validation_failure',
					failureReason: 'earlier',
					step: 'setContraAccounts',
				},
			},
		};
		const many = [
			failed,
			...Array.from({ length: 30 }, (_, n) => exportItems[n % exportItems.length]),
		];
		const r = await run(
			mapParams({ accountMappings: { mappings: [{ pleo: '7777', account: rl('6800') }] } }),
			many,
		);
		expect(r.error).toBeUndefined();
		const out = r.items('Procountor');
		expect(out).toHaveLength(31);
		expect(out[0].json).toEqual(failed);
		expect(out.map((item) => item.pairedItem)).toEqual(out.map((_, i) => ({ item: i })));
		expect(requestsTo('/api/coa')).toBe(1);
		expect(requestsTo('/api/vats/default')).toBe(1);
	});
});
