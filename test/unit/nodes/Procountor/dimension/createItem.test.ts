// Dimension › Create Item against a stub Procountor client.
import * as op from '../../../../../nodes/Procountor/actions/dimension/createItem.operation';
import {
	fakeContext,
	inputs,
	pairing,
	procountorApiError,
	rl,
	run,
	stubProcountor,
} from '../../stubs';

describe('Procountor › Dimension › Create Item', () => {
	it('POSTs the trimmed code, the description and a passive status, never retried', async () => {
		const client = stubProcountor({
			'POST /dimensions/201/items': ({ body }) => ({ id: 77, ...(body as object) }),
		});
		const ctx = fakeContext({
			items: inputs({}, {}),
			params: (i) => ({
				dimensionId: rl('201'),
				codeName: i === 0 ? ' 300 ' : '400',
				additionalFields: i === 0 ? { description: 'Marketing', active: false } : {},
			}),
		});
		const out = await run(op, ctx, client);
		expect(client.request).toHaveBeenNthCalledWith(1, 'POST', '/dimensions/201/items', {
			body: { codeName: '300', description: 'Marketing', status: 'P' },
			retry: 'never',
		});
		expect(client.request).toHaveBeenNthCalledWith(2, 'POST', '/dimensions/201/items', {
			body: { codeName: '400' },
			retry: 'never',
		});
		expect(out.map((o) => o.json.id)).toEqual([77, 77]);
		expect(pairing(out)).toEqual([{ item: 0 }, { item: 1 }]);
	});

	it('refuses an empty code before any request', async () => {
		const client = stubProcountor();
		const ctx = fakeContext({
			params: { dimensionId: rl('201'), codeName: '  ', additionalFields: {} },
		});
		await expect(run(op, ctx, client)).rejects.toMatchObject({
			message: 'The dimension item needs a code',
			context: { itemIndex: 0 },
		});
		expect(client.request).not.toHaveBeenCalled();
	});

	it("a refused create fails its item with Procountor's field message; Continue On Fail goes on", async () => {
		const client = stubProcountor({
			'POST /dimensions/201/items': ({ body }) => {
				if ((body as { codeName: string }).codeName === 'dup')
					throw procountorApiError(400, 'Code already exists', 'codeName');
				return { id: 78 };
			},
		});
		const ctx = fakeContext({
			items: inputs({}, {}),
			continueOnFail: true,
			params: (i) => ({
				dimensionId: rl('201'),
				codeName: i === 0 ? 'dup' : 'ok',
				additionalFields: {},
			}),
		});
		expect(await run(op, ctx, client)).toEqual([
			{ json: { error: 'Procountor: codeName: Code already exists' }, pairedItem: { item: 0 } },
			{ json: { id: 78 }, pairedItem: { item: 1 } },
		]);
	});
});
