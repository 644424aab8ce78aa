import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import type { ProcountorClient } from '../../transport';

// Scaffolding: replaced by the real operation.
export const description: INodeProperties[] = [];

export async function execute(
	this: IExecuteFunctions,
	_client: ProcountorClient,
	_items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	throw new NodeOperationError(this.getNode(), 'The operation importAccountsToPleo is not available yet');
}
