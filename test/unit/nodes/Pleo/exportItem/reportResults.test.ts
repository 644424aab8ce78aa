// Export Item › Report Results against a stub PleoClient: results grouped by job, batches of at
// most Batch Size, Pleo's per-item errors, refused inputs, Continue On Fail.
import * as op from '../../../../../nodes/Pleo/actions/exportItem/reportResults.operation';
import { fakeContext, pleoApiErrorOf, run, stubPleo } from '../../stubs';

const ok = (id: string, jobId = 'job-1') => ({
	json: {
		accountingEntryId: id,
		jobId,
		status: 'successful',
		externalId: `J-${id}`,
		exportedAt: '2026-03-14T10:00:00Z',
	},
});
const failed = (id: string) => ({
	json: {
		accountingEntryId: id,
		jobId: 'job-1',
		status: 'failed',
		failureReasonType: 'no_such_type',
		failureReason: 'x'.repeat(300),
	},
});
const params =
	(o: object = {}) =>
	(_: number) => ({ reportJobId: '', options: o });
const fromJson =
	(items: Array<{ json: { jobId?: string } }>, o: object = {}) =>
	(i: number) => ({
		reportJobId: items[i].json.jobId ?? '',
		options: o,
	});

describe('Pleo › Export Item › Report Results', () => {
	it('PUTs the results of each job in batches and outputs every input with reported: true', async () => {
		const client = stubPleo({
			'PUT /v3/export-jobs/job-1/items': {},
			'PUT /v3/export-jobs/job-2/items': {},
		});
		const items = [ok('a'), ok('b', 'job-2'), ok('c'), failed('d')];
		const out = await run(
			op,
			fakeContext({ items, params: fromJson(items, { batchSize: 2, failureReasonMaxLength: 50 }) }),
			client,
		);
		expect(
			client.calls.map((c) => [
				c.path,
				(c.options.body as Array<{ accountingEntryId: string }>).map((r) => r.accountingEntryId),
			]),
		).toEqual([
			['/v3/export-jobs/job-1/items', ['a', 'c']],
			['/v3/export-jobs/job-1/items', ['d']],
			['/v3/export-jobs/job-2/items', ['b']],
		]);
		const sent = (
			client.calls[1].options.body as Array<{ failureReasonType: string; failureReason: string }>
		)[0];
		// an unknown failure type becomes unexpected_failure; the reason is cut to the option's length
		expect(sent.failureReasonType).toBe('unexpected_failure');
		expect(sent.failureReason.length).toBeLessThanOrEqual(50);
		expect(client.calls[0].options.qs).toEqual({ company_id: 'company-1' });
		expect(out.map((o) => [o.json.accountingEntryId, o.json.reported, o.pairedItem])).toEqual([
			['a', true, { item: 0 }],
			['b', true, { item: 1 }],
			['c', true, { item: 2 }],
			['d', true, { item: 3 }],
		]);
	});

	it("Pleo's per-item errors mark those items reported: false with the reason", async () => {
		const client = stubPleo({
			'PUT /v3/export-jobs/job-1/items': {
				errors: [{ accountingEntryId: 'b', type: 'INVALID_STATE', message: 'already exported' }],
			},
		});
		const items = [ok('a'), ok('b')];
		const out = await run(op, fakeContext({ items, params: fromJson(items) }), client);
		expect(out[1].json).toMatchObject({
			reported: false,
			reportError: { type: 'INVALID_STATE', message: 'already exported' },
		});
		expect(out[0].json.reported).toBe(true);
	});

	it('an item without job ID or with a bad status fails the run, or is output unreported', async () => {
		const client = stubPleo({ 'PUT /v3/export-jobs/job-1/items': {} });
		const items = [
			{ json: { accountingEntryId: 'x', status: 'successful' } },
			{ json: { accountingEntryId: 'y', jobId: 'job-1', status: 'done' } },
			ok('z'),
		];
		await expect(run(op, fakeContext({ items, params: params() }), client)).rejects.toMatchObject({
			message: 'The item has no export job ID',
			context: { itemIndex: 0 },
		});
		const out = await run(
			op,
			fakeContext({ items, params: fromJson(items), continueOnFail: true }),
			client,
		);
		expect(out.map((o) => [o.json.reported, o.json.error, o.pairedItem])).toEqual([
			[false, 'The item has no export job ID', { item: 0 }],
			[false, 'Item y has status "done"; expected successful, failed or in_progress', { item: 1 }],
			[true, undefined, { item: 2 }],
		]);
	});

	it('a refused PUT fails with its first item, or marks each item of the batch unreported', async () => {
		const client = stubPleo({
			'PUT /v3/export-jobs/job-1/items': () => {
				throw pleoApiErrorOf(409, 'job expired', 'JOB_EXPIRED');
			},
		});
		const items = [ok('a'), ok('b')];
		await expect(
			run(op, fakeContext({ items, params: fromJson(items) }), client),
		).rejects.toMatchObject({
			context: { itemIndex: 0 },
		});
		const out = await run(
			op,
			fakeContext({ items, params: fromJson(items), continueOnFail: true }),
			client,
		);
		expect(out.map((o) => [o.json.reported, o.json.error, o.pairedItem])).toEqual([
			[false, 'Pleo API error 409 – JOB_EXPIRED: job expired', { item: 0 }],
			[false, 'Pleo API error 409 – JOB_EXPIRED: job expired', { item: 1 }],
		]);
	});
});
