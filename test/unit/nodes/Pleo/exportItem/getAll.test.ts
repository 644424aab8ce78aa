// Export Item › Get Many against a stub PleoClient.
import * as op from '../../../../../nodes/Pleo/actions/exportItem/getAll.operation';
import { fakeContext, inputs, pleoApiErrorOf, rl, run, stubPleo } from '../../stubs';

const ITEMS = [
	{ accountingEntryId: 'ae-1' },
	{ accountingEntryId: 'ae-2' },
	{ accountingEntryId: 'ae-3' },
];

describe('Pleo › Export Item › Get Many', () => {
	it("reads the located job's items, adds the job ID to each, pairs them with the input", async () => {
		const client = stubPleo({ 'GET /v3/export-items': ITEMS });
		const ctx = fakeContext({
			items: inputs({}, {}),
			params: (i) =>
				i === 0
					? { jobId: rl('job-1'), returnAll: true }
					: { jobId: rl('job-2'), returnAll: false, limit: 1, options: { companyId: 'c2' } },
		});
		const out = await run(op, ctx, client);
		expect(client.getAllPages.mock.calls.map((c) => c[2])).toEqual([
			{ qs: { job_id: 'job-1', company_id: 'company-1' }, limit: undefined },
			{ qs: { job_id: 'job-2', company_id: 'c2' }, limit: 1 },
		]);
		expect(out.map((o) => [o.json.accountingEntryId, o.json.jobId, o.pairedItem])).toEqual([
			['ae-1', 'job-1', { item: 0 }],
			['ae-2', 'job-1', { item: 0 }],
			['ae-3', 'job-1', { item: 0 }],
			['ae-1', 'job-2', { item: 1 }],
		]);
	});

	it('errors fail the item, or become error items with Continue On Fail', async () => {
		const client = stubPleo({
			'GET /v3/export-items': () => {
				throw pleoApiErrorOf(404, 'job not found', 'NOT_FOUND');
			},
		});
		const params = { jobId: rl('x'), returnAll: true };
		await expect(run(op, fakeContext({ params }), client)).rejects.toMatchObject({
			context: { itemIndex: 0 },
		});
		expect(await run(op, fakeContext({ params, continueOnFail: true }), client)).toEqual([
			{ json: { error: 'Pleo API error 404 – NOT_FOUND: job not found' }, pairedItem: { item: 0 } },
		]);
	});
});
