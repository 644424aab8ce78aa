// The "done when": Pleo Trigger → Set Contra Accounts → Map Category → Export Expense →
// Pleo › Export Item › Report Results → Pleo › Export Job › Complete exports the seeded job end to
// end in the harness (the bookkeeper's click delivers a signed webhook over loopback HTTP), and
// running the job again posts nothing new.
import type { IDataObject } from 'n8n-workflow';
import { findTagInName, idempotencyTag } from '../../../nodes/Procountor/core';
import { startPleoSandbox, type PleoSandbox } from '../../../sandbox/pleo';
import { startProcountorSandbox, type ProcountorSandbox } from '../../../sandbox/procountor';
import {
	createHarness,
	findOne,
	getOne,
	startTriggerHost,
	type Harness,
	type TriggerHost,
} from '../../harness';
import { exportFlowWorkflow, procountorApiKeyCredentials } from '../helpers';

let pc: ProcountorSandbox;
let pleo: PleoSandbox;
let h: Harness;
let host: TriggerHost;

const workflow = exportFlowWorkflow;

beforeAll(async () => {
	pc = await startProcountorSandbox();
	pleo = await startPleoSandbox({ webhookRetryDelaysMs: [50, 100] });
	h = await createHarness({
		credentials: {
			procountorApi: procountorApiKeyCredentials(pc),
			pleoApi: {
				apiKey: pleo.apiKey,
				environment: 'custom',
				baseUrl: pleo.url,
				companyId: pleo.companyId,
			},
		},
	});
	host = await startTriggerHost(h);
	await host.activate(workflow(), 'Pleo Trigger');
});
afterAll(async () => {
	await host?.close();
	await pc?.close();
	await pleo?.close();
});

const journals = () => pc.state.companies[1001].ledgerReceipts;
const expenseByNote = (note: string) =>
	findOne(pleo.state.expenses.values(), (e) => e.note === note, `expense "${note}"`);
const expense = (id: string) => getOne(pleo.state.expenses, id, 'Pleo expense');

describe('Pleo → Procountor export flow', () => {
	let firstJobId = '';
	let allIds: string[] = [];

	test('the seeded job is exported end to end and completed with errors', async () => {
		const job = await pleo.clickExport();
		firstJobId = job.id;
		await pleo.waitForDeliveries();
		const [run] = await host.waitForExecutions(1);
		expect(run.error).toBeUndefined();

		const rec = getOne(pleo.state.jobs, job.id, 'Pleo job');
		allIds = rec.items.map((i) => i.accountingEntryId);
		expect(allIds.length).toBe(job.numberOfItems);
		const item = (note: string) =>
			findOne(rec.items, (i) => i.accountingEntryId === expenseByNote(note).id, `item "${note}"`);

		// the failures Pleo shows under "Review errors", with their reasons
		expect(item('Team dinner with partners')).toMatchObject({
			status: 'failed',
			failureReasonType: 'receipt_file_size_limit_exceeded',
		});
		expect(item('Desk lamp')).toMatchObject({ status: 'failed', failureReasonType: 'tag_unknown' });
		expect(item('Miscellaneous purchase')).toMatchObject({
			status: 'failed',
			failureReasonType: 'account_unknown',
		});
		for (const i of rec.items.filter((x) => x.status === 'failed'))
			expect(String(i.failureReason).length).toBeGreaterThan(20);

		// every other expense is a journal with its receipts, linked back in Pleo
		const ok = rec.items.filter((i) => i.status === 'successful');
		expect(ok.length).toBe(allIds.length - 3);
		expect(journals()).toHaveLength(ok.length);
		for (const i of ok) {
			const j = findOne(
				journals(),
				(x) => String(x.id) === i.externalId,
				`journal ${i.externalId}`,
			);
			expect(findTagInName(j.name)).toBe(idempotencyTag(i.accountingEntryId));
			expect(j.attachments).toHaveLength(expense(i.accountingEntryId).fileIds.length);
			expect(i.exportedAt).toEqual(expect.any(String));
		}
		expect(expense(item('Printer ink and paper').accountingEntryId).exportStatus).toBe('EXPORTED');

		expect(rec.job.status).toBe('completed_with_errors');
		expect(run.json('Complete Job')).not.toHaveLength(0);
	});

	test('a redelivered webhook is acknowledged without a second run', async () => {
		const delivered = findOne(
			pleo.deliveries,
			(d) => d.eventType === 'v1.export-job.created' && d.status === 200,
			'delivered export-job webhook',
		);
		const before = pc.requests.length;
		await pleo.redeliver(delivered.id);
		await pleo.waitForDeliveries();
		expect(host.executions).toHaveLength(1);
		expect(pc.requests.length).toBe(before);
	});

	test('exporting the same expenses again posts nothing new', async () => {
		const countBefore = journals().length;
		const attachmentsBefore = pc.state.companies[1001].attachments.length;
		const job = await pleo.clickExport({ accountingEntryIds: allIds });
		expect(job.id).not.toBe(firstJobId);
		await pleo.waitForDeliveries();
		const runs = await host.waitForExecutions(2);
		expect(runs[1].error).toBeUndefined();
		expect(journals()).toHaveLength(countBefore);
		expect(pc.state.companies[1001].attachments).toHaveLength(attachmentsBefore);
		expect(
			pc.requests.filter(
				(r) => r.method === 'POST' && r.path === '/api/ledgerreceipts' && r.status === 200,
			),
		).toHaveLength(countBefore);

		const rec = getOne(pleo.state.jobs, job.id, 'Pleo job');
		expect(rec.items.filter((i) => i.status === 'successful')).toHaveLength(countBefore);
		const exported = runs[1].json('Export Expense').filter((o) => o.status === 'successful');
		expect(exported.every((o) => (o.procountor as IDataObject).reused === true)).toBe(true);
		expect(rec.job.status).toBe('completed_with_errors');
	});
});
