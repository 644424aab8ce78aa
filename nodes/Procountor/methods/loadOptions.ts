import type { IDataObject, ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';
import { purchaseVatRates, purchaseVatStatuses, type VatDefaults } from '../core';
import { ProcountorClient } from '../transport';

export async function getVatStatuses(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const vats = await new ProcountorClient(this).request<VatDefaults>('GET', '/vats/default');
	return purchaseVatStatuses(vats).map((s) => ({
		name: `${s.vatStatus} ${s.description ?? ''}`.trim(),
		value: s.vatStatus,
		description: [s.purchase ? 'purchases' : '', s.sales ? 'sales' : ''].filter(Boolean).join(', '),
	}));
}

export async function getVatPercentages(
	this: ILoadOptionsFunctions,
): Promise<INodePropertyOptions[]> {
	const vats = await new ProcountorClient(this).request<VatDefaults>('GET', '/vats/default');
	return purchaseVatRates(vats)
		.sort((a, b) => b - a)
		.map((r) => ({ name: `${r} %`, value: r }));
}

export async function getDimensions(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const dimensions = await new ProcountorClient(this).request<IDataObject[]>('GET', '/dimensions');
	return dimensions.map((d) => ({ name: String(d.name), value: Number(d.id) }));
}

export async function getDimensionItems(
	this: ILoadOptionsFunctions,
): Promise<INodePropertyOptions[]> {
	const dimensionId = this.getCurrentNodeParameter('dimensionId', { extractValue: true }) as string;
	if (!dimensionId) return [];
	const d = await new ProcountorClient(this).request<IDataObject>(
		'GET',
		`/dimensions/${encodeURIComponent(dimensionId)}`,
	);
	return ((d.items as IDataObject[]) ?? []).map((it) => ({
		name: `${String(it.codeName)}${it.description ? ` ${String(it.description)}` : ''}${it.status === 'P' ? ' (inactive)' : ''}`,
		value: Number(it.id),
	}));
}
