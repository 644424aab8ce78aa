import type { IDataObject, INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { perItem } from '../../../shared/perItem';
import { collection } from '../../../shared/descriptions';
import { archivedField, taxTypeOptions } from '../../helpers/descriptions';
import { unwrap } from '../../helpers/utils';
import type { PleoClient } from '../../transport';

const properties: INodeProperties[] = [
	{ displayName: 'Name', name: 'name', type: 'string', default: '', required: true },
	{ displayName: 'Code', name: 'code', type: 'string', default: '', required: true },
	{
		displayName: 'Rate',
		name: 'rate',
		type: 'number',
		typeOptions: { minValue: 0, maxValue: 1, numberPrecision: 4 },
		default: 0,
		required: true,
		description: 'The tax rate as a decimal, e.g. 0.255 for 25.5 %',
	},
	{
		displayName: 'Type',
		name: 'type',
		type: 'options',
		options: taxTypeOptions,
		default: 'inclusive',
	},
	collection('additionalFields', [
		archivedField('Whether the tax code is archived'),
		{
			displayName: 'Ingoing Tax Account',
			name: 'ingoingTaxAccount',
			type: 'string',
			default: '',
		},
		{
			displayName: 'Outgoing Tax Account',
			name: 'outgoingTaxAccount',
			type: 'string',
			default: '',
		},
	]),
];

const displayOptions = { show: { resource: ['taxCode'], operation: ['create'] } };

export const description = updateDisplayOptions(displayOptions, properties);

export const execute = perItem(async function (client: PleoClient, i) {
	const companyId = await client.companyId();
	const rate = this.getNodeParameter('rate', i) as number;
	if (typeof rate !== 'number' || !Number.isFinite(rate) || rate < 0 || rate > 1) {
		throw new NodeOperationError(this.getNode(), 'Rate must be a decimal between 0 and 1', {
			itemIndex: i,
		});
	}
	const fields = this.getNodeParameter('additionalFields', i, {}) as IDataObject;
	const body: IDataObject = {
		companyId,
		name: this.getNodeParameter('name', i) as string,
		code: this.getNodeParameter('code', i) as string,
		rate,
		type: this.getNodeParameter('type', i) as string,
		archived: fields.archived === true,
	};
	if (fields.ingoingTaxAccount) body.ingoingTaxAccount = fields.ingoingTaxAccount;
	if (fields.outgoingTaxAccount) body.outgoingTaxAccount = fields.outgoingTaxAccount;
	return unwrap(await client.request('POST', '/v0/tax-codes', { body }));
});
