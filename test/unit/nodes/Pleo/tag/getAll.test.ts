// Tag › Get Many against a stub PleoClient (the cursor pager is the client's getAllPages).
import * as op from '../../../../../nodes/Pleo/actions/tag/getAll.operation';
import { fakeContext, inputs, pairing, pleoApiErrorOf, rl, run, stubPleo } from '../../stubs';

const TAGS = Array.from({ length: 4 }, (_, k) => ({ id: `t${k}`, code: String(100 * (k + 1)) }));

describe('Pleo › Tag › Get Many', () => {
	it('Return All: every tag of the group; Include Archived and Page Size reach the pager', async () => {
		const client = stubPleo({ 'GET /v0/tag-groups/g1/tags': TAGS });
		const ctx = fakeContext({
			params: {
				tagGroupId: rl('g1'),
				returnAll: true,
				options: { includeArchived: true, pageSize: 25 },
			},
		});
		const out = await run(op, ctx, client);
		expect(out).toHaveLength(4);
		expect(client.getAllPages).toHaveBeenCalledWith('GET', '/v0/tag-groups/g1/tags', {
			qs: { include_archived: true },
			limit: undefined,
			pageSize: 25,
		});
		expect(pairing(out)).toEqual(Array(4).fill({ item: 0 }));
	});

	it('Limit per item, default page size 100', async () => {
		const client = stubPleo({ 'GET /v0/tag-groups/g1/tags': TAGS });
		const ctx = fakeContext({
			items: inputs({}, {}),
			params: (i) => ({ tagGroupId: rl('g1'), returnAll: false, limit: i + 1, options: {} }),
		});
		const out = await run(op, ctx, client);
		expect(client.getAllPages).toHaveBeenNthCalledWith(1, 'GET', '/v0/tag-groups/g1/tags', {
			qs: { include_archived: false },
			limit: 1,
			pageSize: 100,
		});
		expect(out.map((o) => [o.json.id, o.pairedItem])).toEqual([
			['t0', { item: 0 }],
			['t0', { item: 1 }],
			['t1', { item: 1 }],
		]);
	});

	it('errors carry the item index; Continue On Fail makes them error items', async () => {
		const client = stubPleo({
			'GET /v0/tag-groups/g1/tags': () => {
				throw pleoApiErrorOf(404, 'Tag group not found', 'NOT_FOUND');
			},
		});
		const params = { tagGroupId: rl('g1'), returnAll: true };
		await expect(run(op, fakeContext({ params }), client)).rejects.toMatchObject({
			context: { itemIndex: 0 },
		});
		expect(await run(op, fakeContext({ params, continueOnFail: true }), client)).toEqual([
			{
				json: { error: 'Pleo API error 404 – NOT_FOUND: Tag group not found' },
				pairedItem: { item: 0 },
			},
		]);
	});
});
