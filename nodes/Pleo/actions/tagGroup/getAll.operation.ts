import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { optionsWithCompanyId, returnAllAndLimit } from '../../helpers/descriptions';
import { forEachItem, getCompanyOverride, getLimit, takeLimit } from '../../helpers/utils';
import { getPleoCompanyId, pleoApiRequest } from '../../transport';

const properties: INodeProperties[] = [
	...returnAllAndLimit(),
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

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	return await forEachItem.call(this, items, async (i) => {
		const options = this.getNodeParameter('options', i, {}) as IDataObject;
		const companyId = await getPleoCompanyId.call(this, getCompanyOverride.call(this, i));
		const limit = getLimit.call(this, i);
		// tag groups are not paginated
		const response = (await pleoApiRequest.call(this, 'GET', '/v0/tag-groups', {
			qs: { company_id: companyId, include_archived: options.includeArchived === true },
		})) as IDataObject;
		const groups = (Array.isArray(response.data) ? response.data : []) as IDataObject[];
		return takeLimit(groups, limit);
	});
}
