import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';
import type { ProcountorClient } from '../transport';
import { ProcountorApiError, procountorError } from '../transport';

/** Keeps n8n's own errors (with the item index) and turns anything else into a Procountor API error. */
export function toNodeError(
	ctx: IExecuteFunctions,
	error: unknown,
	itemIndex: number,
): NodeApiError | NodeOperationError {
	if (error instanceof NodeOperationError || error instanceof ProcountorApiError) {
		error.context.itemIndex ??= itemIndex;
		return error;
	}
	return procountorError(ctx, error, itemIndex);
}

/** n8n's own errors pass through; anything else becomes a NodeOperationError. */
export function toSetupError(
	ctx: IExecuteFunctions,
	error: unknown,
): NodeApiError | NodeOperationError {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) return error;
	return new NodeOperationError(ctx.getNode(), error as Error);
}

export type OperationExecute = (
	this: IExecuteFunctions,
	client: ProcountorClient,
	items: INodeExecutionData[],
) => Promise<INodeExecutionData[]>;

/**
 * Runs `fn` for every input item: each result record becomes an output item paired
 * with its input; errors become NodeApiError/NodeOperationError with the item index,
 * or an error item when "Continue On Fail" is on.
 */
export function perItem(
	fn: (
		this: IExecuteFunctions,
		client: ProcountorClient,
		itemIndex: number,
		item: INodeExecutionData,
	) => Promise<IDataObject | IDataObject[] | INodeExecutionData[] | unknown[]>,
): OperationExecute {
	return async function (this: IExecuteFunctions, client, items) {
		const out: INodeExecutionData[] = [];
		for (let i = 0; i < items.length; i++) {
			try {
				const result = await fn.call(this, client, i, items[i]);
				const records = (Array.isArray(result) ? result : [result]) as IDataObject[];
				for (const r of records) {
					const isItem =
						typeof r === 'object' && r !== null && 'json' in r && typeof r.json === 'object';
					const item = (isItem ? r : { json: r }) as INodeExecutionData;
					out.push({ ...item, pairedItem: { item: i } });
				}
			} catch (error) {
				if (this.continueOnFail()) {
					out.push({ json: { error: (error as Error).message }, pairedItem: { item: i } });
					continue;
				}
				throw toNodeError(this, error, i);
			}
		}
		return out;
	};
}
