import type { IDataObject, ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';
import {
	describedKind,
	purchaseVatStatuses,
	REVERSE_CHARGE_LABELS,
	type VatDefaults,
} from '../core';
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

/**
 * The company's purchase VAT statuses with their descriptions (GET /vats/default), for picking a
 * reverse-charge status: each says what its description tells about EU reverse charge.
 */
export async function searchPurchaseVatStatuses(
	this: ILoadOptionsFunctions,
	filter?: string,
): Promise<INodeListSearchResult> {
	const vats = await new ProcountorClient(this).request<VatDefaults>('GET', '/vats/default');
	const says = {
		euServices: `described as ${REVERSE_CHARGE_LABELS.euServices}`,
		euGoods: `described as ${REVERSE_CHARGE_LABELS.euGoods}`,
		generic: 'EU purchases, goods or services not said',
	};
	return {
		results: purchaseVatStatuses(vats)
			.filter((s) => matches(filter, s.vatStatus, s.description))
			.map((s) => {
				const kind = describedKind(s.description ?? '');
				return {
					name: `${s.vatStatus} ${s.description ?? ''}`.trim(),
					value: String(s.vatStatus),
					description: kind ? says[kind] : 'purchases',
				};
			}),
	};
}
