// Attachment › Upload against a stub Procountor client and a fake binary input.
import * as op from '../../../../../nodes/Procountor/actions/attachment/upload.operation';
import { binaryFile, fakeContext, procountorApiError, run, stubProcountor } from '../../stubs';

const pdf = binaryFile('%PDF-1.4 receipt', 'receipt.pdf', 'application/pdf');

describe('Procountor › Attachment › Upload', () => {
	it("attaches the input's file to the invoice of the ledger receipt", async () => {
		const client = stubProcountor({
			'GET /ledgerreceipts/500001': { id: 500001, invoiceId: 9001 },
			'POST /attachments': ({ meta, file, mimeType }) => ({
				id: 1,
				meta,
				bytes: (file as Buffer).length,
				mimeType,
			}),
		});
		const ctx = fakeContext({
			items: [{ json: {}, binary: { data: pdf } }],
			params: { ledgerReceiptId: ' 500001 ', binaryPropertyName: 'data', options: {} },
		});
		const out = await run(op, ctx, client);
		expect(out).toEqual([
			{
				json: {
					id: 1,
					meta: { name: 'receipt.pdf', referenceType: 'INVOICE', referenceId: 9001 },
					bytes: 16,
					mimeType: 'application/pdf',
				},
				pairedItem: { item: 0 },
			},
		]);
	});

	it('Options › File Name replaces the name; a name without an extension is refused with the fix', async () => {
		const client = stubProcountor({
			'GET /ledgerreceipts/1': { invoiceId: 2 },
			'POST /attachments': ({ meta }) => meta,
		});
		const items = [{ json: {}, binary: { data: binaryFile('x', 'scan', 'image/png') } }];
		const ok = fakeContext({
			items,
			params: {
				ledgerReceiptId: '1',
				binaryPropertyName: 'data',
				options: { fileName: 'scan.png' },
			},
		});
		expect((await run(op, ok, client))[0].json.name).toBe('scan.png');
		const bad = fakeContext({
			items,
			params: { ledgerReceiptId: '1', binaryPropertyName: 'data', options: {} },
		});
		await expect(run(op, bad, client)).rejects.toMatchObject({
			message: 'The file name "scan" has no extension',
			description: expect.stringContaining('Options › File Name'),
		});
	});

	it('refuses a non-numeric receipt ID, a file over 10,000,000 bytes and a receipt without invoice', async () => {
		const client = stubProcountor({ 'GET /ledgerreceipts/7': { id: 7 } });
		const params = { binaryPropertyName: 'data', options: {} };
		const small = [{ json: {}, binary: { data: pdf } }];
		await expect(
			run(op, fakeContext({ items: small, params: { ...params, ledgerReceiptId: 'abc' } }), client),
		).rejects.toMatchObject({ message: '"abc" is not a ledger receipt ID' });
		const big = [
			{
				json: {},
				binary: { data: binaryFile(Buffer.alloc(10_000_001), 'big.pdf', 'application/pdf') },
			},
		];
		await expect(
			run(op, fakeContext({ items: big, params: { ...params, ledgerReceiptId: '7' } }), client),
		).rejects.toMatchObject({
			message: expect.stringContaining('Procountor accepts at most 10,000,000 bytes'),
		});
		await expect(
			run(op, fakeContext({ items: small, params: { ...params, ledgerReceiptId: '7' } }), client),
		).rejects.toMatchObject({ message: 'Ledger receipt 7 has no invoice to attach files to' });
		expect(client.uploadAttachment).not.toHaveBeenCalled();
	});

	it('a missing binary property and a refused upload become error items with Continue On Fail', async () => {
		const client = stubProcountor({
			'GET /ledgerreceipts/1': { invoiceId: 2 },
			'POST /attachments': () => {
				throw procountorApiError(400, 'Unsupported file type', 'file');
			},
		});
		const ctx = fakeContext({
			continueOnFail: true,
			items: [{ json: {} }, { json: {}, binary: { data: pdf } }],
			params: { ledgerReceiptId: '1', binaryPropertyName: 'data', options: {} },
		});
		const out = await run(op, ctx, client);
		expect(out[0]).toEqual({
			json: { error: expect.stringContaining("binary file 'data'") },
			pairedItem: { item: 0 },
		});
		expect(out[1]).toEqual({
			json: { error: 'Procountor: file: Unsupported file type' },
			pairedItem: { item: 1 },
		});
	});
});
