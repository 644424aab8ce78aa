import type { IDataObject, ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';

import { PleoClient } from '../transport';

interface Page {
	data?: IDataObject[];
	pagination?: { endCursor?: string | null; hasNextPage?: boolean };
}

/** Export jobs, newest first within Pleo's order; pending and in-progress ones are the useful ones. */
export async function searchExportJobs(
	this: ILoadOptionsFunctions,
	_filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	const pleo = new PleoClient(this);
	const companyId = await pleo.companyId();
	const qs: IDataObject = { company_id: companyId, limit: 50 };
	if (paginationToken) qs.after = paginationToken;
	const page = await pleo.request<Page>('GET', '/v3/export-jobs', { qs });
	return {
		results: (page.data ?? []).map((job) => ({
			name: `${String(job.createdAt ?? '')} · ${String(job.status)} · ${String(job.numberOfItems ?? 0)} items`,
			value: String(job.id),
		})),
		paginationToken: page.pagination?.hasNextPage
			? (page.pagination.endCursor ?? undefined)
			: undefined,
	};
}

export async function searchTagGroups(
	this: ILoadOptionsFunctions,
	filter?: string,
): Promise<INodeListSearchResult> {
	const pleo = new PleoClient(this);
	const companyId = await pleo.companyId();
	const page = await pleo.request<Page>('GET', '/v0/tag-groups', {
		qs: { company_id: companyId },
	});
	const needle = (filter ?? '').toLowerCase();
	return {
		results: (page.data ?? [])
			.filter(
				(g) =>
					!needle ||
					String(g.name).toLowerCase().includes(needle) ||
					String(g.code).toLowerCase().includes(needle),
			)
			.map((g) => ({ name: `${String(g.name)} (${String(g.code)})`, value: String(g.id) })),
	};
}

/** Webhook subscriptions, shown by endpoint URL and events; the filter matches the URL. */
export async function searchSubscriptions(
	this: ILoadOptionsFunctions,
	filter?: string,
): Promise<INodeListSearchResult> {
	const subscriptions = await new PleoClient(this).getAllPages('GET', '/v1/subscriptions', {
		limit: 500,
	});
	const needle = (filter ?? '').toLowerCase();
	return {
		results: subscriptions
			.filter(
				(s) =>
					!needle ||
					String(s.endpointUrl ?? '')
						.toLowerCase()
						.includes(needle),
			)
			.map((s) => ({
				name: `${String(s.endpointUrl)} · ${((s.eventTypes as string[] | undefined) ?? []).join(', ')} · ${String(s.status)}`,
				value: String(s.id),
			})),
	};
}
