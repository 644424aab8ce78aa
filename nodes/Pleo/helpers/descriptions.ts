import type { INodeProperties } from 'n8n-workflow';

import { collection } from '../../shared/descriptions';

/** A required resource locator: "From List" (a list-search method) or "ID". */
export function locator(
	displayName: string,
	name: string,
	searchListMethod: string,
	searchable: boolean,
	placeholder: string,
): INodeProperties {
	return {
		displayName,
		name,
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		required: true,
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				typeOptions: { searchListMethod, searchable },
			},
			{ displayName: 'ID', name: 'id', type: 'string', placeholder },
		],
	};
}

/** The "Options" collection, always with the company ID override first. */
export function optionsWithCompanyId(...more: INodeProperties[]): INodeProperties {
	return collection('options', [companyIdField, ...more]);
}

/** The "Archived" flag of tags, tag groups and tax codes. */
export function archivedField(description: string): INodeProperties {
	return {
		displayName: 'Archived',
		name: 'archived',
		type: 'boolean',
		default: false,
		description,
	};
}

export const jobIdLocator = locator(
	'Export Job',
	'jobId',
	'searchExportJobs',
	false,
	'e.g. b4c4d068-2f3c-4b8e-9d57-0c8f1d7a1e11',
);

export const tagGroupLocator = locator(
	'Tag Group',
	'tagGroupId',
	'searchTagGroups',
	true,
	'e.g. 6f1c2b0e-1111-4c1d-8e0f-2a3b4c5d6e7f',
);

export const subscriptionLocator = locator(
	'Webhook Subscription',
	'subscriptionId',
	'searchSubscriptions',
	true,
	'e.g. 3f2a1b0c-5d6e-4f70-8a9b-0c1d2e3f4a5b',
);

export const companyIdField: INodeProperties = {
	displayName: 'Company ID',
	name: 'companyId',
	type: 'string',
	default: '',
	description: "Overrides the credential's company ID (for organisation-level keys)",
};

/** The tax types of Pleo tax codes (Tax Code › Create and its Get Many filter). */
export const taxTypeOptions = [
	{ name: 'Exclusive', value: 'exclusive' },
	{ name: 'Inclusive', value: 'inclusive' },
	{ name: 'Reverse Charge', value: 'reverse' },
];

/** The tag of each input item, for Tag › Archive and Unarchive. */
export const tagIdsField: INodeProperties = {
	displayName: 'Tag ID',
	name: 'tagId',
	type: 'string',
	default: '={{ $json.id }}',
	required: true,
	description: 'The tag of each input item; all items are sent in batches of up to 100',
};

/** The accounting entry of Accounting Entry › Get and Download Receipts. */
export const accountingEntryIdField: INodeProperties = {
	displayName: 'Accounting Entry ID',
	name: 'accountingEntryId',
	type: 'string',
	default: '',
	required: true,
};

/** The tag of Tag › Get and Update. */
export const tagIdField: INodeProperties = {
	displayName: 'Tag ID',
	name: 'tagId',
	type: 'string',
	default: '',
	required: true,
};
