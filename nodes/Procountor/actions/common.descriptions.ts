import type { INodeProperties } from 'n8n-workflow';

/** Ledger account locator: searchable list (code and name) or a code typed in. */
export const ledgerAccountLocator = (
	name: string,
	displayName: string,
	description: string,
	required = true,
): INodeProperties => ({
	displayName,
	name,
	type: 'resourceLocator',
	default: { mode: 'list', value: '' },
	required,
	description,
	modes: [
		{
			displayName: 'From List',
			name: 'list',
			type: 'list',
			typeOptions: { searchListMethod: 'searchLedgerAccounts', searchable: true },
		},
		{
			displayName: 'By Code',
			name: 'id',
			type: 'string',
			placeholder: 'e.g. 1940',
			validation: [
				{
					type: 'regex',
					properties: {
						regex: '^[0-9A-Za-z]{1,10}$',
						errorMessage: 'Not a valid ledger account code',
					},
				},
			],
		},
	],
});

export const dimensionLocator: INodeProperties = {
	displayName: 'Dimension',
	name: 'dimensionId',
	type: 'resourceLocator',
	default: { mode: 'list', value: '' },
	required: true,
	description: 'The Procountor dimension, such as cost centres or projects',
	modes: [
		{
			displayName: 'From List',
			name: 'list',
			type: 'list',
			typeOptions: { searchListMethod: 'searchDimensions', searchable: true },
		},
		{
			displayName: 'By ID',
			name: 'id',
			type: 'string',
			placeholder: 'e.g. 201',
			validation: [
				{
					type: 'regex',
					properties: { regex: '^[0-9]+$', errorMessage: 'Not a valid dimension ID' },
				},
			],
		},
	],
};

/** Options › Requests per Second: a lower cap than the credential's for one node (the lower wins). */
export const requestsPerSecondOption: INodeProperties = {
	displayName: 'Requests per Second',
	name: 'requestsPerSecond',
	type: 'number',
	typeOptions: { minValue: 1, maxValue: 60 },
	default: 19,
	description:
		"A lower cap for this node's Procountor calls than the credential's Requests per Second (the lower of the two wins). Leave it out to use the credential's.",
};
