import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import type { PleoExportItem, ProcountorAccount, ProcountorState } from '../core';
import { existingFailure, toWindows1252 } from '../core';

/** The value of a resource locator (`{__rl, mode, value}`) or of a plain string parameter. */
export function locatorValue(v: unknown): string {
	if (v && typeof v === 'object' && 'value' in (v as IDataObject))
		return String((v as IDataObject).value ?? '').trim();
	if (v === undefined || v === null) return '';
	return String(v).trim();
}

/**
 * Checks that a configured account exists and is active; throws a NodeOperationError that names
 * the parameter and says how to fix it. Configuration errors stop the node, they are not per-item.
 */
export function assertActiveAccount(
	ctx: IExecuteFunctions,
	coa: ProcountorAccount[],
	code: string,
	parameter: string,
	step: string,
	itemIndex: number,
): void {
	const entry = coa.find((a) => a.code === code);
	if (!entry) {
		throw new NodeOperationError(
			ctx.getNode(),
			`${parameter}: ledger account ${code} does not exist in Procountor`,
			{
				itemIndex,
				description: `Pick an existing account in "${parameter}" of the ${step} step (use "From List" to see the chart of accounts), or create account ${code} in Procountor.`,
			},
		);
	}
	if (!entry.active) {
		throw new NodeOperationError(
			ctx.getNode(),
			`${parameter}: ledger account ${code} '${toWindows1252(entry.name)}' is inactive in Procountor`,
			{
				itemIndex,
				description: `Pick an active account in "${parameter}" of the ${step} step, or activate account ${code} in Procountor's chart of accounts.`,
			},
		);
	}
}

/** The item with `procountor` merged in; everything else (binary included) is kept. */
export function withProcountor(
	item: INodeExecutionData,
	i: number,
	patch: Partial<ProcountorState>,
): INodeExecutionData {
	const json = item.json as PleoExportItem;
	const previous = json.procountor && typeof json.procountor === 'object' ? json.procountor : {};
	const out: INodeExecutionData = {
		json: { ...item.json, procountor: { ...previous, ...patch } as IDataObject },
		pairedItem: { item: i },
	};
	if (item.binary) out.binary = item.binary;
	return out;
}

export function passThrough(item: INodeExecutionData, i: number): INodeExecutionData {
	const out: INodeExecutionData = { json: item.json, pairedItem: { item: i } };
	if (item.binary) out.binary = item.binary;
	return out;
}

/**
 * Runs one export-pipeline step over the items: an item that already carries a failure passes
 * through untouched (binary kept, paired with its input); every other item goes to `step`.
 */
export async function forEachOpenItem(
	items: INodeExecutionData[],
	step: (
		item: INodeExecutionData,
		json: PleoExportItem,
		itemIndex: number,
	) => Promise<INodeExecutionData>,
): Promise<INodeExecutionData[]> {
	const out: INodeExecutionData[] = [];
	for (let i = 0; i < items.length; i++) {
		const item = items[i];
		const json = item.json as PleoExportItem;
		out.push(existingFailure(json) ? passThrough(item, i) : await step(item, json, i));
	}
	return out;
}
