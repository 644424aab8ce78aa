import type { INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';
import { perItem } from '../../../shared/perItem';
import type { ProcountorClient } from '../../transport';

const properties: INodeProperties[] = [
	{
		displayName: 'Country Code',
		name: 'countryCode',
		type: 'string',
		default: 'FI',
		required: true,
		placeholder: 'FI',
		description: 'Two-letter ISO 3166-1 country code',
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['vat'], operation: ['getCountryRates'] } },
	properties,
);

export const execute = perItem(async function (client: ProcountorClient, i) {
	const countryCode = String(this.getNodeParameter('countryCode', i)).trim().toUpperCase();
	if (!/^[A-Z]{2}$/.test(countryCode)) {
		throw new NodeOperationError(
			this.getNode(),
			`"${countryCode}" is not a two-letter country code`,
			{
				itemIndex: i,
				description: 'Use an ISO 3166-1 alpha-2 code such as FI, SE or DE.',
			},
		);
	}
	const r = await client.request('GET', '/vats/country', { qs: { countryCode } });
	return { countryCode, ...r };
});
