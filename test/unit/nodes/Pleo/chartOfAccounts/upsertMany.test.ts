// Account (Chart of Accounts) › Upsert Many against a stub PleoClient: all items in batches of
// at most 1,000, one output per input (created, failed with Pleo's reasons, or unknown).
import * as op from '../../../../../nodes/Pleo/actions/chartOfAccounts/upsertMany.operation';
import { fakeContext, pleoApiErrorOf, run, stubPleo } from '../../stubs';

const items = (n: number) =>
	Array.from({ length: n }, (_, k) => ({ json: { externalId: `${1000 + k}`, name: `A${k}` } }));
const params = (i: number) => ({
	externalId: ` ${1000 + i} `,
	name: `A${i}`,
	additionalFields: i === 0 ? { code: '1000', taxCodeExternalId: 'VAT25.5', archived: true } : {},
});

describe('Pleo › Account › Upsert Many', () => {
	it('sends 1,500 accounts in two calls and pairs every result with its input', async () => {
		const client = stubPleo({
			'POST /v1/chart-of-accounts/batch': ({ body }) => ({
				data: { created: (body as { items: object[] }).items, failed: [] },
			}),
		});
		const out = await run(op, fakeContext({ items: items(1500), params }), client);
		const batches = client.calls.map(
			(c) => c.options.body as { companyId: string; items: object[] },
		);
		expect(batches.map((b) => [b.companyId, b.items.length])).toEqual([
			['company-1', 1000],
			['company-1', 500],
		]);
		expect(batches[0].items[0]).toEqual({
			externalId: '1000',
			name: 'A0',
			archived: true,
			code: '1000',
			taxCodeExternalId: 'VAT25.5',
		});
		expect(out).toHaveLength(1500);
		expect(out[1499]).toMatchObject({
			json: { externalId: '2499', outcome: 'created' },
			pairedItem: { item: 1499 },
		});
	});

	it("Pleo's per-account failures are outputs with reasons; an account in neither list is unknown", async () => {
		const client = stubPleo({
			'POST /v1/chart-of-accounts/batch': {
				data: {
					created: [{ externalId: '1000' }],
					failed: [{ reasons: ['duplicate code'], request: { externalId: '1001' } }],
				},
			},
		});
		const out = await run(op, fakeContext({ items: items(3), params }), client);
		expect(out.map((o) => o.json)).toEqual([
			{ externalId: '1000', outcome: 'created', account: { externalId: '1000' } },
			{ externalId: '1001', outcome: 'failed', reasons: ['duplicate code'] },
			{ externalId: '1002', outcome: 'unknown' },
		]);
	});

	it('an item without external ID or name fails the run, or is a failed output with Continue On Fail', async () => {
		const client = stubPleo({
			'POST /v1/chart-of-accounts/batch': { data: { created: [{ externalId: '1001' }] } },
		});
		const bad = (i: number) => (i === 0 ? { externalId: '', name: 'x' } : params(i));
		await expect(
			run(op, fakeContext({ items: items(2), params: bad }), client),
		).rejects.toMatchObject({
			message: 'Each account needs an external ID and a name',
			context: { itemIndex: 0 },
		});
		expect(client.calls).toEqual([]);
		const out = await run(
			op,
			fakeContext({ items: items(2), params: bad, continueOnFail: true }),
			client,
		);
		expect(out).toEqual([
			{
				json: {
					externalId: '',
					outcome: 'failed',
					error: 'Each account needs an external ID and a name',
				},
				pairedItem: { item: 0 },
			},
			{
				json: { externalId: '1001', outcome: 'created', account: { externalId: '1001' } },
				pairedItem: { item: 1 },
			},
		]);
	});

	it('a refused batch fails with its first item, or marks each of its items failed', async () => {
		const client = stubPleo({
			'POST /v1/chart-of-accounts/batch': () => {
				throw pleoApiErrorOf(400, 'too many items');
			},
		});
		await expect(run(op, fakeContext({ items: items(2), params }), client)).rejects.toMatchObject({
			context: { itemIndex: 0 },
		});
		const out = await run(
			op,
			fakeContext({ items: items(2), params, continueOnFail: true }),
			client,
		);
		expect(out.map((o) => [o.json.outcome, o.json.error, o.pairedItem])).toEqual([
			['failed', 'Pleo API error 400 – VALIDATION: too many items', { item: 0 }],
			['failed', 'Pleo API error 400 – VALIDATION: too many items', { item: 1 }],
		]);
	});
});
