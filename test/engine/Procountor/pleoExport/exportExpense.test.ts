// Procountor › Pleo Export › Export Expense inside n8n-core's WorkflowExecute, against both
// sandboxes: items come from the Pleo sandbox's export API (files are its pre-signed URLs) and are
// enriched with the core's contra/mapping functions (what Set Contra Accounts and Map Category
// add), so this test depends only on the Export Expense operation.
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';
import {
	idempotencyTag,
	resolveContra,
	resolveLines,
	vatInfoOf,
	type PleoExportItem,
} from '../../../../nodes/Procountor/core';
import { startPleoSandbox, type PleoSandbox } from '../../../../sandbox/pleo';
import {
	startProcountorSandbox,
	type LedgerReceipt,
	type ProcountorSandbox,
} from '../../../../sandbox/procountor';
import { createHarness, findOne, node, type Harness } from '../../../harness';
import { pleoAll } from '../../../sandbox/helpers/pleoClient';
import { procountorApiKeyCredentials } from '../../helpers';

let pc: ProcountorSandbox;
let pleo: PleoSandbox;
let h: Harness;
let seeded: PleoExportItem[];
const JOB_ID = 'job-under-test';

beforeAll(async () => {
	pc = await startProcountorSandbox();
	pleo = await startPleoSandbox();
	h = await createHarness({ credentials: { procountorApi: procountorApiKeyCredentials(pc) } });
	const job = await pleo.clickExport();
	await pleo.waitForDeliveries();
	const { items } = await pleoAll<PleoExportItem>(pleo, 'GET', `/v3/export-items?job_id=${job.id}`);
	seeded = items.map((i) => ({ ...i, jobId: JOB_ID }));
});
afterAll(async () => {
	await pc?.close();
	await pleo?.close();
});
beforeEach(() => pc.reset());

const company = () => pc.state.companies[1001];

/** What Set Contra Accounts and Map Category add to an item. */
function enrich(item: PleoExportItem): PleoExportItem {
	const copy = JSON.parse(JSON.stringify(item)) as PleoExportItem;
	const contra = resolveContra(copy, {
		cardAccount: '1940',
		outOfPocketAccount: '2940',
		reimbursementAccount: '1910',
	});
	if (!contra.ok) return { ...copy, procountor: { failure: contra.failure } };
	const c = company();
	const lines = resolveLines(
		copy,
		{ accountRows: [], taxRows: [] },
		'usePleoCode',
		c.coa.map((a) => ({ code: a.ledgerAccountCode, name: a.name, active: a.active })),
		{
			percentages: c.vat.percentages.map((p) => p.vatPercent),
			statuses: c.vat.vatStatuses.map((s) => ({
				status: s.vatStatus,
				purchase: s.purchase,
				sales: s.sales,
			})),
			// the reverse-charge statuses as Map Category finds them in the company's list
			reverseCharge: vatInfoOf({ vatStatuses: c.vat.vatStatuses }).reverseCharge,
		},
	);
	if (!lines.ok) return { ...copy, procountor: { contra: contra.contra, failure: lines.failure } };
	return { ...copy, procountor: { contra: contra.contra, lines: lines.lines } };
}

function byNote(note: string): PleoExportItem {
	const found = seeded.find((i) => i.note === note);
	if (!found) throw new Error(`no seeded item "${note}"`);
	return enrich(found);
}

async function exportItems(
	items: Array<PleoExportItem | INodeExecutionData>,
	options: IDataObject = {},
) {
	const n = node(
		'Procountor',
		'procountor',
		{ authentication: 'apiKey', resource: 'pleoExport', operation: 'exportExpense', options },
		{
			credentials: { procountorApi: { id: '1', name: 'Procountor key' } },
		},
	);
	const r = await h.run(
		{ nodes: [n], connections: {} },
		{ input: { node: n.name, items: items as IDataObject[] } },
	);
	expect(r.error).toBeUndefined();
	return r.json('Procountor');
}

const cents = (x: number) => Math.round(x * 100);

/** The journal Procountor has under `id` (its ledger receipt ID, as a number or as text). */
const journalById = (id: unknown) =>
	findOne(company().ledgerReceipts, (r) => String(r.id) === String(id), `journal ${String(id)}`);

/** The line of a journal on a ledger account. */
const lineOn = (j: LedgerReceipt, account: string) =>
	findOne(j.transactions, (t) => t.account === account, `line on ${account} in journal ${j.id}`);

function journalFor(item: PleoExportItem): LedgerReceipt[] {
	const tag = idempotencyTag(item.accountingEntryId as string);
	return company().ledgerReceipts.filter((r) => r.name.endsWith(tag));
}

/** Every journal: the lines plus the VAT Procountor generated sum to exactly zero. */
function expectBalanced(r: LedgerReceipt) {
	const tx = r.transactions.reduce((s, t) => s + cents(t.accountingValue), 0);
	const vat = r.vatPostings.reduce((s, p) => s + p.amountCents, 0);
	expect(tx + vat).toBe(0);
}

/**
 * The requests Procountor answered, without its 429s. The sandbox keeps Procountor's limit of 20
 * requests per sliding second, and the client's budget (19 and its token request) fills it exactly:
 * on a loaded machine requests that left the client spaced can arrive bunched, and one is refused.
 * The client sends it again; `expectRateLimitsRetried` (after each test) proves that, and what an
 * export did is counted from the answered requests.
 */
const answered = () => pc.requests.filter((r) => r.status !== 429);
const writes = () => answered().filter((r) => r.method !== 'GET' && !r.path.includes('/oauth/'));

/** Every 429 was followed by the same request again (method and path), which was not refused. */
function expectRateLimitsRetried() {
	const retries = new Set<number>();
	const unanswered = pc.requests.flatMap((r, i) => {
		if (r.status !== 429) return [];
		const retry = pc.requests.findIndex(
			(x, j) =>
				j > i && !retries.has(j) && x.status !== 429 && x.method === r.method && x.path === r.path,
		);
		if (retry === -1) return [`${r.method} ${r.path}`];
		retries.add(retry);
		return [];
	});
	expect(unanswered).toEqual([]);
}
afterEach(expectRateLimitsRetried);

describe('Export Expense', () => {
	test('exports the seeded queue: journals with VAT, dimensions and receipts; failures per item', async () => {
		const items = seeded.map(enrich);
		const out = await exportItems(items);
		expect(out).toHaveLength(items.length);
		const result = (note: string) => out[seeded.findIndex((i) => i.note === note)];

		// failures, each with Pleo's reason type and nothing posted for them
		const large = result('Team dinner with partners');
		expect(large).toMatchObject({
			status: 'failed',
			failureReasonType: 'receipt_file_size_limit_exceeded',
			jobId: JOB_ID,
		});
		expect(String(large.failureReason)).toMatch(/10,000,000 bytes/);
		expect(journalFor(byNote('Team dinner with partners'))).toHaveLength(0);
		const unknownTag = result('Desk lamp');
		expect(unknownTag).toMatchObject({ status: 'failed', failureReasonType: 'tag_unknown' });
		expect(String(unknownTag.failureReason)).toMatch(/999/);
		expect(result('Miscellaneous purchase')).toMatchObject({
			status: 'failed',
			failureReasonType: 'account_unknown',
		});

		const ok = out.filter((o) => o.status === 'successful');
		expect(ok.length).toBe(items.length - 3);
		expect(company().ledgerReceipts).toHaveLength(ok.length);
		for (const o of ok) {
			expect(o).toMatchObject({
				jobId: JOB_ID,
				externalId: expect.stringMatching(/^\d+$/),
				exportedAt: expect.any(String),
			});
			expect(o.externalUrl).toBeUndefined();
			const p = o.procountor as IDataObject;
			expect(p.reused).toBe(false);
			const journal = journalById(p.ledgerReceiptId);
			expect(journal.invoiceId).toBe(p.invoiceId);
			expectBalanced(journal);
			const item = findOne(
				seeded,
				(i) => i.accountingEntryId === o.accountingEntryId,
				`seeded item ${String(o.accountingEntryId)}`,
			);
			expect(journal.attachments.map((a) => a.name)).toEqual(p.attachments);
			expect(journal.attachments).toHaveLength((item.files ?? []).length);
			expect(journal.name.length).toBeLessThanOrEqual(80);
		}
		// every attachment references the journal's hidden invoice, and keeps its extension
		for (const a of company().attachments) {
			const r = journalById(a.ledgerReceiptId);
			expect(a).toMatchObject({ referenceType: 'INVOICE', referenceId: r.invoiceId });
			expect(a.name).toMatch(/^[0-9a-f]{8}-\d\.(jpg|png|pdf)$/);
		}

		// office supplies 63.66 at 25.5 %: net 50.73 to 6800 with cost centre 100, −63.66 to the card
		// account; no net gives exactly 63.66 with Procountor's VAT (50.73 → 12.94), so Procountor adds
		// the one-cent reconciliation line because the node asked for it
		const office = journalFor(byNote('Printer ink and paper'))[0];
		expect(
			office.transactions.map((t) => [
				t.transactionType,
				t.account,
				t.accountingValue,
				t.vatPercent,
			]),
		).toEqual([
			['ENTRY', '6800', 50.73, 25.5],
			['ENTRY', '1940', -63.66, 0],
			['RECONCILIATION_ENTRY', '8990', -0.01, 0],
		]);
		expect(office.transactions.slice(0, 2).map((t) => t.vatStatus)).toEqual([1, 12]);
		expect((result('Printer ink and paper').procountor as IDataObject).reconciled).toBe(true);
		expect(office.transactions[0].dimensionItemValues).toEqual([
			{ dimensionId: 201, itemId: 2011, value: 50.73 },
		]);
		expect(office.receiptDate).toBe('2026-01-12');
		expect(office.attachments[0].name).toMatch(/\.jpg$/);

		// the split hotel bill: three debits with their own VAT and dimensions, one credit
		const hotel = journalFor(byNote('Hotel Tampere, 1 night'))[0];
		const entries = hotel.transactions.filter((t) => t.transactionType === 'ENTRY');
		expect(entries.map((t) => t.account)).toEqual(['7600', '7670', '7680', '1940']);
		expect(entries[3].accountingValue).toBe(-195.5);
		expect(entries[0].dimensionItemValues.map((d) => d.itemId).sort()).toEqual([2012, 2021]);

		// refund: the signs are reversed (credit the expense, debit the card account)
		const refund = journalFor(byNote('Returned printer cartridge'))[0];
		expect(refund.transactions[0]).toMatchObject({ account: '6800', vatPercent: 25.5 });
		expect(refund.transactions[0].accountingValue).toBeLessThan(0);
		expect(lineOn(refund, '1940').accountingValue).toBe(24.9);

		// out-of-pocket credits the employee liability account; EU reverse charge self-assesses
		const taxi = journalFor(byNote('Taxi from airport'))[0];
		const credit = findOne(taxi.transactions, (t) => t.accountingValue < 0, 'credit of the taxi');
		expect(credit.account).toBe('2940');
		const conference = journalFor(byNote('Nordic finance conference ticket'))[0];
		expect(conference.vatPostings.map((v) => v.kind).sort()).toEqual([
			'DEDUCTIBLE_VAT',
			'REVERSE_CHARGE_PAYABLE',
		]);

		// per-execution lookups: company, VAT, dimensions, fiscal years once each; the journal search
		// twice: the idempotency search before posting and the post-then-verify search after
		// (a 429 under load adds the refused request and its retry: counted once, the answered one)
		const gets = answered().filter((r) => r.method === 'GET');
		for (const p of ['/api/company', '/api/vats/default', '/api/dimensions', '/api/fiscalyears']) {
			expect(gets.filter((g) => g.path === p)).toHaveLength(1);
		}
		expect(gets.filter((g) => g.path === '/api/ledgerreceipts')).toHaveLength(2);

		// the same items again: nothing new is posted, every success is reused
		const before = writes().length;
		const again = await exportItems(items);
		expect(writes().length).toBe(before);
		expect(company().ledgerReceipts).toHaveLength(ok.length);
		for (const o of again.filter((x) => x.status === 'successful')) {
			expect((o.procountor as IDataObject).reused).toBe(true);
		}
		expect(again.filter((x) => x.status === 'successful')).toHaveLength(ok.length);
	});

	test('one expense with one receipt costs exactly two Procountor writes', async () => {
		const out = await exportItems([byNote('Printer ink and paper')]);
		expect(out[0].status).toBe('successful');
		expect(writes().map((w) => `${w.method} ${w.path}`)).toEqual([
			'POST /api/ledgerreceipts',
			'POST /api/attachments',
		]);
		// plus the lookups: company, VAT, dimensions, fiscal years, the search before posting and the
		// verification search after it (the token is not a GET)
		const reads = answered().filter((r) => r.method === 'GET');
		expect(reads.map((r) => r.path).sort()).toEqual([
			'/api/company',
			'/api/dimensions',
			'/api/fiscalyears',
			'/api/ledgerreceipts',
			'/api/ledgerreceipts',
			'/api/vats/default',
		]);
	});

	test('wallet currencies other than EUR are converted at the accounting rate, one rate call per currency and day', async () => {
		const base = byNote('Printer ink and paper');
		const usd = enrich({
			...base,
			accountingEntryId: '11111111-aaaa-4aaa-8aaa-000000000001',
			amount: {
				inSupplierCurrency: { currency: 'USD', value: 4900 },
				inWalletCurrency: { currency: 'USD', value: 4900 },
			},
			accountingEntryLines: base.accountingEntryLines!.map((l) => ({
				...l,
				lineAmount: {
					inSupplierCurrency: { currency: 'USD', value: 4900 },
					inWalletCurrency: { currency: 'USD', value: 4900 },
				},
				netAmount: null,
			})),
		});
		const usd2 = { ...usd, accountingEntryId: '11111111-aaaa-4aaa-8aaa-000000000002' };
		const sek = enrich({
			...base,
			accountingEntryId: '11111111-aaaa-4aaa-8aaa-000000000003',
			amount: {
				inSupplierCurrency: { currency: 'SEK', value: 125000 },
				inWalletCurrency: { currency: 'SEK', value: 125000 },
			},
			accountingEntryLines: base.accountingEntryLines!.map((l) => ({
				...l,
				lineAmount: {
					inSupplierCurrency: { currency: 'SEK', value: 125000 },
					inWalletCurrency: { currency: 'SEK', value: 125000 },
				},
				netAmount: null,
			})),
		});
		// a EUR wallet paid in SEK: Pleo converted it (1250.00 SEK → 109.46 EUR)
		const paidInSek = enrich({
			...base,
			accountingEntryId: '11111111-aaaa-4aaa-8aaa-000000000004',
			amount: {
				inSupplierCurrency: { currency: 'SEK', value: 125000 },
				inWalletCurrency: { currency: 'EUR', value: 10946 },
			},
			accountingEntryLines: base.accountingEntryLines!.map((l) => ({
				...l,
				lineAmount: {
					inSupplierCurrency: { currency: 'SEK', value: 125000 },
					inWalletCurrency: { currency: 'EUR', value: 10946 },
				},
				netAmount: null,
			})),
		});
		const out = await exportItems([usd, usd2, sek, paidInSek]);
		expect(out.map((o) => o.status)).toEqual([
			'successful',
			'successful',
			'successful',
			'successful',
		]);
		// both paths say what was converted, in the same words: the original amount and the rate
		const expenseLine = (item: PleoExportItem) => {
			const j = journalFor(item)[0];
			return String(
				findOne(j.transactions, (t) => t.account !== '1940', 'expense line').description,
			);
		};
		expect(expenseLine(sek)).toMatch(/ – orig\. 1250\.00 SEK at 11\.42 SEK\/EUR\b/);
		expect(expenseLine(paidInSek)).toMatch(/ – orig\. 1250\.00 SEK at 11\.419697 SEK\/EUR\b/);
		expect(expenseLine(usd)).toMatch(/ – orig\. 49\.00 USD at 1\.085 USD\/EUR\b/);
		expect(lineOn(journalFor(paidInSek)[0], '1940').accountingValue).toBe(-109.46);
		// 49.00 USD / 1.0850 = 45.16 EUR; 1250.00 SEK / 11.42 = 109.46 EUR
		expect(lineOn(journalFor(usd)[0], '1940').accountingValue).toBe(-45.16);
		expect(lineOn(journalFor(sek)[0], '1940').accountingValue).toBe(-109.46);
		for (const o of out) expectBalanced(journalById(o.externalId));
		const rateCalls = answered().filter((r) => r.path === '/api/currencies/exchangerate');
		expect(rateCalls).toHaveLength(2);
	});

	test('Dry Run outputs the journals and posts nothing', async () => {
		const out = await exportItems([byNote('Printer ink and paper'), byNote('Desk lamp')], {
			dryRun: true,
		});
		expect(out[0]).toMatchObject({ status: 'dry_run', dryRun: true });
		const journal = (out[0].procountor as IDataObject).journal as IDataObject;
		expect(journal).toMatchObject({ type: 'JOURNAL', receiptDate: '2026-01-12' });
		expect(out[1]).toMatchObject({ status: 'failed', failureReasonType: 'tag_unknown' });
		expect(writes()).toHaveLength(0);
		expect(pc.requests.filter((r) => r.path.startsWith('/api/ledgerreceipts'))).toHaveLength(0);
	});

	test('Unknown Tags = Skip the Tag posts the line without that dimension', async () => {
		const out = await exportItems([byNote('Desk lamp')], { unknownTags: 'skip' });
		expect(out[0].status).toBe('successful');
		expect((out[0].procountor as IDataObject).skippedTags).toEqual([
			expect.objectContaining({ code: '999' }),
		]);
		expect(company().ledgerReceipts[0].transactions[0].dimensionItemValues).toEqual([]);
	});

	test('Approve Journals approves, and External URL Template links to the journal', async () => {
		const out = await exportItems([byNote('Printer ink and paper')], {
			approve: true,
			externalUrlTemplate: 'https://procountor.example/receipts/{ID}',
		});
		const p = out[0].procountor as IDataObject;
		expect(p.approved).toBe(true);
		expect(out[0].externalUrl).toBe(`https://procountor.example/receipts/${p.ledgerReceiptId}`);
		expect(company().ledgerReceipts[0].status).toBe('APPROVED');
	});

	test('a connection dropped after the journal was committed does not produce a duplicate', async () => {
		const item = byNote('Printer ink and paper');
		pc.setFaults({ dropAfterCommitNext: 1 });
		const out = await exportItems([item]);
		expect(out[0].status).toBe('successful');
		expect(journalFor(item)).toHaveLength(1);
		expect(
			answered().filter((r) => r.method === 'POST' && r.path === '/api/ledgerreceipts'),
		).toHaveLength(1);
		expect(journalFor(item)[0].attachments).toHaveLength(1);
	});

	test('dropped answers for both the journal and its receipt: found, not posted again', async () => {
		const item = byNote('Printer ink and paper');
		pc.setFaults({ dropAfterCommitNext: 2 });
		const out = await exportItems([item]);
		expect(out[0].status).toBe('successful');
		expect(journalFor(item)).toHaveLength(1);
		expect(journalFor(item)[0].attachments).toHaveLength(1);
		expect(company().attachments).toHaveLength(1);
	});

	test('a failed receipt upload fails the item; the rerun reuses the journal and attaches only the receipt', async () => {
		const item = byNote('Printer ink and paper');
		const bad: INodeExecutionData = {
			json: item as IDataObject,
			binary: {
				receipt: {
					data: Buffer.from('%PDF-1.4 test').toString('base64'),
					mimeType: 'application/x-unknown',
					fileName: 'scan.zzz',
				},
			},
		};
		const first = await exportItems([bad], { receiptsFrom: 'binary' });
		expect(first[0]).toMatchObject({
			status: 'failed',
			failureReasonType: 'receipt_upload_failure',
		});
		expect(String(first[0].failureReason)).toMatch(/Export the expense again/);
		expect(journalFor(item)).toHaveLength(1);
		expect(journalFor(item)[0].attachments).toHaveLength(0);

		pc.requests.length = 0;
		const second = await exportItems([item]);
		expect(second[0]).toMatchObject({ status: 'successful' });
		expect((second[0].procountor as IDataObject).reused).toBe(true);
		expect(journalFor(item)).toHaveLength(1);
		expect(journalFor(item)[0].attachments).toHaveLength(1);
		expect(writes().map((w) => w.path)).toEqual(['/api/attachments']);
	});

	test('a journal whose receipts went missing gets them on the next run', async () => {
		const item = byNote('Hotel Tampere, 1 night');
		await exportItems([item]);
		const j = journalFor(item)[0];
		expect(j.attachments).toHaveLength(2);
		j.attachments.splice(1, 1);
		pc.requests.length = 0;
		const out = await exportItems([item]);
		expect(out[0]).toMatchObject({ status: 'successful' });
		expect(journalFor(item)[0].attachments).toHaveLength(2);
		expect(writes().map((w) => w.path)).toEqual(['/api/attachments']);
	});

	test('a closed fiscal period fails before posting as validation_failure naming date, period and fix', async () => {
		const item = { ...byNote('Printer ink and paper'), date: '2025-06-10T10:00:00Z' };
		pc.requests.length = 0;
		const out = await exportItems([item]);
		expect(out[0]).toMatchObject({ status: 'failed', failureReasonType: 'validation_failure' });
		expect(String(out[0].failureReason)).toMatch(/2025-06-10/);
		expect(String(out[0].failureReason)).toMatch(/closed fiscal year 2025-01-01 – 2025-12-31/);
		expect(String(out[0].failureReason)).toMatch(/Reopen the period in Procountor/);
		expect(String(out[0].failureReason)).toMatch(
			/Post on the First Open Day' to book it on 2026-01-01/,
		);
		expect(company().ledgerReceipts).toHaveLength(0);
		expect(writes()).toEqual([]);
	});

	test('a disabled API licence is reported per item with what to enable', async () => {
		pc.setFaults({ licenceDisabled: true });
		const out = await exportItems([byNote('Printer ink and paper'), byNote('Customer lunch')]);
		for (const o of out) {
			expect(o).toMatchObject({ status: 'failed', failureReasonType: 'authorization_failure' });
			expect(String(o.failureReason)).toMatch(/Allow the usage of invoiceable API clients/);
		}
	});

	test('a bare 403 is reported per item with every likely cause, its fix and the body', async () => {
		pc.setFaults({ bareForbidden: true });
		const out = await exportItems([byNote('Customer lunch')]);
		expect(out[0]).toMatchObject({ status: 'failed', failureReasonType: 'authorization_failure' });
		const reason = String(out[0].failureReason);
		expect(reason).toMatch(/403 Forbidden/);
		expect(reason).toMatch(/"Procountor API" licence is not active/);
		expect(reason).toMatch(/lacks the rights for this company or this call/);
		expect(reason).toMatch(/FORBIDDEN/);
		expect(company().ledgerReceipts).toHaveLength(0);
	});

	test('failures of earlier steps pass through unchanged', async () => {
		const failure = {
			failureReasonType: 'account_unknown',
			failureReason: 'Account 7777 is unknown.',
			step: 'mapCategory',
		};
		const out = await exportItems([
			{ ...byNote('Customer lunch'), procountor: { failure } } as PleoExportItem,
		]);
		expect(out[0]).toMatchObject({
			status: 'failed',
			failureReasonType: 'account_unknown',
			failureReason: 'Account 7777 is unknown.',
			jobId: JOB_ID,
		});
		expect(pc.requests).toHaveLength(0);
	});
});
