// Tag Group › Get Many against a stub PleoClient (Pleo does not page tag groups).
import * as op from '../../../../../nodes/Pleo/actions/tagGroup/getAll.operation';
import { fakeContext, inputs, pleoApiErrorOf, run, stubPleo } from '../../stubs';

const GROUPS = [{ id: 'g1' }, { id: 'g2' }, { id: 'g3' }];

describe('Pleo › Tag Group › Get Many', () => {
	it('one request per item; Include Archived and the company override reach Pleo; Limit cuts', async () => {
		const client = stubPleo({ 'GET /v0/tag-groups': { data: GROUPS } });
		const ctx = fakeContext({
			items: inputs({}, {}),
			params: (i) =>
				i === 0
					? { returnAll: true, options: { includeArchived: true } }
					: { returnAll: false, limit: 2, options: { companyId: 'c2' } },
		});
		const out = await run(op, ctx, client);
		expect(client.calls.map((c) => c.options.qs)).toEqual([
			{ company_id: 'company-1', include_archived: true },
			{ company_id: 'c2', include_archived: false },
		]);
		expect(out.map((o) => [o.json.id, o.pairedItem])).toEqual([
			['g1', { item: 0 }],
			['g2', { item: 0 }],
			['g3', { item: 0 }],
			['g1', { item: 1 }],
			['g2', { item: 1 }],
		]);
	});

	it('an answer without data outputs nothing; errors become error items with Continue On Fail', async () => {
		expect(
			await run(
				op,
				fakeContext({ params: { returnAll: true } }),
				stubPleo({ 'GET /v0/tag-groups': {} }),
			),
		).toEqual([]);
		const client = stubPleo({
			'GET /v0/tag-groups': () => {
				throw pleoApiErrorOf(401, 'bad key', 'UNAUTHORIZED');
			},
		});
		await expect(
			run(op, fakeContext({ params: { returnAll: true } }), client),
		).rejects.toMatchObject({
			context: { itemIndex: 0 },
		});
		expect(
			await run(op, fakeContext({ params: { returnAll: true }, continueOnFail: true }), client),
		).toEqual([
			{ json: { error: 'Pleo API error 401 – UNAUTHORIZED: bad key' }, pairedItem: { item: 0 } },
		]);
	});
});
