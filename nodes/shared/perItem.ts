// What every operation of both nodes shares: the operation signature, the per-item runner
// (pairedItem on every output, Continue On Fail) and the one error wrapper.
import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

/**
 * An operation's `execute`: both routers call `op.execute.call(this, client, items)`, with a
 * ProcountorClient or a PleoClient.
 */
export type OperationExecute<Client> = (
	this: IExecuteFunctions,
	client: Client,
	items: INodeExecutionData[],
) => Promise<INodeExecutionData[]>;

/** The message of an error for an output item (never includes request details). */
export function errorMessage(error: unknown): string {
	if (error && typeof error === 'object' && 'message' in error) {
		return String((error as { message: unknown }).message);
	}
	return String(error);
}

/**
 * Keeps n8n's own errors (NodeApiError, NodeOperationError, and the transports' subclasses of
 * them), adding the item index when they have none, and wraps anything else in a
 * NodeOperationError for that item.
 */
export function toNodeError(
	ctx: Pick<IExecuteFunctions, 'getNode'>,
	error: unknown,
	itemIndex?: number,
): NodeApiError | NodeOperationError {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) {
		if (itemIndex !== undefined && error.context.itemIndex === undefined) {
			error.context.itemIndex = itemIndex;
		}
		return error;
	}
	return new NodeOperationError(ctx.getNode(), errorMessage(error), { itemIndex });
}

/** The error item Continue On Fail puts out for a failed input item (or group of items). */
export function errorItem(
	error: unknown,
	pairedItem: INodeExecutionData['pairedItem'],
	json: IDataObject = {},
): INodeExecutionData {
	return { json: { ...json, error: errorMessage(error) }, pairedItem };
}

type Records = IDataObject | IDataObject[] | INodeExecutionData[] | unknown[];

/** The output items of one result: records become items; items keep their binary data. */
function pairedItems(result: Records, itemIndex: number): INodeExecutionData[] {
	const records = (Array.isArray(result) ? result : [result]) as IDataObject[];
	return records.map((r) => {
		const isItem = typeof r === 'object' && r !== null && 'json' in r && typeof r.json === 'object';
		const item = (isItem ? r : { json: r }) as INodeExecutionData;
		return { ...item, pairedItem: { item: itemIndex } };
	});
}

/**
 * Runs `fn` for every input item: each record it returns becomes an output item paired with
 * its input (records that are already items keep their binary data); an error becomes a
 * NodeApiError/NodeOperationError with the item index, or an error item when Continue On
 * Fail is on.
 */
export function perItem<Client>(
	fn: (
		this: IExecuteFunctions,
		client: Client,
		itemIndex: number,
		item: INodeExecutionData,
	) => Promise<Records>,
): OperationExecute<Client> {
	return async function (this: IExecuteFunctions, client, items) {
		const out: INodeExecutionData[] = [];
		for (let i = 0; i < items.length; i++) {
			try {
				out.push(...pairedItems(await fn.call(this, client, i, items[i]), i));
			} catch (error) {
				if (this.continueOnFail()) {
					out.push(errorItem(error, { item: i }));
					continue;
				}
				throw toNodeError(this, error, i);
			}
		}
		return out;
	};
}

/**
 * Runs `fn` once, whatever the number of input items (set-up and polling operations): its
 * records become output items paired with the first input item; an error is that item's.
 */
export function runOnce<Client>(
	fn: (this: IExecuteFunctions, client: Client) => Promise<Records>,
): OperationExecute<Client> {
	return async function (this: IExecuteFunctions, client) {
		try {
			return pairedItems(await fn.call(this, client), 0);
		} catch (error) {
			if (this.continueOnFail()) return [errorItem(error, { item: 0 })];
			throw toNodeError(this, error, 0);
		}
	};
}

/**
 * Sends the entries of the input items (one per item that passed its checks) in batches:
 * `send` gives the output JSON of each entry of its batch, in order. A failed batch throws for
 * its first item or, with Continue On Fail, gives `failed(entry, error)` for each of its entries.
 * Every output is paired with its entry's item.
 */
export async function perBatch<Entry extends { index: number }>(
	ctx: IExecuteFunctions,
	batches: Iterable<Entry[]>,
	send: (batch: Entry[]) => Promise<IDataObject[]>,
	failed: (entry: Entry, error: unknown) => IDataObject,
): Promise<INodeExecutionData[]> {
	const out: INodeExecutionData[] = [];
	for (const batch of batches) {
		let jsons: IDataObject[];
		try {
			jsons = await send(batch);
		} catch (error) {
			if (!ctx.continueOnFail()) throw toNodeError(ctx, error, batch[0].index);
			jsons = batch.map((entry) => failed(entry, error));
		}
		batch.forEach((entry, k) => out.push({ json: jsons[k], pairedItem: { item: entry.index } }));
	}
	return out;
}
