// Procountor › Pleo Export › Set Contra Accounts in n8n-core's WorkflowExecute against the
// Procountor sandbox, on real export items read from the Pleo sandbox.
import type { IDataObject } from 'n8n-workflow';
import { rl } from '../../helpers';
import { failedEarlier, procountorOf, usePleoExportEngine } from '../../helpers/procountor';

const env = usePleoExportEngine();

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
		const r = await env.run(contraParams(), notes.map(env.byNote));
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
			expect(item.json.accountingEntryId).toBe(env.byNote(notes[i]).accountingEntryId);
			expect(item.json.accountingEntryLines).toEqual(env.byNote(notes[i]).accountingEntryLines);
		});
	});

	test('a currency override wins for its wallet; "Prefer Pleo Contra Account" uses contraAccount.code', async () => {
		const sek = env.byNote('Printer ink and paper');
		(sek.amount as { inWalletCurrency: IDataObject }).inWalletCurrency.currency = 'SEK';
		const eur = env.byNote('Train Helsinki-Tampere');
		const r = await env.run(
			contraParams({ currencyOverrides: { overrides: [{ currency: 'sek', account: '1910' }] } }),
			[sek, eur],
		);
		expect(r.error).toBeUndefined();
		const [a, b] = r.items('Procountor').map((i) => procountorOf(i).contra as IDataObject);
		expect(a).toMatchObject({ account: '1910', source: 'currencyOverride' });
		expect(b).toMatchObject({ account: '1940', source: 'parameter' });

		const pleoSends = env.byNote('Customer lunch');
		expect((pleoSends.contraAccount as IDataObject).code).toBe('1940');
		const p = await env.run(contraParams({ cardAccount: rl('1910'), preferPleoContra: true }), [
			pleoSends,
		]);
		expect(procountorOf(p.items('Procountor')[0]).contra).toMatchObject({
			account: '1940',
			source: 'pleo',
		});
		const off = await env.run(contraParams({ cardAccount: rl('1910'), preferPleoContra: false }), [
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
			const f = await env.run(contraParams({ cardAccount: rl('1910'), preferPleoContra: true }), [
				bad,
			]);
			const failure = procountorOf(f.items('Procountor')[0]).failure as IDataObject;
			expect(failure).toMatchObject({
				failureReasonType: 'account_unknown',
				step: 'setContraAccounts',
			});
			expect(failure.failureReason).toContain(`Pleo sent contra account ${code}`);
		}
	});

	test('an unknown type is a per-item failure that flows on; an already failed item passes untouched', async () => {
		const weird = { ...env.byNote('Printer ink and paper'), type: 'space_travel' };
		const failed = failedEarlier(env.byNote('Customer lunch'), 'mapCategory');
		const ok = env.byNote('Taxi from airport');
		const r = await env.run(contraParams(), [weird, failed, ok]);
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
		const r = await env.run(contraParams({ cardAccount: rl('7999') }), [
			env.byNote('Printer ink and paper'),
		]);
		expect(r.error?.message).toMatch(
			/^Card Account: ledger account 7999 .* is inactive in Procountor/,
		);
		expect((r.error as unknown as IDataObject).description).toMatch(
			/Pick an active account in "Card Account"/,
		);
		const missing = await env.run(contraParams({ reimbursementAccount: rl('1234') }), [
			env.byNote('Printer ink and paper'),
		]);
		expect(missing.error?.message).toMatch(
			/^Reimbursement Account: ledger account 1234 does not exist/,
		);
	});

	test('the chart of accounts is read once per execution, whatever the number of items', async () => {
		const many = Array.from({ length: 40 }, (_, n) => env.exportItems[n % env.exportItems.length]);
		const r = await env.run(contraParams(), many);
		expect(r.error).toBeUndefined();
		expect(r.items('Procountor')).toHaveLength(40);
		expect(env.getsOf('/api/coa')).toBe(1);
	});
});
