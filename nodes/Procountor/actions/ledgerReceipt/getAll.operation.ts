import type { IDataObject, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';
import { perItem } from '../../../shared/perItem';
import { getLimit, returnAllOrLimit } from '../../../shared/returnAllOrLimit';
import type { ProcountorClient } from '../../transport';
import { choices, collection } from '../../../shared/descriptions';

const properties: INodeProperties[] = [
	collection('filters', [
		{
			displayName: 'Created After',
			name: 'createdStartDate',
			type: 'dateTime',
			default: '',
			description: 'Only receipts created at or after this time',
		},
		{
			displayName: 'Created Before',
			name: 'createdEndDate',
			type: 'dateTime',
			default: '',
			description: 'Only receipts created at or before this time',
		},
		{
			displayName: 'Receipt Date From',
			name: 'startDate',
			type: 'dateTime',
			default: '',
			description: 'Only receipts dated on or after this day',
		},
		{
			displayName: 'Receipt Date To',
			name: 'endDate',
			type: 'dateTime',
			default: '',
			description: 'Only receipts dated on or before this day',
		},
		{
			displayName: 'Status',
			name: 'status',
			type: 'options',
			options: choices({
				APPROVED: 'Approved',
				INVALIDATED: 'Invalidated',
				UNFINISHED: 'Unfinished',
			}),
			default: 'UNFINISHED',
		},
		{
			displayName: 'Types',
			name: 'types',
			type: 'multiOptions',
			options: choices({
				BILL_OF_CHARGES: 'Bill of Charges',
				JOURNAL: 'Journal',
				PURCHASE_INVOICE: 'Purchase Invoice',
				SALES_INVOICE: 'Sales Invoice',
				TRAVEL_INVOICE: 'Travel Invoice',
			}),
			default: [],
		},
	]),
];

export const description: INodeProperties[] = [
	...updateDisplayOptions(
		{ show: { resource: ['ledgerReceipt'], operation: ['getAll'] } },
		properties,
	),
	...returnAllOrLimit({ resource: 'ledgerReceipt', operation: 'getAll' }),
];

const day = (v: string) => v.slice(0, 10);
const dateTime = (v: string) => v.slice(0, 19);

export const execute = perItem(async function (client: ProcountorClient, i) {
	const filters = this.getNodeParameter('filters', i) as IDataObject;
	const limit = getLimit.call(this, i);
	const qs: IDataObject = {};
	if (filters.startDate) qs.startDate = day(String(filters.startDate));
	if (filters.endDate) qs.endDate = day(String(filters.endDate));
	if (filters.createdStartDate) qs.createdStartDate = dateTime(String(filters.createdStartDate));
	if (filters.createdEndDate) qs.createdEndDate = dateTime(String(filters.createdEndDate));
	if (filters.status) qs.status = filters.status;
	if (Array.isArray(filters.types) && filters.types.length) qs.types = filters.types.join(',');
	return await client.getAllPages('/ledgerreceipts', qs, limit);
});
