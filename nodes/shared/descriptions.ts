// Description builders both nodes use.
import type { INodePropertyOptions, INodeProperties } from 'n8n-workflow';

const collections = {
	additionalFields: { displayName: 'Additional Fields', placeholder: 'Add Field' },
	updateFields: { displayName: 'Update Fields', placeholder: 'Add Field' },
	filters: { displayName: 'Filters', placeholder: 'Add Filter' },
	options: { displayName: 'Options', placeholder: 'Add Option' },
} as const;

/** One of the optional collections ("Additional Fields", "Update Fields", "Filters", "Options"). */
export function collection(
	name: keyof typeof collections,
	options: INodeProperties[],
): INodeProperties {
	const { displayName, placeholder } = collections[name];
	return { displayName, name, type: 'collection', placeholder, default: {}, options };
}

/** The choices of an options field, from value → label, in the order given. */
export function choices(labels: Record<string, string>): INodePropertyOptions[] {
	return Object.entries(labels).map(([value, name]) => ({ name, value }));
}
