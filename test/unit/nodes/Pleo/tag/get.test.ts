// Tag › Get against a stub PleoClient.
import * as op from '../../../../../nodes/Pleo/actions/tag/get.operation';
import { fakeContext, inputs, pairing, pleoApiErrorOf, run, stubPleo } from '../../stubs';

describe('Pleo › Tag › Get', () => {
	it("reads each item's tag (trimmed, URL-encoded) and unwraps Pleo's data envelope", async () => {
		const client = stubPleo({
			'GET /v0/tags/t1': { data: { id: 't1', code: '100' } },
			'GET /v0/tags/a%2Fb': { data: { id: 'a/b', code: '200' } },
		});
		const ctx = fakeContext({
			items: inputs({}, {}),
			params: (i) => ({ tagId: i === 0 ? ' t1 ' : 'a/b' }),
		});
		const out = await run(op, ctx, client);
		expect(out.map((o) => o.json)).toEqual([
			{ id: 't1', code: '100' },
			{ id: 'a/b', code: '200' },
		]);
		expect(pairing(out)).toEqual([{ item: 0 }, { item: 1 }]);
	});

	it("a 404 fails its item with Pleo's message; Continue On Fail goes on", async () => {
		const client = stubPleo({
			'GET /v0/tags/gone': () => {
				throw pleoApiErrorOf(404, 'Tag not found', 'NOT_FOUND');
			},
			'GET /v0/tags/t1': { data: { id: 't1' } },
		});
		const params = (i: number) => ({ tagId: i === 0 ? 'gone' : 't1' });
		await expect(
			run(op, fakeContext({ items: inputs({}, {}), params }), client),
		).rejects.toMatchObject({
			message: 'Pleo API error 404 – NOT_FOUND: Tag not found',
			context: { itemIndex: 0 },
		});
		const out = await run(
			op,
			fakeContext({ items: inputs({}, {}), params, continueOnFail: true }),
			client,
		);
		expect(out).toEqual([
			{ json: { error: 'Pleo API error 404 – NOT_FOUND: Tag not found' }, pairedItem: { item: 0 } },
			{ json: { id: 't1' }, pairedItem: { item: 1 } },
		]);
	});
});
