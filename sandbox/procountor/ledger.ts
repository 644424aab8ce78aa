// Ledger receipts (journals): search, get, create (validated by rules.ts), approve and
// invalidate. A receiptDate outside an OPEN tracking period of an open fiscal year -> 409
// CLOSED_FISCAL_PERIOD (also for /invalidate). Wrong receipt status -> 409 INVALID_STATUS.
// Invalidation and what GET shows follow the behaviours (behaviours.ts).
import { fail, HttpError, listParam, ts, type SandboxRuntime } from './context';
import { periodIsOpen, validateLedgerReceipt } from './rules';
import { filterCreated, filterDates, page } from './search';
import type { ProcountorBehaviours } from './behaviours';
import type { CompanyState, LedgerReceipt } from './types';

export const findReceipt = (c: CompanyState, id: number) =>
	c.ledgerReceipts.find((r) => r.id === id);

/**
 * A ledger receipt as GET answers it. `attachments` follows the behaviour receiptAttachments:
 * every file ('listed'), only files referencing the ledger receipt itself ('ledgerReceiptOnly')
 * or no field ('absent').
 */
export function receiptOut(
	r: LedgerReceipt,
	mode: ProcountorBehaviours['receiptAttachments'] = 'listed',
) {
	const { createdAt: _c, vatPostings: _v, attachments, ...rest } = r;
	const listed =
		mode === 'listed'
			? attachments
			: attachments.filter((a) => a.referenceType === 'LEDGERRECEIPT');
	return {
		...rest,
		transactions: r.transactions.map((t) => ({
			...t,
			dimensionItemValues: [...t.dimensionItemValues],
		})),
		...(mode === 'absent' ? {} : { attachments: listed.map((a) => ({ ...a })) }),
	};
}

function receiptBasic(r: LedgerReceipt) {
	return {
		id: r.id,
		type: r.type,
		status: r.status,
		name: r.name,
		receiptDate: r.receiptDate,
		receiptNumber: r.receiptNumber,
		invoiceNumber: r.invoiceNumber,
		created: r.created,
		version: r.version,
	};
}

export function searchReceipts(
	company: CompanyState,
	url: URL,
	invalidated: ProcountorBehaviours['invalidatedInSearch'] = 'listed',
) {
	let list = filterDates(url, company.ledgerReceipts, (r) => r.receiptDate);
	const asked = listParam(url, 'status') ?? listParam(url, 'statuses');
	if (invalidated === 'hidden' && !asked?.includes('INVALIDATED'))
		list = list.filter((r) => r.status !== 'INVALIDATED');
	list = filterCreated(company, url, list);
	const types = listParam(url, 'types');
	if (types) list = list.filter((r) => types.includes(r.type));
	const statuses = listParam(url, 'status') ?? listParam(url, 'statuses');
	if (statuses) list = list.filter((r) => statuses.includes(r.status));
	const p = page(url, list);
	return { results: p.results.map(receiptBasic), meta: p.meta };
}

export function createReceipt(sb: SandboxRuntime, company: CompanyState, url: URL, body: unknown) {
	const { state } = sb;
	const recon = (url.searchParams.get('createReconciliation') ?? '').toLowerCase() === 'true';
	const result = validateLedgerReceipt(company, body, recon, () => state.counters.transactionId++);
	if (!result.ok) throw new HttpError(result.httpStatus, result.errors);
	const t = sb.now();
	const receipt: LedgerReceipt = {
		id: state.counters.receiptId++,
		type: 'JOURNAL',
		status: 'UNFINISHED',
		...result.draft,
		receiptNumber: company.nextReceiptNumber++,
		invoiceNumber: company.nextInvoiceNumber++,
		invoiceId: state.counters.invoiceId++,
		created: ts(sb, company, t),
		version: ts(sb, company, t),
		createdAt: t,
		attachments: [],
	};
	company.ledgerReceipts.push(receipt);
	sb.log('created ledger receipt', receipt.id, receipt.name);
	return receiptOut(receipt, sb.state.behaviours.receiptAttachments);
}

export function changeStatus(
	sb: SandboxRuntime,
	company: CompanyState,
	id: number,
	action: 'approve' | 'invalidate',
) {
	const r = findReceipt(company, id);
	if (!r) fail(404, 'id', 'NOT_FOUND', `ledger receipt ${id} not found`);
	if (action === 'approve') {
		if (r.status !== 'UNFINISHED') {
			fail(
				409,
				'status',
				'INVALID_STATUS',
				`only UNFINISHED receipts can be approved (is ${r.status})`,
			);
		}
		r.status = 'APPROVED';
	} else {
		const mode = sb.state.behaviours.invalidation;
		if (mode === 'forbidden') {
			fail(403, '', 'FORBIDDEN', 'the user has no right to invalidate ledger receipts');
		}
		if (r.status === 'INVALIDATED')
			fail(409, 'status', 'INVALID_STATUS', 'receipt is already INVALIDATED');
		if (mode === 'unfinishedOnly' && r.status !== 'UNFINISHED') {
			fail(
				409,
				'status',
				'INVALID_STATUS',
				`only UNFINISHED receipts can be invalidated (is ${r.status})`,
			);
		}
		if (!periodIsOpen(company, r.receiptDate)) {
			fail(409, 'receiptDate', 'CLOSED_FISCAL_PERIOD', `${r.receiptDate} is in a closed period`);
		}
		r.status = 'INVALIDATED';
	}
	let t = sb.now();
	// versions must change even when the clock did not move
	while (ts(sb, company, t) <= r.version) t += 1;
	r.version = ts(sb, company, t);
	return receiptOut(r, sb.state.behaviours.receiptAttachments);
}
