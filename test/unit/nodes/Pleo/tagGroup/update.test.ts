// Tag Group › Update against a stub PleoClient: PUT replaces the group, so unset fields keep theirs.
import * as op from '../../../../../nodes/Pleo/actions/tagGroup/update.operation';
import { fakeContext, inputs, pairing, pleoApiErrorOf, rl, run, stubPleo } from '../../stubs';

const CURRENT = {
	id: 'g1',
	name: 'Kustannuspaikka',
	code: 'KP',
	archived: false,
	metadata: { a: '1' },
};

describe('Pleo › Tag Group › Update', () => {
	it('merges the Update Fields into the current group; metadata replaces, else is kept', async () => {
		const client = stubPleo({
			'GET /v0/tag-groups/g1': { data: CURRENT },
			'PUT /v0/tag-groups/g1': ({ body }) => ({ data: { id: 'g1', ...(body as object) } }),
		});
		const ctx = fakeContext({
			items: inputs({}, {}),
			params: (i) => ({
				tagGroupId: rl('g1'),
				updateFields: i === 0 ? { name: 'Cost centre' } : { archived: true, metadata: { b: 2 } },
			}),
		});
		const out = await run(op, ctx, client);
		expect(client.calls.filter((c) => c.method === 'PUT').map((c) => c.options.body)).toEqual([
			{ name: 'Cost centre', code: 'KP', archived: false, metadata: { a: '1' } },
			{ name: 'Kustannuspaikka', code: 'KP', archived: true, metadata: { b: '2' } },
		]);
		expect(pairing(out)).toEqual([{ item: 0 }, { item: 1 }]);
	});

	it('bad metadata and API errors fail the item, or become error items with Continue On Fail', async () => {
		const client = stubPleo({
			'GET /v0/tag-groups/g1': { data: CURRENT },
			'GET /v0/tag-groups/g2': () => {
				throw pleoApiErrorOf(404, 'not found', 'NOT_FOUND');
			},
		});
		const params = (i: number) => ({
			tagGroupId: rl(i === 0 ? 'g1' : 'g2'),
			updateFields: i === 0 ? { metadata: 'not json' } : {},
		});
		await expect(
			run(op, fakeContext({ items: inputs({}, {}), params }), client),
		).rejects.toMatchObject({
			message: 'Metadata must be a JSON object',
			context: { itemIndex: 0 },
		});
		const out = await run(
			op,
			fakeContext({ items: inputs({}, {}), params, continueOnFail: true }),
			client,
		);
		expect(out).toEqual([
			{ json: { error: 'Metadata must be a JSON object' }, pairedItem: { item: 0 } },
			{ json: { error: 'Pleo API error 404 – NOT_FOUND: not found' }, pairedItem: { item: 1 } },
		]);
	});
});
