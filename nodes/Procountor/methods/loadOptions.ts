import type { IDataObject, ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';
import { ProcountorClient } from '../transport';

interface VatDefaults {
	vatInformation?: Array<{
		country?: string;
		percentages?: Array<{ vatPercent: number; purchase?: boolean; sales?: boolean }>;
	}>;
	vatStatuses?: Array<{
		vatStatus: number;
		description?: string;
		purchase?: boolean;
		sales?: boolean;
	}>;
}

export async function getVatStatuses(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const vats = await new ProcountorClient(this).request<VatDefaults>('GET', '/vats/default');
	return (vats.vatStatuses ?? [])
		.filter((s) => s.purchase !== false)
		.map((s) => ({
			name: `${s.vatStatus} ${s.description ?? ''}`.trim(),
			value: s.vatStatus,
			description: [s.purchase ? 'purchases' : '', s.sales ? 'sales' : '']
				.filter(Boolean)
				.join(', '),
		}));
}

export async function getVatPercentages(
	this: ILoadOptionsFunctions,
): Promise<INodePropertyOptions[]> {
	const vats = await new ProcountorClient(this).request<VatDefaults>('GET', '/vats/default');
	const rates = new Set<number>();
	for (const info of vats.vatInformation ?? []) {
		for (const p of info.percentages ?? []) if (p.purchase !== false) rates.add(p.vatPercent);
	}
	return [...rates].sort((a, b) => b - a).map((r) => ({ name: `${r} %`, value: r }));
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
