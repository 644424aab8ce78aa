import type { ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';

import { getPleoCompanyId, pleoApiRequest, pleoApiRequestAllItems } from '../transport';
import type { IDataObject } from 'n8n-workflow';

export async function getTagGroups(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const companyId = await getPleoCompanyId.call(this);
	const response = (await pleoApiRequest.call(this, 'GET', '/v0/tag-groups', {
		qs: { company_id: companyId },
	})) as IDataObject;
	const groups = (Array.isArray(response.data) ? response.data : []) as IDataObject[];
	return groups
		.map((g) => ({ name: `${String(g.name)} (${String(g.code)})`, value: String(g.id) }))
		.sort((a, b) => a.name.localeCompare(b.name));
}

export async function getTaxCodes(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const companyId = await getPleoCompanyId.call(this);
	const codes = await pleoApiRequestAllItems.call(this, 'POST', '/v0/tax-codes:search', {
		qs: { company_id: companyId },
		body: { archived: false },
		idempotent: true,
	});
	return codes
		.map((c) => ({
			name: `${String(c.code)} – ${String(c.name)}`,
			value: String(c.id),
			description: `Rate ${String(c.rate)}, ${String(c.type)}`,
		}))
		.sort((a, b) => a.name.localeCompare(b.name));
}
