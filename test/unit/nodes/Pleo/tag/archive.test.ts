// Tag › Archive against a stub PleoClient: all input items in batches of at most 100 per call.
import * as op from '../../../../../nodes/Pleo/actions/tag/archive.operation';
import { fakeContext, pleoApiErrorOf, run, stubPleo } from '../../stubs';

const items = (n: number) => Array.from({ length: n }, (_, k) => ({ json: { id: `t${k}` } }));

describe('Pleo › Tag › Archive', () => {
	it('sends the tags of 250 items in three calls, one output item per input', async () => {
		const client = stubPleo({ 'POST /v0/tags/archive': {} });
		const input = items(250);
		const ctx = fakeContext({ items: input, params: (i) => ({ tagId: `t${i}` }) });
		const out = await run(op, ctx, client);
		const bodies = client.calls.map(
			(c) => c.options.body as { tagIds: string[]; archived: boolean; companyId: string },
		);
		expect(bodies.map((b) => b.tagIds.length)).toEqual([100, 100, 50]);
		expect(bodies.every((b) => b.archived === true && b.companyId === 'company-1')).toBe(true);
		// setting a flag to a fixed value may be retried
		expect(client.calls[0].options.idempotent).toBe(true);
		expect(out).toHaveLength(250);
		expect(out[249]).toEqual({
			json: { tagId: 't249', archived: true },
			pairedItem: { item: 249 },
		});
	});

	it('an item without a tag ID fails the run, or is an error item with Continue On Fail', async () => {
		const client = stubPleo({ 'POST /v0/tags/archive': {} });
		const params = (i: number) => ({ tagId: i === 0 ? ' ' : 't1' });
		await expect(run(op, fakeContext({ items: items(2), params }), client)).rejects.toMatchObject({
			message: 'The item has no tag ID',
			context: { itemIndex: 0 },
		});
		expect(client.calls).toEqual([]);
		const out = await run(
			op,
			fakeContext({ items: items(2), params, continueOnFail: true }),
			client,
		);
		expect(out).toEqual([
			{ json: { error: 'The item has no tag ID' }, pairedItem: { item: 0 } },
			{ json: { tagId: 't1', archived: true }, pairedItem: { item: 1 } },
		]);
	});

	it('a refused batch fails with the index of its first item; Continue On Fail marks every item of it', async () => {
		const client = stubPleo({
			'POST /v0/tags/archive': () => {
				throw pleoApiErrorOf(400, 'unknown tag');
			},
		});
		const params = (i: number) => ({ tagId: `t${i}` });
		await expect(run(op, fakeContext({ items: items(2), params }), client)).rejects.toMatchObject({
			context: { itemIndex: 0 },
		});
		const out = await run(
			op,
			fakeContext({ items: items(2), params, continueOnFail: true }),
			client,
		);
		expect(out).toEqual([
			{
				json: { tagId: 't0', error: 'Pleo API error 400 – VALIDATION: unknown tag' },
				pairedItem: { item: 0 },
			},
			{
				json: { tagId: 't1', error: 'Pleo API error 400 – VALIDATION: unknown tag' },
				pairedItem: { item: 1 },
			},
		]);
	});
});
