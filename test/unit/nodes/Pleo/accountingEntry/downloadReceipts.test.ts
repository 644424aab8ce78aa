// Accounting Entry › Download Receipts against a stub PleoClient and a fake pre-signed download.
import * as op from '../../../../../nodes/Pleo/actions/accountingEntry/downloadReceipts.operation';
import { fakeContext, inputs, pleoApiErrorOf, run, stubPleo } from '../../stubs';

const RECEIPTS = {
	data: [
		{ id: 'r1', mimeType: 'application/pdf', url: 'https://files.example/r1?sig=1' },
		{ id: 'r2', mimeType: 'image/heic', url: 'https://files.example/r2?sig=2' },
		{ id: 'r3', mimeType: 'image/png' },
	],
};

describe('Pleo › Accounting Entry › Download Receipts', () => {
	it('one binary item per receipt with a URL; the URL is used unauthenticated and not output', async () => {
		const client = stubPleo({ 'GET /v1/accounting-entries/ae-1/receipts': RECEIPTS });
		const ctx = fakeContext({
			items: inputs({}, {}),
			params: (i) => ({
				accountingEntryId: 'ae-1',
				binaryPropertyName: i === 0 ? 'data' : 'receipt',
			}),
			httpRequest: async (o) => Buffer.from(`file ${String(o.url)}`),
		});
		const out = await run(op, ctx, client);
		expect(client.calls[0].options).toEqual({ qs: { limit: 100 } });
		expect(out.map((o) => [o.json.id, Object.keys(o.binary ?? {}), o.pairedItem])).toEqual([
			['r1', ['data'], { item: 0 }],
			['r2', ['data'], { item: 0 }],
			['r1', ['receipt'], { item: 1 }],
			['r2', ['receipt'], { item: 1 }],
		]);
		expect(out[0].binary?.data).toMatchObject({ fileName: 'r1.pdf', mimeType: 'application/pdf' });
		expect(out[1].binary?.data.fileName).toBe('r2.heic');
		expect(out[0].json).toEqual({
			id: 'r1',
			mimeType: 'application/pdf',
			accountingEntryId: 'ae-1',
		});
		expect(ctx.helpers.httpRequestWithAuthentication).not.toHaveBeenCalled();
	});

	it('a failed download names the receipt and the entry; Continue On Fail keeps the other items', async () => {
		const client = stubPleo({
			'GET /v1/accounting-entries/ae-1/receipts': RECEIPTS,
			'GET /v1/accounting-entries/ae-2/receipts': () => {
				throw pleoApiErrorOf(404, 'not found', 'NOT_FOUND');
			},
		});
		const fail = async () => {
			throw new Error('403 expired signature');
		};
		await expect(
			run(
				op,
				fakeContext({
					params: { accountingEntryId: 'ae-1', binaryPropertyName: 'data' },
					httpRequest: fail,
				}),
				client,
			),
		).rejects.toMatchObject({
			message: 'Could not download receipt r1 of accounting entry ae-1',
			context: { itemIndex: 0 },
		});
		const ctx = fakeContext({
			items: inputs({}, {}),
			continueOnFail: true,
			params: (i) => ({ accountingEntryId: i === 0 ? 'ae-2' : 'ae-1', binaryPropertyName: 'data' }),
			httpRequest: async () => Buffer.from('x'),
		});
		const out = await run(op, ctx, client);
		expect(out[0]).toEqual({
			json: { error: 'Pleo API error 404 – NOT_FOUND: not found' },
			pairedItem: { item: 0 },
		});
		expect(out.slice(1).map((o) => o.pairedItem)).toEqual([{ item: 1 }, { item: 1 }]);
	});
});
