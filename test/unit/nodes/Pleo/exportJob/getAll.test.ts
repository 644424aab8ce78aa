// Export Job › Get Many against a stub PleoClient.
import * as op from '../../../../../nodes/Pleo/actions/exportJob/getAll.operation';
import { fakeContext, inputs, pleoApiErrorOf, run, stubPleo } from '../../stubs';

const JOBS = [{ id: 'j1' }, { id: 'j2' }, { id: 'j3' }];

describe('Pleo › Export Job › Get Many', () => {
	it('statuses and the company reach Pleo; Return All or the limit goes to the pager', async () => {
		const client = stubPleo({ 'GET /v3/export-jobs': JOBS });
		const ctx = fakeContext({
			items: inputs({}, {}),
			params: (i) =>
				i === 0
					? { statuses: ['pending', 'in_progress'], returnAll: true }
					: { statuses: [], returnAll: false, limit: 2, options: { companyId: 'c2' } },
		});
		const out = await run(op, ctx, client);
		expect(client.getAllPages.mock.calls.map((c) => c[2])).toEqual([
			{ qs: { company_id: 'company-1', statuses: ['pending', 'in_progress'] }, limit: undefined },
			{ qs: { company_id: 'c2' }, limit: 2 },
		]);
		expect(out.map((o) => [o.json.id, o.pairedItem])).toEqual([
			['j1', { item: 0 }],
			['j2', { item: 0 }],
			['j3', { item: 0 }],
			['j1', { item: 1 }],
			['j2', { item: 1 }],
		]);
	});

	it('errors fail the item, or become error items with Continue On Fail', async () => {
		const client = stubPleo({
			'GET /v3/export-jobs': () => {
				throw pleoApiErrorOf(401, 'bad key', 'UNAUTHORIZED');
			},
		});
		const params = { returnAll: true };
		await expect(run(op, fakeContext({ params }), client)).rejects.toMatchObject({
			context: { itemIndex: 0 },
		});
		expect(await run(op, fakeContext({ params, continueOnFail: true }), client)).toEqual([
			{ json: { error: 'Pleo API error 401 – UNAUTHORIZED: bad key' }, pairedItem: { item: 0 } },
		]);
	});
});
