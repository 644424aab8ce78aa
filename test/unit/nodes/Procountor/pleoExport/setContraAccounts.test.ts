// Pleo Export › Set Contra Accounts against a stub Procountor client (the sandbox seed's chart
// of accounts): parameters, validation against the chart, per-item results, pass-through.
import * as op from '../../../../../nodes/Procountor/actions/pleoExport/setContraAccounts.operation';
import { cardItem } from '../core/fixtures';
import { fakeContext, pairing, procountorApiError, rl, run, stubProcountor } from '../../stubs';
import { referenceRoutes } from '../reference';

const params = (extra: object = {}) => ({
	cardAccount: rl('1940', 'list'),
	outOfPocketAccount: rl('2940'),
	reimbursementAccount: rl(''),
	preferPleoContra: false,
	...extra,
});

const outOfPocket = () =>
	cardItem({ accountingEntryId: 'ae-2', type: 'out_of_pocket', contraAccount: null });

describe('Procountor › Pleo Export › Set Contra Accounts', () => {
	it('sets the contra account of each item by its type, keeping the item and its binary', async () => {
		const client = stubProcountor(referenceRoutes());
		const binary = { data: { data: 'eA==', mimeType: 'image/png' } };
		const ctx = fakeContext({
			items: [{ json: cardItem() as never, binary }, { json: outOfPocket() as never }],
			params: params(),
		});
		const out = await run(op, ctx, client);
		const contra = out.map(
			(o) => (o.json.procountor as { contra: { account: string; role: string } }).contra,
		);
		expect(contra.map((c) => [c.account, c.role])).toEqual([
			['1940', 'card'],
			['2940', 'outOfPocket'],
		]);
		expect(out[0].binary).toBe(binary);
		expect(out[0].json.accountingEntryId).toBe('ae-0001');
		expect(pairing(out)).toEqual([{ item: 0 }, { item: 1 }]);
		// the chart of accounts is read once for the whole run
		expect(client.request).toHaveBeenCalledTimes(1);
	});

	it('a currency override credits its own account for a wallet in that currency', async () => {
		const client = stubProcountor(referenceRoutes());
		const sek = cardItem({
			amount: {
				inSupplierCurrency: { currency: 'SEK', value: 10000 },
				inWalletCurrency: { currency: 'SEK', value: 10000 },
			},
		});
		const ctx = fakeContext({
			items: [{ json: sek as never }],
			params: params({
				currencyOverrides: { overrides: [{ currency: ' sek ', account: '1910' }] },
			}),
		});
		const out = await run(op, ctx, client);
		expect((out[0].json.procountor as { contra: { account: string } }).contra.account).toBe('1910');
	});

	it('refuses a configuration that cannot work, naming the parameter and the fix', async () => {
		const client = stubProcountor(referenceRoutes());
		const items = [{ json: cardItem() as never }];
		await expect(
			run(op, fakeContext({ items, params: params({ cardAccount: rl('') }) }), client),
		).rejects.toMatchObject({ message: 'Card Account is empty', context: { itemIndex: 0 } });
		await expect(
			run(op, fakeContext({ items, params: params({ cardAccount: rl('1999') }) }), client),
		).rejects.toMatchObject({
			message: 'Card Account: ledger account 1999 does not exist in Procountor',
			description: expect.stringContaining('"Card Account"'),
		});
		await expect(
			run(op, fakeContext({ items, params: params({ outOfPocketAccount: rl('7999') }) }), client),
		).rejects.toMatchObject({
			message: expect.stringMatching(/^Out-of-Pocket Account: ledger account 7999 .* is inactive/),
		});
		await expect(
			run(
				op,
				fakeContext({
					items,
					params: params({
						currencyOverrides: { overrides: [{ currency: 'SEKK', account: '1910' }] },
					}),
				}),
				client,
			),
		).rejects.toMatchObject({
			message: "Currency Overrides, row 1: 'SEKK' is not a currency code",
		});
	});

	it('Prefer Pleo Contra Account: a Pleo account missing in Procountor fails only that item', async () => {
		const client = stubProcountor(referenceRoutes());
		const unknown = cardItem({
			accountingEntryId: 'ae-9',
			contraAccount: { id: 'x', name: 'Old wallet', code: '1999', identifier: '1999' },
		});
		const ctx = fakeContext({
			items: [{ json: unknown as never }, { json: cardItem() as never }],
			params: params({ preferPleoContra: true }),
		});
		const out = await run(op, ctx, client);
		const failure = (
			out[0].json.procountor as { failure: { failureReasonType: string; failureReason: string } }
		).failure;
		expect(failure.failureReasonType).toBe('account_unknown');
		expect(failure.failureReason).toContain('Pleo sent contra account 1999');
		expect((out[1].json.procountor as { contra: { source: string } }).contra.source).toBe('pleo');
		expect(pairing(out)).toEqual([{ item: 0 }, { item: 1 }]);
	});

	it('an item that already failed passes through untouched, and reads nothing', async () => {
		const client = stubProcountor();
		const failed = cardItem({
			procountor: {
				failure: { failureReasonType: 'validation_failure', failureReason: 'earlier step' },
			},
		} as never);
		const out = await run(
			op,
			fakeContext({ items: [{ json: failed as never }], params: params() }),
			client,
		);
		expect(out).toEqual([{ json: failed, pairedItem: { item: 0 } }]);
		expect(client.request).not.toHaveBeenCalled();
	});

	it("a failed chart-of-accounts read stops the node with Procountor's error", async () => {
		const client = stubProcountor({
			'GET /coa': () => {
				throw procountorApiError(500, 'Internal error');
			},
		});
		const ctx = fakeContext({ items: [{ json: cardItem() as never }], params: params() });
		await expect(run(op, ctx, client)).rejects.toMatchObject({
			message: 'Procountor: Internal error',
		});
	});
});
