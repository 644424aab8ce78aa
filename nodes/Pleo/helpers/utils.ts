import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

/** Reads a resource locator parameter's value as a trimmed string. */
export function getLocatorValue(this: IExecuteFunctions, name: string, itemIndex: number): string {
	const value = this.getNodeParameter(name, itemIndex, '', { extractValue: true }) as unknown;
	return String(value ?? '').trim();
}

/** The optional company ID override from "Options" or a top-level field. */
export function getCompanyOverride(this: IExecuteFunctions, itemIndex: number): string | undefined {
	const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const value = typeof options.companyId === 'string' ? options.companyId.trim() : '';
	return value || undefined;
}

/** Unwraps Pleo's `{data: …}` envelope. */
export function unwrap(response: unknown): IDataObject {
	if (response && typeof response === 'object' && 'data' in response) {
		return (response as { data: IDataObject }).data;
	}
	return (response ?? {}) as IDataObject;
}

/** Parses an optional JSON metadata field into string key/value pairs. */
export function parseMetadata(
	this: IExecuteFunctions,
	value: unknown,
	itemIndex: number,
): Record<string, string> | undefined {
	if (value === undefined || value === null || value === '') return undefined;
	let parsed: unknown = value;
	if (typeof value === 'string') {
		try {
			parsed = JSON.parse(value);
		} catch {
			throw new NodeOperationError(this.getNode(), 'Metadata must be a JSON object', { itemIndex });
		}
	}
	if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
		throw new NodeOperationError(this.getNode(), 'Metadata must be a JSON object', { itemIndex });
	}
	const out: Record<string, string> = {};
	for (const [k, v] of Object.entries(parsed as Record<string, unknown>)) out[k] = String(v);
	return Object.keys(out).length ? out : undefined;
}

/** "completed_with_errors" → "Completed With Errors" */
export function optionLabel(value: string): string {
	return value
		.split('_')
		.map((w) => w.charAt(0).toUpperCase() + w.slice(1))
		.join(' ');
}
