// Pleo Export › Map Category against a stub Procountor client (the sandbox seed's chart of
// accounts and VAT): mapping rows, tax code rows, the unmapped policy, validation, pass-through.
import * as op from '../../../../../nodes/Procountor/actions/pleoExport/mapCategory.operation';
import { cardItem, line } from '../core/fixtures';
import { fakeContext, pairing, rl, run, stubProcountor } from '../../stubs';
import { referenceRoutes } from '../reference';

type Mapped = {
	lines?: Array<{ account: string; vatStatus: number; vatPercent: number; source: string }>;
	failure?: { failureReasonType: string; failureReason: string };
};
const mapped = (json: object) => (json as { procountor: Mapped }).procountor;

const item = (code: string | null, extra: object = {}) =>
	cardItem({ accountingEntryLines: [line('l1', 5000, { code, net: 3984, ...extra })] });

describe('Procountor › Pleo Export › Map Category', () => {
	it('an account row maps by code or category name; unmapped codes use the Pleo code', async () => {
		const client = stubProcountor(referenceRoutes());
		const ctx = fakeContext({
			items: [
				{ json: item('7600') as never },
				{ json: item('1234', { name: 'Software' }) as never },
				{ json: item('6800') as never },
			],
			params: {
				accountMappings: {
					mappings: [
						{ pleo: '7600', account: rl('7620') },
						{ pleo: 'software', account: rl('7680', 'list') },
					],
				},
				unmappedPolicy: 'usePleoCode',
			},
		});
		const out = await run(op, ctx, client);
		expect(out.map((o) => mapped(o.json).lines?.[0].account)).toEqual(['7620', '7680', '6800']);
		expect(out.map((o) => mapped(o.json).lines?.[0].source)).toEqual([
			'accountRow',
			'categoryRow',
			'pleoAccountCode',
		]);
		expect(pairing(out)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		// reference data once per run
		expect(client.request).toHaveBeenCalledTimes(2);
	});

	it('a tax code row sets the VAT status and percent of the lines with that code', async () => {
		const client = stubProcountor(referenceRoutes());
		const ctx = fakeContext({
			items: [{ json: item('7600', { rate: 0.14, taxCode: 'FOOD' }) as never }],
			params: {
				taxCodeMappings: { mappings: [{ taxCode: 'food', vatStatus: 1, vatPercent: 14 }] },
				unmappedPolicy: 'usePleoCode',
			},
		});
		const [line0] = mapped((await run(op, ctx, client))[0].json).lines ?? [];
		expect([line0.vatStatus, line0.vatPercent]).toEqual([1, 14]);
	});

	it('Unmapped Accounts › Fail the Item fails only the item, naming the account', async () => {
		const client = stubProcountor(referenceRoutes());
		const ctx = fakeContext({
			items: [{ json: item('6800') as never }, { json: item('7600') as never }],
			params: {
				accountMappings: { mappings: [{ pleo: '7600', account: rl('7600') }] },
				unmappedPolicy: 'fail',
			},
		});
		const out = await run(op, ctx, client);
		expect(mapped(out[0].json).failure?.failureReason).toContain('6800');
		expect(mapped(out[1].json).lines?.[0].account).toBe('7600');
	});

	it('refuses a bad row before any item, naming the row and the fix', async () => {
		const client = stubProcountor(referenceRoutes());
		const items = [{ json: item('7600') as never }];
		const withRows = (accountRows: object[], taxRows: object[] = []) =>
			fakeContext({
				items,
				params: {
					accountMappings: { mappings: accountRows },
					taxCodeMappings: { mappings: taxRows },
					unmappedPolicy: 'usePleoCode',
				},
			});
		await expect(
			run(
				op,
				withRows([
					{ pleo: '7600', account: rl('7600') },
					{ pleo: '7600', account: rl('7620') },
				]),
				client,
			),
		).rejects.toMatchObject({
			message: "Account Mappings, row 2 ('7600'): '7600' is already mapped in row 1",
			context: { itemIndex: 0 },
		});
		await expect(
			run(op, withRows([{ pleo: 'Travel', account: rl('') }]), client),
		).rejects.toMatchObject({
			message: "Account Mappings, row 1 ('Travel'): the Procountor account is empty",
		});
		await expect(
			run(op, withRows([{ pleo: 'Travel', account: rl('7600'), vat: { vatPercent: 22 } }]), client),
		).rejects.toMatchObject({
			message:
				"Account Mappings, row 1 ('Travel'): VAT 22 % is not a VAT rate of the Procountor company",
		});
		await expect(
			run(op, withRows([], [{ taxCode: 'X', vatStatus: '', vatPercent: 0 }]), client),
		).rejects.toMatchObject({
			message: "Tax Code Mappings, row 1 ('X'): the VAT status is empty",
		});
	});

	it('an item that already failed passes through and costs no lookup', async () => {
		const client = stubProcountor();
		const failed = cardItem({
			procountor: { failure: { failureReasonType: 'validation_failure', failureReason: 'x' } },
		} as never);
		const out = await run(
			op,
			fakeContext({
				items: [{ json: failed as never }],
				params: { unmappedPolicy: 'usePleoCode' },
			}),
			client,
		);
		expect(out).toEqual([{ json: failed, pairedItem: { item: 0 } }]);
		expect(client.request).not.toHaveBeenCalled();
	});
});
