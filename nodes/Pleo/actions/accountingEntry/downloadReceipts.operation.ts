import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { NodeApiError, updateDisplayOptions, type JsonObject } from 'n8n-workflow';

import { perItem } from '../../../shared/perItem';
import { accountingEntryIdField } from '../../helpers/descriptions';
import type { PleoClient } from '../../transport';

const properties: INodeProperties[] = [
	accountingEntryIdField,
	{
		displayName: 'Put Output File in Field',
		name: 'binaryPropertyName',
		type: 'string',
		default: 'data',
		required: true,
		hint: 'The name of the output binary field to put the file in',
	},
];

const displayOptions = { show: { resource: ['accountingEntry'], operation: ['downloadReceipts'] } };

export const description = updateDisplayOptions(displayOptions, properties);

const EXTENSIONS: Record<string, string> = {
	'application/pdf': 'pdf',
	'image/jpeg': 'jpg',
	'image/png': 'png',
	'image/gif': 'gif',
	'image/heic': 'heic',
	'application/xml': 'xml',
	'text/xml': 'xml',
};

/**
 * Downloads a receipt from its pre-signed URL. Deliberately separate from the credential-based
 * transport: the URL carries its own signature, so no Pleo credentials are sent with it.
 */
async function downloadPresignedFile(this: IExecuteFunctions, url: string): Promise<Buffer> {
	const data = await this.helpers.httpRequest({ method: 'GET', url, encoding: 'arraybuffer' });
	return Buffer.from(data as ArrayBuffer);
}

export const execute = perItem(async function (client: PleoClient, i) {
	const id = (this.getNodeParameter('accountingEntryId', i) as string).trim();
	const property = this.getNodeParameter('binaryPropertyName', i, 'data') as string;
	const response = await client.request(
		'GET',
		`/v1/accounting-entries/${encodeURIComponent(id)}/receipts`,
		{ qs: { limit: 100 } },
	);
	const receipts = (Array.isArray(response.data) ? response.data : []) as IDataObject[];
	const output: INodeExecutionData[] = [];
	for (const receipt of receipts) {
		const url = typeof receipt.url === 'string' ? receipt.url : '';
		if (!url) continue;
		let buffer: Buffer;
		try {
			buffer = await downloadPresignedFile.call(this, url);
		} catch (error) {
			throw new NodeApiError(this.getNode(), error as JsonObject, {
				message: `Could not download receipt ${String(receipt.id)} of accounting entry ${id}`,
				itemIndex: i,
			});
		}
		const mimeType = String(receipt.mimeType ?? 'application/octet-stream');
		const fileName = `${String(receipt.id ?? 'receipt')}.${EXTENSIONS[mimeType] ?? 'bin'}`;
		const binary = await this.helpers.prepareBinaryData(buffer, fileName, mimeType);
		const meta: IDataObject = { ...receipt };
		delete meta.url;
		output.push({ json: { ...meta, accountingEntryId: id }, binary: { [property]: binary } });
	}
	return output;
});
