// The Return All / Limit pair of every Get Many operation of both nodes.
import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

/**
 * "Return All" and "Limit" (shown while Return All is off). Pass the resource and operation
 * when the fields are not wrapped in updateDisplayOptions.
 */
export function returnAllOrLimit(scope?: {
	resource: string;
	operation: string;
}): INodeProperties[] {
	const show = scope ? { resource: [scope.resource], operation: [scope.operation] } : undefined;
	const returnAll: INodeProperties = {
		displayName: 'Return All',
		name: 'returnAll',
		type: 'boolean',
		default: false,
		description: 'Whether to return all results or only up to a given limit',
	};
	if (show) returnAll.displayOptions = { show };
	return [
		returnAll,
		{
			displayName: 'Limit',
			name: 'limit',
			type: 'number',
			typeOptions: { minValue: 1 },
			default: 50,
			description: 'Max number of results to return',
			displayOptions: { show: { ...show, returnAll: [false] } },
		},
	];
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
