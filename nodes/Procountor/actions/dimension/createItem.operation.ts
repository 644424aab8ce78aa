import type { INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';
import { dimensionLocator } from '../common.descriptions';
import { perItem } from '../../../shared/perItem';
import type { ProcountorClient } from '../../transport';
import { collection } from '../../../shared/descriptions';

const properties: INodeProperties[] = [
	dimensionLocator,
	{
		displayName: 'Code',
		name: 'codeName',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. 500',
		description: 'The code of the new dimension item (its codeName), unique within the dimension',
	},
	collection('additionalFields', [
		{
			displayName: 'Description',
			name: 'description',
			type: 'string',
			default: '',
			description: 'The name shown for the item, such as the cost centre name',
		},
		{
			displayName: 'Active',
			name: 'active',
			type: 'boolean',
			default: true,
			description: 'Whether the item can be used on new entries',
		},
	]),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['dimension'], operation: ['createItem'] } },
	properties,
);

export const execute = perItem(async function (client: ProcountorClient, i) {
	const id = this.getNodeParameter('dimensionId', i, '', { extractValue: true }) as string;
	const codeName = String(this.getNodeParameter('codeName', i)).trim();
	const extra = this.getNodeParameter('additionalFields', i) as {
		description?: string;
		active?: boolean;
	};
	if (!codeName) {
		throw new NodeOperationError(this.getNode(), 'The dimension item needs a code', {
			itemIndex: i,
		});
	}
	const body: Record<string, string> = { codeName };
	if (extra.description) body.description = extra.description;
	if (extra.active === false) body.status = 'P';
	return await client.request('POST', `/dimensions/${encodeURIComponent(id)}/items`, {
		body,
		retry: 'never',
	});
});
