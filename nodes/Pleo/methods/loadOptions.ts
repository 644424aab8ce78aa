import type { ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';

import { PleoClient } from '../transport';
import type { IDataObject } from 'n8n-workflow';

export async function getTagGroups(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const pleo = new PleoClient(this);
	const companyId = await pleo.companyId();
	const response = await pleo.request('GET', '/v0/tag-groups', {
		qs: { company_id: companyId },
	});
	const groups = (Array.isArray(response.data) ? response.data : []) as IDataObject[];
	return groups
		.map((g) => ({ name: `${String(g.name)} (${String(g.code)})`, value: String(g.id) }))
		.sort((a, b) => a.name.localeCompare(b.name));
}

export async function getTaxCodes(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const pleo = new PleoClient(this);
	const companyId = await pleo.companyId();
	const codes = await pleo.getAllPages('POST', '/v0/tax-codes:search', {
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
