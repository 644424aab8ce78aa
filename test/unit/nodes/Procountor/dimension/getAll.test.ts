// Dimension › Get Many against a stub Procountor client.
import * as op from '../../../../../nodes/Procountor/actions/dimension/getAll.operation';
import { fakeContext, pairing, procountorApiError, run, stubProcountor } from '../../stubs';

const DIMENSIONS = [
	{
		id: 201,
		name: 'KUSTANNUSPAIKKA',
		items: [
			{ id: 1, codeName: '100', status: 'A' },
			{ id: 2, codeName: '200', status: 'P' },
		],
	},
	{ id: 202, name: 'PROJEKTI' },
];

describe('Procountor › Dimension › Get Many', () => {
	it('Include Inactive: the dimensions as Procountor sends them, no name filter', async () => {
		const client = stubProcountor({ 'GET /dimensions': DIMENSIONS });
		const out = await run(op, fakeContext({ params: { name: '', includeInactive: true } }), client);
		expect(out.map((o) => o.json)).toEqual(DIMENSIONS);
		expect(pairing(out)).toEqual([{ item: 0 }, { item: 0 }]);
		expect(client.request).toHaveBeenCalledWith('GET', '/dimensions', { qs: undefined });
	});

	it('filters by name and drops passive items unless Include Inactive is on', async () => {
		const client = stubProcountor({ 'GET /dimensions': DIMENSIONS });
		const out = await run(
			op,
			fakeContext({ params: { name: 'KUSTANNUSPAIKKA', includeInactive: false } }),
			client,
		);
		expect(client.request).toHaveBeenCalledWith('GET', '/dimensions', {
			qs: { name: 'KUSTANNUSPAIKKA' },
		});
		expect(out[0].json.items).toEqual([{ id: 1, codeName: '100', status: 'A' }]);
		expect(out[1].json).toEqual({ id: 202, name: 'PROJEKTI', items: [] });
	});

	it('errors carry the item index; Continue On Fail makes them error items', async () => {
		const client = stubProcountor({
			'GET /dimensions': () => {
				throw procountorApiError(500, 'boom');
			},
		});
		const params = { name: '', includeInactive: true };
		await expect(run(op, fakeContext({ params }), client)).rejects.toMatchObject({
			context: { itemIndex: 0 },
		});
		expect(await run(op, fakeContext({ params, continueOnFail: true }), client)).toEqual([
			{ json: { error: 'Procountor: boom' }, pairedItem: { item: 0 } },
		]);
	});
});
