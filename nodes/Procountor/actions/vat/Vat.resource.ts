import type { INodeProperties } from 'n8n-workflow';
import * as getCountryRates from './getCountryRates.operation';
import * as getDefaults from './getDefaults.operation';

export { getCountryRates, getDefaults };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['vat'] } },
		options: [
			{
				name: 'Get Country Rates',
				value: 'getCountryRates',
				action: 'Get VAT rates of a country',
				description: 'Get the VAT percentages in use in a country',
			},
			{
				name: 'Get Defaults',
				value: 'getDefaults',
				action: 'Get the company VAT defaults',
				description: 'Get the VAT percentages and VAT statuses the company can use',
			},
		],
		default: 'getDefaults',
	},
	...getCountryRates.description,
	...getDefaults.description,
];
