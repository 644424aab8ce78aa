// Export Job › Get: a PleoClient over a fake HTTP answer (its helper reads through the client's context).
import * as op from '../../../../../nodes/Pleo/actions/exportJob/get.operation';
import { inputs, pairing, pleoClientOver as setup, rl, run, status } from '../../stubs';

describe('Pleo › Export Job › Get', () => {
	it('reads the located job of each item', async () => {
		const { ctx, client } = setup(
			{
				'GET /v3/export-jobs/j1': { data: { id: 'j1', status: 'pending' } },
				'GET /v3/export-jobs/j2': { id: 'j2', status: 'completed' },
			},
			{ items: inputs({}, {}), params: (i) => ({ jobId: rl(`j${i + 1}`) }) },
		);
		const out = await run(op, ctx, client);
		expect(out.map((o) => o.json)).toEqual([
			{ id: 'j1', status: 'pending' },
			{ id: 'j2', status: 'completed' },
		]);
		expect(pairing(out)).toEqual([{ item: 0 }, { item: 1 }]);
	});

	it('a 404 fails the item, or becomes an error item with Continue On Fail', async () => {
		const routes = {
			'GET /v3/export-jobs/jx': status(404, { type: 'NOT_FOUND', message: 'no such job' }),
		};
		const params = { jobId: rl('jx') };
		const failing = setup(routes, { params });
		await expect(run(op, failing.ctx, failing.client)).rejects.toMatchObject({
			message: 'Pleo API error 404 – NOT_FOUND: no such job',
			context: { itemIndex: 0 },
		});
		const lenient = setup(routes, { params, continueOnFail: true });
		expect(await run(op, lenient.ctx, lenient.client)).toEqual([
			{ json: { error: 'Pleo API error 404 – NOT_FOUND: no such job' }, pairedItem: { item: 0 } },
		]);
	});
});
