// Tag › Archive and Tag › Unarchive against a stub PleoClient: the same batch operation with the
// flag set either way (all input items in batches of at most 100 per call). Each operation's test
// file runs these cases for its own operation.
import type { PleoClient } from '../../../../../nodes/Pleo/transport';
import type { OperationExecute } from '../../../../../nodes/shared/perItem';
import { fakeContext, pleoApiErrorOf, run, stubPleo } from '../../stubs';

type OperationModule = { execute: OperationExecute<PleoClient> };

const items = (n: number) => Array.from({ length: n }, (_, k) => ({ json: { id: `t${k}` } }));

export function describeArchiveFlag(
	operation: 'Archive' | 'Unarchive',
	op: OperationModule,
	archived: boolean,
): void {
	describe(`Pleo › Tag › ${operation}`, () => {
		it('sends the tags of 250 items in three calls, one output item per input', async () => {
			const client = stubPleo({ 'POST /v0/tags/archive': {} });
			const input = items(250);
			const ctx = fakeContext({ items: input, params: (i) => ({ tagId: `t${i}` }) });
			const out = await run(op, ctx, client);
			const bodies = client.calls.map(
				(c) => c.options.body as { tagIds: string[]; archived: boolean; companyId: string },
			);
			expect(bodies.map((b) => b.tagIds.length)).toEqual([100, 100, 50]);
			expect(bodies.every((b) => b.archived === archived && b.companyId === 'company-1')).toBe(
				true,
			);
			// setting a flag to a fixed value may be retried
			expect(client.calls[0].options.idempotent).toBe(true);
			expect(out).toHaveLength(250);
			expect(out[249]).toEqual({
				json: { tagId: 't249', archived },
				pairedItem: { item: 249 },
			});
		});

		it('an item without a tag ID fails the run, or is an error item with Continue On Fail', async () => {
			const client = stubPleo({ 'POST /v0/tags/archive': {} });
			const params = (i: number) => ({ tagId: i === 0 ? ' ' : 't1' });
			await expect(run(op, fakeContext({ items: items(2), params }), client)).rejects.toMatchObject(
				{
					message: 'The item has no tag ID',
					context: { itemIndex: 0 },
				},
			);
			expect(client.calls).toEqual([]);
			const out = await run(
				op,
				fakeContext({ items: items(2), params, continueOnFail: true }),
				client,
			);
			expect(out).toEqual([
				{ json: { error: 'The item has no tag ID' }, pairedItem: { item: 0 } },
				{ json: { tagId: 't1', archived }, pairedItem: { item: 1 } },
			]);
		});

		it('a refused batch fails with the index of its first item; Continue On Fail marks every item of it', async () => {
			const client = stubPleo({
				'POST /v0/tags/archive': () => {
					throw pleoApiErrorOf(400, 'unknown tag');
				},
			});
			const params = (i: number) => ({ tagId: `t${i}` });
			await expect(run(op, fakeContext({ items: items(2), params }), client)).rejects.toMatchObject(
				{
					context: { itemIndex: 0 },
				},
			);
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
}
