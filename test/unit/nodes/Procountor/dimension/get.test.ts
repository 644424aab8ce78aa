// Dimension › Get against a stub Procountor client.
import * as op from '../../../../../nodes/Procountor/actions/dimension/get.operation';
import {
	fakeContext,
	inputs,
	pairing,
	procountorApiError,
	rl,
	run,
	stubProcountor,
} from '../../stubs';

describe('Procountor › Dimension › Get', () => {
	it('reads the dimension the locator names, per item', async () => {
		const client = stubProcountor({
			'GET /dimensions/201': { id: 201, name: 'KUSTANNUSPAIKKA' },
			'GET /dimensions/202': { id: 202, name: 'PROJEKTI' },
		});
		const ctx = fakeContext({
			items: inputs({}, {}),
			params: (i) => ({ dimensionId: rl(i === 0 ? '201' : '202', i === 0 ? 'list' : 'id') }),
		});
		const out = await run(op, ctx, client);
		expect(out.map((o) => o.json.name)).toEqual(['KUSTANNUSPAIKKA', 'PROJEKTI']);
		expect(pairing(out)).toEqual([{ item: 0 }, { item: 1 }]);
	});

	it('a 404 fails its item; Continue On Fail keeps the others', async () => {
		const client = stubProcountor({
			'GET /dimensions/201': { id: 201, name: 'KUSTANNUSPAIKKA' },
			'GET /dimensions/999': () => {
				throw procountorApiError(404, 'Dimension not found');
			},
		});
		const params = (i: number) => ({ dimensionId: rl(i === 0 ? '999' : '201') });
		await expect(
			run(op, fakeContext({ items: inputs({}, {}), params }), client),
		).rejects.toMatchObject({
			message: 'Procountor: Dimension not found',
			context: { itemIndex: 0 },
		});
		const out = await run(
			op,
			fakeContext({ items: inputs({}, {}), params, continueOnFail: true }),
			client,
		);
		expect(out).toEqual([
			{ json: { error: 'Procountor: Dimension not found' }, pairedItem: { item: 0 } },
			{ json: { id: 201, name: 'KUSTANNUSPAIKKA' }, pairedItem: { item: 1 } },
		]);
	});
});
