import type { IDataObject, INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { perItem } from '../../../shared/perItem';
import { getLimit, returnAllOrLimit } from '../../../shared/returnAllOrLimit';
import { collection } from '../../../shared/descriptions';
import { optionsWithCompanyId } from '../../helpers/descriptions';
import { getCompanyOverride, optionLabel } from '../../helpers/utils';
import type { PleoClient } from '../../transport';

const upperOptions = (values: string[]) =>
	values
		.map((value) => ({ name: optionLabel(value.toLowerCase()), value }))
		.sort((a, b) => a.name.localeCompare(b.name));

const properties: INodeProperties[] = [
	...returnAllOrLimit(),
	collection('filters', [
		{
			displayName: 'Date Field',
			name: 'dateField',
			type: 'options',
			options: [
				{ name: 'Bookkeeping Date', value: 'bookkeepingDate' },
				{ name: 'Performed At', value: 'performedAt' },
				{ name: 'Settled At', value: 'settledAt' },
			],
			default: 'performedAt',
			description: 'Which date From and To filter on (Pleo allows one date range)',
		},
		{
			displayName: 'Employee IDs',
			name: 'employeeIds',
			type: 'string',
			default: '',
			description: 'Comma-separated employee UUIDs',
		},
		{
			displayName: 'Export Statuses',
			name: 'exportStatus',
			type: 'multiOptions',
			options: upperOptions([
				'CREATED',
				'NOT_CREATED',
				'NOT_EXPORTED',
				'QUEUED',
				'EXPORTING',
				'EXPORTED',
			]),
			default: [],
		},
		{
			displayName: 'Families',
			name: 'families',
			type: 'multiOptions',
			options: upperOptions([
				'BALANCE_AMENDMENT',
				'BILL_INVOICE',
				'BILL_INVOICE_PAYMENT',
				'CARD_PURCHASE',
				'CASHBACK',
				'CREDIT_NOTE',
				'MILEAGE',
				'OUT_OF_POCKET',
				'OVERDRAFT',
				'PER_DIEM',
				'PLEO_INVOICE',
				'REIMBURSEMENT',
				'WALLET',
			]),
			default: [],
		},
		{
			displayName: 'From',
			name: 'from',
			type: 'dateTime',
			default: '',
		},
		{
			displayName: 'Include Deleted',
			name: 'includeDeleted',
			type: 'boolean',
			default: false,
			description: 'Whether to include deleted entries',
		},
		{
			displayName: 'Statuses',
			name: 'status',
			type: 'multiOptions',
			options: upperOptions([
				'DRAFT',
				'PENDING',
				'COMPLETED',
				'COMPLETED_EXTERNALLY',
				'CANCELLED',
				'REJECTED',
				'ERROR',
			]),
			default: [],
		},
		{
			displayName: 'Tag Groups Without Tag Names or IDs',
			name: 'tagGroupIdsUnset',
			type: 'multiOptions',
			typeOptions: { loadOptionsMethod: 'getTagGroups' },
			default: [],
			description:
				'Only entries that have no tag in these groups. Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
		},
		{
			displayName: 'Tax Code Names or IDs',
			name: 'taxCodeIds',
			type: 'multiOptions',
			typeOptions: { loadOptionsMethod: 'getTaxCodes' },
			default: [],
			description:
				'Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>',
		},
		{
			displayName: 'To',
			name: 'to',
			type: 'dateTime',
			default: '',
		},
	]),
	optionsWithCompanyId(),
];

const displayOptions = { show: { resource: ['accountingEntry'], operation: ['search'] } };

export const description = updateDisplayOptions(displayOptions, properties);

function toIso(value: unknown): string | undefined {
	if (typeof value !== 'string' || !value) return undefined;
	const date = new Date(value);
	return Number.isNaN(date.getTime()) ? undefined : date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** The search body (AccountingEntryBaseSearchRequest) from the node's filters. */
export function buildSearchBody(filters: IDataObject): IDataObject {
	const body: IDataObject = { includeDeleted: filters.includeDeleted === true };
	for (const key of [
		'exportStatus',
		'families',
		'status',
		'taxCodeIds',
		'tagGroupIdsUnset',
	] as const) {
		const values = filters[key] as string[] | undefined;
		if (values?.length) body[key] = values;
	}
	if (typeof filters.employeeIds === 'string' && filters.employeeIds.trim()) {
		body.employeeIds = filters.employeeIds
			.split(',')
			.map((s) => s.trim())
			.filter(Boolean);
	}
	const field = (filters.dateField as string | undefined) ?? 'performedAt';
	const from = toIso(filters.from);
	const to = toIso(filters.to);
	if (from) body[`${field}Start`] = from;
	if (to) body[`${field}End`] = to;
	return body;
}

export const execute = perItem(async function (client: PleoClient, i) {
	const companyId = await client.companyId(getCompanyOverride.call(this, i));
	const filters = this.getNodeParameter('filters', i, {}) as IDataObject;
	const body = buildSearchBody(filters);
	if (Array.isArray(body.employeeIds) && body.employeeIds.length > 100) {
		throw new NodeOperationError(this.getNode(), 'Pleo accepts at most 100 employee IDs', {
			itemIndex: i,
		});
	}
	const limit = getLimit.call(this, i);
	return await client.getAllPages('POST', '/v1/accounting-entries:search', {
		qs: { company_id: companyId },
		body,
		limit,
		idempotent: true,
	});
});
