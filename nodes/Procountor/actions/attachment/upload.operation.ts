import type { IDataObject, INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';
import { perItem } from '../../../shared/perItem';
import type { ProcountorClient } from '../../transport';
import { collection } from '../../../shared/descriptions';

const MAX_BYTES = 10_000_000;

const properties: INodeProperties[] = [
	{
		displayName: 'Ledger Receipt ID',
		name: 'ledgerReceiptId',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. 500001',
		description:
			'The journal to attach the file to. The file is attached to its hidden invoice (reference type INVOICE), as Procountor requires for journals.',
	},
	{
		displayName: 'Input Binary Field',
		name: 'binaryPropertyName',
		type: 'string',
		default: 'data',
		required: true,
		hint: 'The name of the input binary field holding the file',
	},
	collection('options', [
		{
			displayName: 'File Name',
			name: 'fileName',
			type: 'string',
			default: '',
			description:
				'Name to store the file under, with its extension. Defaults to the binary file name.',
		},
	]),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['attachment'], operation: ['upload'] } },
	properties,
);

export const execute = perItem(async function (client: ProcountorClient, i) {
	const receiptId = String(this.getNodeParameter('ledgerReceiptId', i)).trim();
	const binaryPropertyName = this.getNodeParameter('binaryPropertyName', i) as string;
	const options = this.getNodeParameter('options', i) as { fileName?: string };
	if (!/^\d+$/.test(receiptId)) {
		throw new NodeOperationError(this.getNode(), `"${receiptId}" is not a ledger receipt ID`, {
			itemIndex: i,
		});
	}
	const binary = this.helpers.assertBinaryData(i, binaryPropertyName);
	const fileName = (options.fileName || binary.fileName || '').trim();
	if (!/\.[A-Za-z0-9]{2,5}$/.test(fileName)) {
		throw new NodeOperationError(this.getNode(), `The file name "${fileName}" has no extension`, {
			itemIndex: i,
			description:
				'Procountor derives the file type from the extension. Set Options › File Name, e.g. receipt.pdf.',
		});
	}
	const buffer = await this.helpers.getBinaryDataBuffer(i, binaryPropertyName);
	if (buffer.length > MAX_BYTES) {
		throw new NodeOperationError(
			this.getNode(),
			`The file "${fileName}" is ${buffer.length} bytes; Procountor accepts at most 10,000,000 bytes`,
			{ itemIndex: i, description: 'Compress or split the file before uploading it.' },
		);
	}
	const receipt = await client.request<IDataObject>('GET', `/ledgerreceipts/${receiptId}`);
	const invoiceId = Number(receipt.invoiceId);
	if (!invoiceId) {
		throw new NodeOperationError(
			this.getNode(),
			`Ledger receipt ${receiptId} has no invoice to attach files to`,
			{
				itemIndex: i,
			},
		);
	}
	return await client.uploadAttachment(
		{ name: fileName, referenceType: 'INVOICE', referenceId: invoiceId },
		buffer,
		binary.mimeType || 'application/octet-stream',
	);
});
