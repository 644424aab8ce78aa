// Tag › Update against a stub PleoClient: PUT replaces the tag, so unset fields keep their value.
import * as op from '../../../../../nodes/Pleo/actions/tag/update.operation';
import { fakeContext, inputs, pairing, pleoApiErrorOf, run, stubPleo } from '../../stubs';

describe('Pleo › Tag › Update', () => {
	it('merges the Update Fields into the current tag before the PUT', async () => {
		const client = stubPleo({
			'GET /v0/tags/t1': { data: { id: 't1', code: '100', name: 'Hallinto', archived: false } },
			'PUT /v0/tags/t1': ({ body }) => ({ data: { id: 't1', ...(body as object) } }),
		});
		const ctx = fakeContext({
			items: inputs({}, {}),
			params: (i) => ({
				tagId: 't1',
				updateFields: i === 0 ? { name: 'Admin' } : { archived: true },
			}),
		});
		const out = await run(op, ctx, client);
		expect(client.calls.filter((c) => c.method === 'PUT').map((c) => c.options.body)).toEqual([
			{ code: '100', name: 'Admin', archived: false },
			{ code: '100', name: 'Hallinto', archived: true },
		]);
		expect(pairing(out)).toEqual([{ item: 0 }, { item: 1 }]);
	});

	it('a tag without a name is sent with name null; errors fail the item or become error items', async () => {
		const client = stubPleo({
			'GET /v0/tags/t2': { data: { id: 't2', code: '200' } },
			'PUT /v0/tags/t2': () => {
				throw pleoApiErrorOf(400, 'code is too long');
			},
		});
		const params = { tagId: 't2', updateFields: {} };
		await expect(run(op, fakeContext({ params }), client)).rejects.toMatchObject({
			message: 'Pleo API error 400 – VALIDATION: code is too long',
			context: { itemIndex: 0 },
		});
		expect(client.calls[1].options.body).toEqual({ code: '200', name: null, archived: false });
		const out = await run(op, fakeContext({ params, continueOnFail: true }), client);
		expect(out).toEqual([
			{
				json: { error: 'Pleo API error 400 – VALIDATION: code is too long' },
				pairedItem: { item: 0 },
			},
		]);
	});
});
