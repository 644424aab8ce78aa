// Reconcile Exports inside n8n-core's WorkflowExecute: the seeded Pleo queue is exported for real
// (Pleo Trigger → … → Export Expense → Report Results → Complete), then the reconciliation of
// January–March 2026 finds nothing on the clean export, and exactly the planted discrepancies
// after each kind is planted in the sandboxes (Pleo admin switch, Procountor's own API).
import axios from 'axios';
import { readFileSync } from 'fs';
import { DateTime } from 'luxon';
import * as path from 'path';
import type { IDataObject, INode } from 'n8n-workflow';
import { idempotencyTag } from '../../../../nodes/Procountor/core';
import { startPleoSandbox, type PleoSandbox } from '../../../../sandbox/pleo';
import { startProcountorSandbox, type ProcountorSandbox } from '../../../../sandbox/procountor';
import {
	createHarness,
	findOne,
	getOne,
	node,
	startTriggerHost,
	type Harness,
	type TriggerHost,
} from '../../../harness';
import {
	apiToken,
	exportFlowWorkflow,
	PC_CREDENTIALS,
	PLEO_CREDENTIALS,
	procountorApiKeyCredentials,
} from '../../helpers';
import { pleoCredentials } from '../../helpers/pleo';

let pc: ProcountorSandbox;
let pleo: PleoSandbox;
let h: Harness;
let host: TriggerHost;
let token: string;

const PC = PC_CREDENTIALS;
const PLEO = PLEO_CREDENTIALS;
const base = { authentication: 'apiKey', resource: 'pleoExport' };

async function reconcileRun(params: IDataObject = {}, options: IDataObject = {}) {
	const n = node(
		'Reconcile',
		'procountor',
		{
			...base,
			operation: 'reconcileExports',
			from: '2026-01-01',
			to: '2026-03-31',
			contraAccounts: '1940, 2940, 1910',
			...params,
			options: { timeZone: 'Europe/Helsinki', ...options },
		},
		{ credentials: { ...PC, ...PLEO } },
	);
	const r = await h.run({ nodes: [n], connections: {} }, { input: { node: n.name, items: [{}] } });
	if (r.error) throw r.error;
	const items = r.items('Reconcile');
	for (const it of items) expect(it.pairedItem).toEqual({ item: 0 });
	const json = items.map((i) => i.json);
	const summary = json.find((j) => j.type === 'summary') as IDataObject & {
		counts: Record<string, number>;
		calls: { pleo: number; procountor: number; total: number };
	};
	return { json, findings: json.filter((j) => j.type === 'finding'), summary };
}
const kindsOf = (findings: IDataObject[]) => findings.map((f) => String(f.kind)).sort();

const journals = () => pc.state.companies[1001].ledgerReceipts;
const journalOf = (accountingEntryId: string) =>
	findOne(
		journals(),
		(j) => j.name.endsWith(idempotencyTag(accountingEntryId)),
		`journal of expense ${accountingEntryId}`,
	);
const expenseOf = (id: string) => getOne(pleo.state.expenses, id, 'Pleo expense');
/** Plants on the Procountor side through its API, as a person would; waits out its rate limit. */
async function api(method: 'post' | 'put', path: string, body?: unknown) {
	for (let attempt = 0; ; attempt++) {
		try {
			return await axios.request({
				method,
				url: `${pc.url}/api${path}`,
				data: body,
				headers: { authorization: `Bearer ${token}` },
			});
		} catch (error) {
			if ((error as { response?: { status?: number } }).response?.status !== 429 || attempt > 5)
				throw error;
			await new Promise((r) => setTimeout(r, 1100));
		}
	}
}

let exported: string[] = [];
let failed: string[] = [];

beforeAll(async () => {
	pc = await startProcountorSandbox();
	pleo = await startPleoSandbox({ webhookRetryDelaysMs: [50, 100] });
	h = await createHarness({
		credentials: {
			procountorApi: procountorApiKeyCredentials(pc),
			pleoApi: pleoCredentials(pleo),
		},
	});
	host = await startTriggerHost(h);
	await host.activate(exportFlowWorkflow(), 'Pleo Trigger');
	const job = await pleo.clickExport();
	await pleo.waitForDeliveries();
	const [run] = await host.waitForExecutions(1);
	expect(run.error).toBeUndefined();
	const rec = getOne(pleo.state.jobs, job.id, 'Pleo job');
	exported = rec.items.filter((i) => i.status === 'successful').map((i) => i.accountingEntryId);
	failed = rec.items.filter((i) => i.status !== 'successful').map((i) => i.accountingEntryId);
	token = await apiToken(pc);
});
afterAll(async () => {
	await host?.close();
	await pc?.close();
	await pleo?.close();
});

describe('Reconcile Exports', () => {
	test('a clean export: no finding but the expenses still in the queue (informational)', async () => {
		expect(exported.length).toBeGreaterThan(8);
		expect(failed).toHaveLength(3);
		const { findings, summary } = await reconcileRun();
		expect(kindsOf(findings)).toEqual(['not_exported', 'not_exported', 'not_exported']);
		expect(findings.map((f) => f.accountingEntryId).sort()).toEqual([...failed].sort());
		expect(summary.clean).toBe(true);
		expect(summary.expenses).toEqual({
			inPeriod: pleo.state.expenses.size,
			exported: exported.length,
			notExported: 3,
			deleted: 0,
		});
		expect(summary.journals).toMatchObject({
			read: exported.length,
			tagged: exported.length,
			valid: exported.length,
		});
		// the card and out-of-pocket expenses in EUR match in cents on both sides
		const eur = (summary.pleoTotals as IDataObject).EUR as IDataObject;
		expect(eur.minors).toEqual(expect.any(Number));
		// O(pages): 1 Pleo page, Procountor company + 1 journal page + 1 detail batch
		expect(summary.calls).toEqual({ pleo: 1, procountor: 3, total: 4 });

		const quiet = await reconcileRun({}, { includeNotExported: false });
		expect(quiet.findings).toEqual([]);
		expect(quiet.json).toHaveLength(1);
	});

	test('Summary Only and Everything', async () => {
		const only = await reconcileRun({ output: 'summaryOnly' });
		expect(only.json).toHaveLength(1);
		expect(only.json[0].type).toBe('summary');
		const all = await reconcileRun({ output: 'everything' });
		const rows = all.json.filter((j) => j.type === 'expense');
		expect(rows).toHaveLength(pleo.state.expenses.size);
		expect(rows.filter((r) => r.status === 'ok')).toHaveLength(exported.length);
		const row = findOne(rows, (r) => r.accountingEntryId === exported[0], 'row of an exported one');
		expect(row.journals).toHaveLength(1);
	});

	test('each planted kind is found, exactly, and nothing else', async () => {
		const eurExported = exported.filter((id) => {
			const e = expenseOf(id);
			return e.walletCurrency === 'EUR' && e.date < '2026-03-29';
		});
		const [dup, amount, date, deleted, invalidated, receipt] = eurExported;
		const missing = failed[0];

		// Pleo side (admin switch)
		pleo.plant(missing, { kind: 'mark_exported' });
		pleo.plant(amount, { kind: 'change_amount', deltaMinors: 1 });
		const d = expenseOf(date).date;
		const nextDay = new Date(Date.parse(d) + 86_400_000).toISOString().replace('.000Z', 'Z');
		pleo.plant(date, { kind: 'change_date', date: nextDay });
		pleo.plant(deleted, { kind: 'delete' });
		pleo.plant(receipt, { kind: 'add_receipt' });

		// Procountor side (its API): a second journal, an invalidated one, one nobody exported
		const orig = journalOf(dup);
		await api('post', '/ledgerreceipts', {
			type: 'JOURNAL',
			name: orig.name,
			receiptDate: orig.receiptDate,
			vatType: 'PURCHASE',
			vatStatus: 12,
			transactions: orig.transactions.map((t) => ({
				transactionType: t.transactionType,
				account: t.account,
				accountingValue: t.accountingValue,
				vatPercent: t.vatPercent,
				vatType: 'PURCHASE',
				vatStatus: t.vatStatus,
				description: t.description,
			})),
		});
		await api('put', `/ledgerreceipts/${journalOf(invalidated).id}/invalidate`);
		const ghostTag = idempotencyTag('00000000-ghost-expense');
		await api('post', '/ledgerreceipts', {
			type: 'JOURNAL',
			name: `Pleo Ghost Shop – A. Nobody ${ghostTag}`,
			receiptDate: '2026-02-10',
			vatType: 'PURCHASE',
			vatStatus: 12,
			transactions: [
				{
					transactionType: 'ENTRY',
					account: '6800',
					accountingValue: 12.5,
					vatPercent: 0,
					vatStatus: 12,
				},
				{
					transactionType: 'ENTRY',
					account: '1940',
					accountingValue: -12.5,
					vatPercent: 0,
					vatStatus: 12,
				},
			],
		});

		const { findings, summary } = await reconcileRun();
		expect(kindsOf(findings)).toEqual(
			[
				'amount_mismatch',
				'date_mismatch',
				'duplicate_in_procountor',
				'invalidated_but_exported',
				'missing_in_procountor',
				'not_exported',
				'not_exported',
				'orphan_journal',
				'orphan_journal',
				'receipt_missing',
			].sort(),
		);
		const of = (kind: string) =>
			findings.filter((f) => f.kind === kind).map((f) => f.accountingEntryId);
		expect(of('missing_in_procountor')).toEqual([missing]);
		expect(of('duplicate_in_procountor')).toEqual([dup]);
		expect(of('amount_mismatch')).toEqual([amount]);
		expect(of('date_mismatch')).toEqual([date]);
		expect(of('orphan_journal').sort()).toEqual([deleted, null].sort());
		expect(of('invalidated_but_exported')).toEqual([invalidated]);
		expect(of('receipt_missing')).toEqual([receipt]);
		expect(of('not_exported').sort()).toEqual(failed.slice(1).sort());
		expect(summary.clean).toBe(false);
		expect(summary.counts).toEqual({
			missing_in_procountor: 1,
			duplicate_in_procountor: 1,
			amount_mismatch: 1,
			date_mismatch: 1,
			orphan_journal: 2,
			not_exported: 2,
			invalidated_but_exported: 1,
			receipt_missing: 1,
		});
		const ghost = findOne(
			findings,
			(f) => f.kind === 'orphan_journal' && f.accountingEntryId === null,
			'orphan journal without an expense',
		);
		expect(String(ghost.action)).toContain('Ghost Shop');
		// an orphan says what is booked there, and the totals include it
		const ghostRefs = ghost.journals as IDataObject[];
		expect(ghostRefs.map((j) => (j.amount as IDataObject | null)?.text)).toEqual(['12.50 EUR']);
		expect(ghostRefs[0].attachments).toEqual(expect.any(Number));
		expect(String(ghost.action)).toMatch(/credits 12\.50 EUR to the contra accounts/);
		const deletedFinding = findOne(
			findings,
			(f) => f.kind === 'orphan_journal' && f.accountingEntryId === deleted,
			'orphan journal of the deleted expense',
		);
		expect((deletedFinding.journals as IDataObject[])[0].amount).toEqual(
			expect.objectContaining({ currency: 'EUR' }),
		);
		const contraSet = new Set(['1940', '2940', '1910']);
		const bookedMinors = journals()
			.filter(
				(j) =>
					j.status !== 'INVALIDATED' &&
					/\[P:[A-Z2-7]{10}\]$/.test(j.name) &&
					j.receiptDate >= '2026-01-01' &&
					j.receiptDate <= '2026-03-31',
			)
			.map((j) =>
				j.transactions
					.filter((t) => contraSet.has(t.account))
					.map((t) => Math.round(Number(t.accountingValue) * 100)),
			)
			// a reimbursement moves money between two contra accounts: its amount is the debit
			.map((v) =>
				v.some((x) => x > 0) && v.some((x) => x < 0)
					? v.filter((x) => x > 0).reduce((a, b) => a + b, 0)
					: -v.reduce((a, b) => a + b, 0),
			)
			.reduce((a, b) => a + b, 0);
		expect(((summary.procountorTotals as IDataObject).EUR as IDataObject).minors).toBe(
			bookedMinors,
		);
		// the duplicate: both copies were compared with Pleo; the original matches and is kept
		const finding = (kind: string) => findOne(findings, (f) => f.kind === kind, `${kind} finding`);
		const dupFinding = finding('duplicate_in_procountor');
		const copies = journals().filter((j) => j.name.endsWith(idempotencyTag(dup)));
		expect(dupFinding).toMatchObject({ keep: copies[0].id, invalidate: [copies[1].id] });
		expect((dupFinding.journals as IDataObject[])[0].matchesPleo).toBe(true);
		const amountFinding = finding('amount_mismatch');
		expect((amountFinding.expense as IDataObject).merchant).toEqual(expect.any(String));
		expect(String(amountFinding.action)).toMatch(
			/credits .* to the contra account, but the expense is/,
		);
		// read only: the reconciliation posted nothing
		const posts = pc.requests.filter((r) => r.method !== 'GET' && !r.path.includes('oauth')).length;
		await reconcileRun({ output: 'summaryOnly' });
		expect(pc.requests.filter((r) => r.method !== 'GET' && !r.path.includes('oauth')).length).toBe(
			posts,
		);
	});

	test('duplicates: a newer copy that matches Pleo is the one to keep, not the oldest', async () => {
		const candidates = exported.filter((id) => {
			const e = expenseOf(id);
			const own = journals().filter((j) => j.name.endsWith(idempotencyTag(id)));
			return (
				e.walletCurrency === 'EUR' &&
				own.length === 1 &&
				own[0].status !== 'INVALIDATED' &&
				own[0].transactions.filter((t) => ['1940', '2940', '1910'].includes(t.account)).length === 1
			);
		});
		const findingsBefore = (await reconcileRun()).findings;
		const id = findOne(
			candidates,
			(c) => !findingsBefore.some((f) => f.accountingEntryId === c),
			'exported expense without a finding',
		);
		// Pleo's amount changes by 1.00 after the export, and someone books the corrected copy
		pleo.plant(id, { kind: 'change_amount', deltaMinors: 100 });
		const orig = journalOf(id);
		const contraLine = findOne(
			orig.transactions,
			(t) => ['1940', '2940', '1910'].includes(t.account),
			'contra line',
		);
		const expenseLine = findOne(orig.transactions, (t) => t !== contraLine, 'expense line');
		const minors = Math.round(-Number(contraLine.accountingValue) * 100) + 100;
		const line = (account: string, value: number) => ({
			transactionType: 'ENTRY',
			account,
			accountingValue: value / 100,
			vatPercent: 0,
			vatType: 'PURCHASE',
			vatStatus: 12,
		});
		await api('post', '/ledgerreceipts', {
			type: 'JOURNAL',
			name: orig.name,
			receiptDate: orig.receiptDate,
			vatType: 'PURCHASE',
			vatStatus: 12,
			transactions: [line(expenseLine.account, minors), line(contraLine.account, -minors)],
		});
		const copy = journals().filter((j) => j.name.endsWith(idempotencyTag(id)))[1];
		// receipts are not compared here (the hand-made copy has none): amount and date decide
		const { findings } = await reconcileRun({}, { checkReceipts: false });
		const mine = findings.filter((f) => f.accountingEntryId === id);
		expect(kindsOf(mine)).toEqual(['duplicate_in_procountor']);
		expect(mine[0]).toMatchObject({ keep: copy.id, invalidate: [orig.id] });
		const refs = mine[0].journals as IDataObject[];
		expect(refs.map((r) => r.matchesPleo)).toEqual([false, true]);
		expect(String((refs[0].differences as string[])[0])).toMatch(/^credits .* \(Pleo: .*\)$/);
		expect(String(mine[0].action)).toMatch(/Only journal .* matches Pleo/);
		expect(String(mine[0].action)).toContain(`invalidate ledger receipt ${orig.id}`);
	});

	test('a bad period or no contra account is a clear error', async () => {
		// n8n's errors come from the package's own n8n-workflow copy: match their message
		await expect(reconcileRun({ from: '2026-04-01' })).rejects.toMatchObject({
			message: expect.stringMatching(/From \(2026-04-01\) is after To \(2026-03-31\)/),
		});
		await expect(reconcileRun({ contraAccounts: ' ' })).rejects.toMatchObject({
			message: expect.stringMatching(/Contra Accounts is empty/),
		});
		await expect(reconcileRun({}, { timeZone: 'Mars/Base' })).rejects.toMatchObject({
			message: expect.stringMatching(/'Mars\/Base' is not a valid IANA time zone/),
		});
	});

	test('examples/weekly-reconciliation.json: Mondays 07:00, last week, If on the summary → report → mail; its Reconcile node runs as written', async () => {
		const wf = JSON.parse(
			readFileSync(path.join(__dirname, '../../../../examples/weekly-reconciliation.json'), 'utf8'),
		) as { nodes: INode[]; connections: Record<string, any>; settings: IDataObject };
		const byName = (n: string) => findOne(wf.nodes, (x) => x.name === n, `node "${n}"`);
		const types = wf.nodes.map((n) => n.type);
		expect(types.filter((t) => t === 'n8n-nodes-base.stickyNote').length).toBeGreaterThanOrEqual(2);
		expect(wf.settings.timezone).toBe('Europe/Helsinki');
		const trigger = findOne(
			wf.nodes,
			(n) => n.type === 'n8n-nodes-base.scheduleTrigger',
			'Schedule Trigger',
		);
		expect((trigger.parameters as any).rule.interval).toEqual([
			{ field: 'weeks', weeksInterval: 1, triggerAtDay: [1], triggerAtHour: 7, triggerAtMinute: 0 },
		]);
		const next = (from: string, output = 0) =>
			(wf.connections[from]?.main?.[output] ?? []).map(
				(c: { node: string }) => byName(c.node).type,
			);
		expect(next(trigger.name)).toEqual(['n8n-nodes-pleo-procountor.procountor']);
		expect(next('Reconcile Exports')).toEqual(['n8n-nodes-base.if']);
		expect(next('Anything to Fix?', 0)).toEqual(['n8n-nodes-base.markdown']);
		expect(next('Anything to Fix?', 1)).toEqual([]);
		expect(next('Build Report')).toEqual(['n8n-nodes-base.emailSend']);
		expect(byName('Send Report').credentials).toEqual({ smtp: { id: null, name: 'SMTP account' } });
		// the If looks at the summary item's `clean`, which the operation outputs
		const ifJson = JSON.stringify(byName('Anything to Fix?').parameters);
		expect(ifJson).toContain('$json.type');
		expect(ifJson).toContain('$json.clean');
		// the report reads fields the summary and the findings really have
		const md = String((byName('Build Report').parameters as IDataObject).markdown);
		for (const field of [
			'period.from',
			'counts',
			'pleoTotals',
			'procountorTotals',
			'calls.total',
			'i.json.action',
		])
			expect(md).toContain(field);

		// the Reconcile node exactly as in the file (credentials pointed at the harness ones)
		const n = { ...byName('Reconcile Exports'), credentials: { ...PC, ...PLEO } } as INode;
		const r = await h.run(
			{ nodes: [n], connections: {} },
			{ input: { node: n.name, items: [{}] } },
		);
		expect(r.error).toBeUndefined();
		const out = r.json('Reconcile Exports');
		const summary = out.find((j) => j.type === 'summary') as any;
		const lastWeek = (zone: string) => {
			const start = DateTime.now().setZone(zone).startOf('day').minus({ weeks: 1 }).startOf('week');
			return {
				from: start.toFormat('yyyy-MM-dd'),
				to: start.plus({ days: 6 }).toFormat('yyyy-MM-dd'),
			};
		};
		const expected = [lastWeek('Europe/Helsinki'), lastWeek('America/New_York'), lastWeek('UTC')];
		expect(expected).toContainEqual({ from: summary.period.from, to: summary.period.to });
		expect(DateTime.fromISO(summary.period.from).weekday).toBe(1);
		expect(summary.period.timeZone).toBe('Europe/Helsinki');
		expect(Object.keys(summary)).toEqual(
			expect.arrayContaining([
				'clean',
				'findings',
				'counts',
				'pleoTotals',
				'procountorTotals',
				'calls',
			]),
		);
	});
});
