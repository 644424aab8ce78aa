// Invoices: search, get and create (a minimal validation of the fields the nodes send).
import { fail, HttpError, listParam, ts, type SandboxRuntime } from './context';
import { checkText, err, isValidDate, periodIsOpen, type FieldError } from './rules';
import { filterCreated, filterDates, page } from './search';
import type { CompanyState, Invoice } from './types';

export function invoiceOut(i: Invoice) {
	const { createdAt: _c, ...rest } = i;
	return rest;
}

export function searchInvoices(company: CompanyState, url: URL) {
	let list = filterDates(url, company.invoices, (r) => r.date);
	list = filterCreated(company, url, list);
	const types = listParam(url, 'types');
	if (types) list = list.filter((r) => types.includes(r.type));
	const statuses = listParam(url, 'status');
	if (statuses) list = list.filter((r) => statuses.includes(r.status));
	const oin = url.searchParams.get('originalInvoiceNumber');
	if (oin) list = list.filter((r) => r.originalInvoiceNumber === oin);
	const inr = url.searchParams.get('invoiceNumber');
	if (inr) list = list.filter((r) => String(r.invoiceNumber) === inr);
	const p = page(url, list);
	return { results: p.results.map(invoiceOut), meta: p.meta };
}

export function createInvoice(sb: SandboxRuntime, company: CompanyState, body: unknown) {
	if (typeof body !== 'object' || body === null || Array.isArray(body)) {
		fail(400, '', 'INVALID_BODY', 'JSON object expected');
	}
	const b = body as Record<string, unknown>;
	const errors: FieldError[] = [];
	const types = ['BILL_OF_CHARGES', 'TRAVEL_INVOICE', 'PURCHASE_INVOICE', 'SALES_INVOICE'];
	if (!types.includes(String(b.type)))
		errors.push(err('type', 'INVALID_VALUE', `type must be one of ${types}`));
	if (!isValidDate(b.date))
		errors.push(err('date', 'FIELD_REQUIRED', 'date YYYY-MM-DD is required'));
	const cp = (b.counterParty as Record<string, any> | undefined)?.counterPartyAddress;
	checkText(errors, 'counterParty.counterPartyAddress.name', cp?.name, 80, true);
	const pi = b.paymentInfo as Record<string, unknown> | undefined;
	if (!pi || typeof pi.currency !== 'string') {
		errors.push(err('paymentInfo.currency', 'FIELD_REQUIRED', 'may not be null'));
	}
	if (!Array.isArray(b.invoiceRows) || b.invoiceRows.length === 0) {
		errors.push(err('invoiceRows', 'FIELD_REQUIRED', 'at least one row is required'));
	}
	checkText(errors, 'originalInvoiceNumber', b.originalInvoiceNumber, 40, false);
	checkText(errors, 'notes', b.notes, 10000, false);
	checkText(errors, 'additionalInformation', b.additionalInformation, 10000, false);
	if (errors.length) throw new HttpError(400, errors);
	if (!periodIsOpen(company, b.date as string)) {
		fail(409, 'date', 'CLOSED_FISCAL_PERIOD', `${String(b.date)} is in a closed period`);
	}
	const t = sb.now();
	const invoice: Invoice = {
		...b,
		id: sb.state.counters.invoiceId++,
		type: String(b.type),
		status: 'UNFINISHED',
		date: b.date as string,
		invoiceNumber: company.nextInvoiceNumber++,
		created: ts(sb, company, t),
		createdAt: t,
		version: ts(sb, company, t),
	};
	company.invoices.push(invoice);
	return invoiceOut(invoice);
}
