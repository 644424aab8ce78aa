// Procountor › Pleo Export › Map Category in n8n-core's WorkflowExecute against the Procountor
// sandbox, on real export items read from the Pleo sandbox.
import type { IDataObject } from 'n8n-workflow';
import { rl } from '../../helpers';
import { failedEarlier, procountorOf, usePleoExportEngine } from '../../helpers/procountor';

const env = usePleoExportEngine();

describe('Map Category', () => {
	const mapParams = (extra: IDataObject = {}): IDataObject => ({
		operation: 'mapCategory',
		unmappedPolicy: 'usePleoCode',
		...extra,
	});

	test('without rows, Pleo account codes and tax codes are used; splits resolve line by line', async () => {
		const r = await env.run(mapParams(), [
			env.byNote('Printer ink and paper'),
			env.byNote('Hotel Tampere, 1 night'),
			env.byNote('Nordic finance conference ticket'),
			env.byNote('Customer visit Espoo-Turku 120 km'),
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
			env.sb.setBehaviours({ vatStatuses: variant });
			const r = await env.run(mapParams(), [env.byNote('Nordic finance conference ticket')]);
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
			env.sb.setBehaviours({ vatStatuses: variant });
			const r = await env.run(mapParams(), [env.byNote('Nordic finance conference ticket')]);
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
				const ok = await env.run(
					mapParams({
						taxCodeMappings: {
							mappings: [{ taxCode: 'EURC', vatStatus: 6, vatPercent: 25.5 }],
						},
					}),
					[env.byNote('Nordic finance conference ticket')],
				);
				const [line] = procountorOf(ok.items('Procountor')[0]).lines as IDataObject[];
				expect(line).toMatchObject({ vatStatus: 6, reverseCharge: true });
			}
		},
	);

	test('account rows (by code and by category name) and tax code rows; reasons explain the decision', async () => {
		const r = await env.run(
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
			[env.byNote('Miscellaneous purchase'), env.byNote('Hotel Tampere, 1 night')],
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
		const r = await env.run(mapParams(), [
			env.byNote('Miscellaneous purchase'),
			env.byNote('Printer ink and paper'),
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

		const strict = await env.run(mapParams({ unmappedPolicy: 'fail' }), [
			env.byNote('Printer ink and paper'),
		]);
		const f = procountorOf(strict.items('Procountor')[0]).failure as IDataObject;
		expect(f.failureReasonType).toBe('account_unknown');
		expect(String(f.failureReason)).toMatch(/has no row in the Map Category table/);
	});

	test('an inactive account: as a Pleo code it fails the item, in a mapping row it stops the node', async () => {
		const old = env.byNote('Printer ink and paper');
		((old.accountingEntryLines as IDataObject[])[0].account as IDataObject).code = '7999';
		const r = await env.run(mapParams(), [old]);
		expect(r.error).toBeUndefined();
		expect(procountorOf(r.items('Procountor')[0]).failure).toMatchObject({
			failureReasonType: 'validation_failure',
		});

		const bad = await env.run(
			mapParams({
				accountMappings: {
					mappings: [
						{ pleo: '6800', account: rl('6800') },
						{ pleo: '7600', account: rl('7999') },
					],
				},
			}),
			[env.byNote('Printer ink and paper')],
		);
		expect(bad.error?.message).toMatch(
			/^Account Mappings, row 2 \('7600'\): ledger account 7999 .* is inactive/,
		);
		// a status the company has not enabled for purchases fails only the expenses that use it
		const printer = env.byNote('Printer ink and paper');
		const tax = (printer.accountingEntryLines as IDataObject[])[0].tax as IDataObject;
		const badVat = await env.run(
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
		const failed = failedEarlier(env.byNote('Customer lunch'), 'setContraAccounts');
		const many = [
			failed,
			...Array.from({ length: 30 }, (_, n) => env.exportItems[n % env.exportItems.length]),
		];
		const r = await env.run(
			mapParams({ accountMappings: { mappings: [{ pleo: '7777', account: rl('6800') }] } }),
			many,
		);
		expect(r.error).toBeUndefined();
		const out = r.items('Procountor');
		expect(out).toHaveLength(31);
		expect(out[0].json).toEqual(failed);
		expect(out.map((item) => item.pairedItem)).toEqual(out.map((_, i) => ({ item: i })));
		expect(env.getsOf('/api/coa')).toBe(1);
		expect(env.getsOf('/api/vats/default')).toBe(1);
	});
});
