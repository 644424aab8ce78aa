import type { IDataObject, ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';
import { ProcountorClient } from '../transport';

const matches = (filter: string | undefined, ...texts: Array<unknown>) =>
	!filter ||
	texts.some((t) =>
		String(t ?? '')
			.toLowerCase()
			.includes(filter.toLowerCase()),
	);

export async function searchLedgerAccounts(
	this: ILoadOptionsFunctions,
	filter?: string,
): Promise<INodeListSearchResult> {
	const coa = await new ProcountorClient(this).request<{ ledgerAccounts?: IDataObject[] }>(
		'GET',
		'/coa',
	);
	const results = (coa.ledgerAccounts ?? [])
		.filter((a) => a.active !== false)
		.filter((a) => {
			const en = ((a.translations as IDataObject[]) ?? []).map((t) => t.translation);
			return matches(filter, a.ledgerAccountCode, a.name, ...en);
		})
		.map((a) => {
			const en = ((a.translations as IDataObject[]) ?? []).find(
				(t) => t.languageCode === 'en',
			)?.translation;
			return {
				name: `${String(a.ledgerAccountCode)} ${String(a.name)}${en ? ` (${String(en)})` : ''}`,
				value: String(a.ledgerAccountCode),
			};
		});
	return { results };
}

export async function searchDimensions(
	this: ILoadOptionsFunctions,
	filter?: string,
): Promise<INodeListSearchResult> {
	const dimensions = await new ProcountorClient(this).request<IDataObject[]>('GET', '/dimensions');
	return {
		results: dimensions
			.filter((d) => matches(filter, d.name, d.id))
			.map((d) => ({ name: String(d.name), value: String(d.id) })),
	};
}
