import type { IDataObject, IExecuteFunctions, INode, INodeExecutionData } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

/** Keeps n8n node errors (adding the item index) and wraps anything else. */
export function toNodeError(
	node: INode,
	error: unknown,
	itemIndex?: number,
): NodeApiError | NodeOperationError {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) {
		if (itemIndex !== undefined && error.context.itemIndex === undefined) {
			error.context.itemIndex = itemIndex;
		}
		return error;
	}
	return new NodeOperationError(node, errorMessage(error), { itemIndex });
}

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

/** The message of an error for an output item (never includes request details). */
export function errorMessage(error: unknown): string {
	if (error && typeof error === 'object' && 'message' in error) {
		return String((error as { message: unknown }).message);
	}
	return String(error);
}

/**
 * Runs `fn` for every input item, turning each result into output items paired with the
 * input; honours continueOnFail.
 */
export async function forEachItem(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
	fn: (itemIndex: number) => Promise<IDataObject | IDataObject[]>,
): Promise<INodeExecutionData[]> {
	const out: INodeExecutionData[] = [];
	for (let i = 0; i < items.length; i++) {
		try {
			const result = await fn(i);
			const list = Array.isArray(result) ? result : [result];
			for (const json of list) out.push({ json, pairedItem: { item: i } });
		} catch (error) {
			if (this.continueOnFail()) {
				out.push({ json: { error: errorMessage(error) }, pairedItem: { item: i } });
				continue;
			}
			throw toNodeError(this.getNode(), error, i);
		}
	}
	return out;
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

/** The "Limit" of a Get Many operation, or undefined when "Return All" is on. */
export function getLimit(this: IExecuteFunctions, itemIndex: number): number | undefined {
	const returnAll = this.getNodeParameter('returnAll', itemIndex, false) as boolean;
	return returnAll ? undefined : (this.getNodeParameter('limit', itemIndex, 50) as number);
}

/** The first `limit` entries (all of them when `limit` is undefined). */
export function takeLimit<T>(list: T[], limit: number | undefined): T[] {
	return limit === undefined ? list : list.slice(0, limit);
}

/**
 * forEachItem for operations on one record: `fn` gets the value of the resource locator
 * parameter `name` (trimmed) and the item index.
 */
export async function forEachLocated(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
	name: string,
	fn: (id: string, itemIndex: number) => Promise<IDataObject | IDataObject[]>,
): Promise<INodeExecutionData[]> {
	return await forEachItem.call(this, items, async (i) =>
		fn(getLocatorValue.call(this, name, i), i),
	);
}
