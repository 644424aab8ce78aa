// Tag › Create against a stub PleoClient.
import * as op from '../../../../../nodes/Pleo/actions/tag/create.operation';
import { fakeContext, inputs, pairing, pleoApiErrorOf, rl, run, stubPleo } from '../../stubs';

describe('Pleo › Tag › Create', () => {
	it('POSTs code, archived flag and the optional name into the located group', async () => {
		const client = stubPleo({
			'POST /v0/tag-groups/g1/tags': ({ body }) => ({ data: { id: 'new', ...(body as object) } }),
		});
		const ctx = fakeContext({
			items: inputs({}, {}),
			params: (i) => ({
				tagGroupId: rl('g1', 'list'),
				code: i === 0 ? '100' : '200',
				additionalFields: i === 0 ? { name: 'Hallinto', archived: true } : {},
			}),
		});
		const out = await run(op, ctx, client);
		expect(client.calls.map((c) => c.options.body)).toEqual([
			{ code: '100', archived: true, name: 'Hallinto' },
			{ code: '200', archived: false },
		]);
		expect(out.map((o) => o.json.code)).toEqual(['100', '200']);
		expect(pairing(out)).toEqual([{ item: 0 }, { item: 1 }]);
	});

	it('a refused create fails its item; Continue On Fail makes it an error item', async () => {
		const client = stubPleo({
			'POST /v0/tag-groups/g1/tags': () => {
				throw pleoApiErrorOf(409, 'A tag with this code exists', 'CONFLICT');
			},
		});
		const params = { tagGroupId: rl('g1'), code: '100', additionalFields: {} };
		await expect(run(op, fakeContext({ params }), client)).rejects.toMatchObject({
			context: { itemIndex: 0 },
		});
		expect(await run(op, fakeContext({ params, continueOnFail: true }), client)).toEqual([
			{
				json: { error: 'Pleo API error 409 – CONFLICT: A tag with this code exists' },
				pairedItem: { item: 0 },
			},
		]);
	});
});
