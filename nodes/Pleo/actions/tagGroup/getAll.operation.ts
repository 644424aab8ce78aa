import type { IDataObject, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { perItem } from '../../../shared/perItem';
import { getLimit, returnAllOrLimit, takeLimit } from '../../../shared/returnAllOrLimit';
import { optionsWithCompanyId } from '../../helpers/descriptions';
import { getCompanyOverride } from '../../helpers/utils';
import type { PleoClient } from '../../transport';

const properties: INodeProperties[] = [
	...returnAllOrLimit(),
	optionsWithCompanyId({
		displayName: 'Include Archived',
		name: 'includeArchived',
		type: 'boolean',
		default: false,
		description: 'Whether to include archived tag groups',
	}),
];

const displayOptions = { show: { resource: ['tagGroup'], operation: ['getAll'] } };

export const description = updateDisplayOptions(displayOptions, properties);

export const execute = perItem(async function (client: PleoClient, i) {
	const options = this.getNodeParameter('options', i, {}) as IDataObject;
	const companyId = await client.companyId(getCompanyOverride.call(this, i));
	const limit = getLimit.call(this, i);
	// tag groups are not paginated
	const response = await client.request('GET', '/v0/tag-groups', {
		qs: { company_id: companyId, include_archived: options.includeArchived === true },
	});
	const groups = (Array.isArray(response.data) ? response.data : []) as IDataObject[];
	return takeLimit(groups, limit);
});
