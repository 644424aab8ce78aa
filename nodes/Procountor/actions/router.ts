import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import type { OperationExecute } from '../../shared/perItem';
import { ProcountorClient } from '../transport';
import * as attachment from './attachment/Attachment.resource';
import * as company from './company/Company.resource';
import * as dimension from './dimension/Dimension.resource';
import * as fiscalYear from './fiscalYear/FiscalYear.resource';
import * as ledgerAccount from './ledgerAccount/LedgerAccount.resource';
import * as ledgerReceipt from './ledgerReceipt/LedgerReceipt.resource';
import * as pleoExport from './pleoExport/PleoExport.resource';
import * as vat from './vat/Vat.resource';

const resources: Record<string, Record<string, unknown>> = {
	attachment,
	company,
	dimension,
	fiscalYear,
	ledgerAccount,
	ledgerReceipt,
	pleoExport,
	vat,
};

export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const resource = this.getNodeParameter('resource', 0) as string;
	const operation = this.getNodeParameter('operation', 0) as string;
	const op = resources[resource]?.[operation] as
		{ execute?: OperationExecute<ProcountorClient> } | undefined;
	if (!op?.execute) {
		throw new NodeOperationError(
			this.getNode(),
			`The operation "${operation}" of "${resource}" is not supported`,
		);
	}
	// the credential's Requests per Second is the API client's budget; an operation's own option
	// (Export Expense, Reconcile Exports) can only lower it for this node
	const requestsPerSecond = this.getNodeParameter('options.requestsPerSecond', 0, 0) as number;
	const client = new ProcountorClient(this, { requestsPerSecond });
	return [await op.execute.call(this, client, items)];
}
