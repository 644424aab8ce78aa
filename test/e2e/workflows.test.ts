// The example workflows inside a real n8n 2.41.1 against both sandboxes (in-process, random ports):
// the webhook export flow (activation registers the Pleo subscription, "Export" runs it, journals
// and receipts land in Procountor, results and completion in Pleo, forged deliveries get 401,
// deactivation removes the subscription) and the dimension sync run twice. The editor: editor.test.ts.
import { startPleoSandbox, type PleoSandbox } from '../../sandbox/pleo';
import { startProcountorSandbox, type ProcountorSandbox } from '../../sandbox/procountor';
import {
	EXAMPLE_FILES,
	executionError,
	loadExample,
	nodeByName,
	nodeOutput,
	packPackage,
	productionWebhookUrl,
	runManually,
	startN8n,
	createSandboxCredentials,
	type CredentialRefs,
	type N8nServer,
} from './lib';

jest.setTimeout(180_000);

let n8n: N8nServer;
let pc: ProcountorSandbox;
let pleo: PleoSandbox;
let refs: CredentialRefs;

beforeAll(async () => {
	pc = await startProcountorSandbox();
	// webhook retries quickly, so a slow first delivery does not stall the test
	pleo = await startPleoSandbox({ webhookRetryDelaysMs: [500, 2000] });
	n8n = await startN8n({ packageTgz: await packPackage(), logName: 'n8n-workflows' });
	refs = await createSandboxCredentials(n8n, { pleoUrl: pleo.url, procountorUrl: pc.url });
}, 300_000);

afterAll(async () => {
	await n8n?.stop();
	await pc?.close();
	await pleo?.close();
}, 30_000);

const company = () => pc.state.companies[1001];

async function sandboxJson<T = any>(url: string, method = 'GET', body?: unknown): Promise<T> {
	const res = await fetch(url, {
		method,
		headers: body === undefined ? {} : { 'content-type': 'application/json' },
		body: body === undefined ? undefined : JSON.stringify(body),
	});
	const text = await res.text();
	if (!res.ok) throw new Error(`${method} ${url} -> ${res.status}: ${text}`);
	return (text ? JSON.parse(text) : undefined) as T;
}

describe('Export Pleo expenses to Procountor (webhook)', () => {
	const wf = () => loadExample(EXAMPLE_FILES.exportWebhook, refs);
	let workflowId: string;
	let hookUrl: string;
	let jobId: string;

	it("activating the workflow registers n8n's production webhook URL in Pleo", async () => {
		const json = wf();
		hookUrl = productionWebhookUrl(n8n, nodeByName(json, 'Pleo Trigger'));
		workflowId = await n8n.importWorkflow(json);
		await n8n.activateWorkflow(workflowId);
		const state = await sandboxJson(`${pleo.url}/_sandbox/state`);
		const subs = (
			state.subscriptions as Array<{ endpointUrl: string; eventTypes: string[]; status: string }>
		).filter((s) => s.endpointUrl === hookUrl);
		expect(subs).toHaveLength(1);
		expect(subs[0]).toMatchObject({ eventTypes: ['v1.export-job.created'], status: 'ACTIVE' });
	});

	it('"Export" in Pleo runs the workflow: journals with receipts in Procountor, results and completion in Pleo', async () => {
		const queued = (await sandboxJson<{ queue: string[] }>(`${pleo.url}/_sandbox/state`)).queue
			.length;
		expect(queued).toBeGreaterThan(10);
		const clicked = await sandboxJson<{ data: { id: string } }>(
			`${pleo.url}/_sandbox/export`,
			'POST',
			{},
		);
		jobId = clicked.data.id;
		const [summary] = await n8n.waitForExecutions(workflowId, 1, 120_000);
		const exec = await n8n.getExecution(summary.id, true);
		expect(executionError(exec)).toBeUndefined();
		expect(summary.status).toBe('success');
		expect(summary.mode).toBe('webhook');

		// Export Expense: one result per item, three expected failures
		const results = nodeOutput(exec, 'Export Expense');
		expect(results).toHaveLength(queued);
		const failed = results.filter((r) => r.status === 'failed');
		expect(failed.map((r) => r.failureReasonType).sort()).toEqual(
			['account_unknown', 'receipt_file_size_limit_exceeded', 'tag_unknown'].sort(),
		);
		const ok = results.filter((r) => r.status === 'successful');
		expect(ok).toHaveLength(queued - 3);

		// Procountor: one balanced journal per success, with its receipts attached
		const journals = company().ledgerReceipts;
		expect(journals).toHaveLength(ok.length);
		for (const r of ok) {
			const j = journals.find((x) => String(x.id) === String(r.externalId));
			expect(j).toBeDefined();
			const tx = j!.transactions.reduce((s, t) => s + Math.round(t.accountingValue * 100), 0);
			const vat = j!.vatPostings.reduce((s, p) => s + p.amountCents, 0);
			expect(tx + vat).toBe(0);
		}
		expect(company().attachments.length).toBeGreaterThanOrEqual(ok.length - 4);
		const officeItem = nodeOutput(exec, 'Pleo Trigger').find(
			(i) => i.note === 'Printer ink and paper',
		);
		const officeResult = results.find((r) => r.accountingEntryId === officeItem?.accountingEntryId);
		const office = journals.find((j) => String(j.id) === String(officeResult?.externalId));
		expect(office?.name).toMatch(/^Pleo .*Clas Ohlson/);
		// 63.66 at 25.5 %: net 50.73 to office supplies with cost centre 100, the gross off the card account
		const officeLines = office?.transactions.map((t) => [t.account, t.accountingValue]) ?? [];
		expect(officeLines).toEqual(
			expect.arrayContaining([
				['6800', 50.73],
				['1940', -63.66],
			]),
		);
		expect(office?.transactions.find((t) => t.account === '6800')?.dimensionItemValues).toEqual([
			{ dimensionId: 201, itemId: 2011, value: 50.73 },
		]);
		expect(office?.attachments).toHaveLength(1);

		// Pleo: every item reported, the job completed with errors
		const job = pleo.state.jobs.get(jobId)!;
		expect(job.job.status).toBe('completed_with_errors');
		expect(job.items.filter((i) => i.status === 'successful')).toHaveLength(ok.length);
		const failedItems = job.items.filter((i) => i.status === 'failed');
		expect(failedItems.map((i) => i.failureReasonType).sort()).toEqual(
			['account_unknown', 'receipt_file_size_limit_exceeded', 'tag_unknown'].sort(),
		);
		for (const i of failedItems) expect(String(i.failureReason ?? '').length).toBeGreaterThan(10);
		const [completed] = nodeOutput(exec, 'Complete Export Job');
		expect(completed).toMatchObject({ jobId, event: 'completed_with_errors' });
	});

	it('a forged delivery (bad signature) is answered 401 and starts no execution', async () => {
		const before = (await n8n.listExecutions(workflowId)).length;
		const body = JSON.stringify({ eventType: 'v1.export-job.created', data: { id: jobId } });
		const res = await fetch(hookUrl, {
			method: 'POST',
			headers: {
				'content-type': 'application/json',
				'webhook-id': 'msg_forged_1',
				'webhook-timestamp': String(Math.floor(Date.now() / 1000)),
				'webhook-signature': `v1,${Buffer.from('not the signature').toString('base64')}`,
			},
			body,
		});
		expect(res.status).toBe(401);
		await res.arrayBuffer();
		await new Promise((r) => setTimeout(r, 1500));
		expect(await n8n.listExecutions(workflowId)).toHaveLength(before);
	});

	it('deactivating the workflow deletes the Pleo subscription', async () => {
		await n8n.deactivateWorkflow(workflowId);
		const state = await sandboxJson(`${pleo.url}/_sandbox/state`);
		expect(
			(state.subscriptions as Array<{ endpointUrl: string }>).filter(
				(s) => s.endpointUrl === hookUrl,
			),
		).toEqual([]);
	});
});

describe('Sync Procountor dimensions to Pleo tags', () => {
	let workflowId: string;

	const tagsOf = (groupCode: string) => {
		const group = [...pleo.state.tagGroups.values()].find((g) => g.code === groupCode);
		if (!group) return [];
		return [...pleo.state.tags.values()]
			.filter((t) => t.groupId === group.id)
			.map((t) => ({ code: t.code, name: t.name, archived: t.archived }))
			.sort((a, b) => String(a.code).localeCompare(String(b.code)));
	};

	it('first run creates, renames and archives tags', async () => {
		workflowId = await n8n.importWorkflow(loadExample(EXAMPLE_FILES.dimensionSync, refs));
		const exec = await runManually(n8n, workflowId, 'Every Night');
		expect(executionError(exec)).toBeUndefined();
		expect(exec.status).toBe('success');
		const out = nodeOutput(exec, 'Import Dimensions as Tags');
		expect(out.map((o) => o.tagGroup.code)).toEqual(['KUSTANNUSPAIKKA', 'PROJEKTI']);
		expect(out.every((o) => o.changed === true)).toBe(true);

		const active = (code: string) => tagsOf(code).filter((t) => !t.archived);
		expect(active('KUSTANNUSPAIKKA')).toEqual([
			{ code: '100', name: 'Hallinto', archived: false },
			{ code: '200', name: 'Myynti', archived: false },
			{ code: '300', name: 'Tuotekehitys', archived: false },
			{ code: '400', name: 'Markkinointi', archived: false },
		]);
		expect(tagsOf('KUSTANNUSPAIKKA').find((t) => t.code === 'OLD')?.archived).toBe(true);
		expect(active('PROJEKTI').map((t) => t.code)).toEqual(['PRJ1001', 'PRJ1002', 'PRJ1003']);
	});

	it('second run writes nothing to Pleo', async () => {
		const writes = pleo.state.writeCount;
		const exec = await runManually(n8n, workflowId, 'Every Night');
		expect(exec.status).toBe('success');
		const out = nodeOutput(exec, 'Import Dimensions as Tags');
		expect(out.every((o) => o.changed === false)).toBe(true);
		expect(pleo.state.writeCount).toBe(writes);
	});
});

describe('Export Pleo expenses to Procountor (polling)', () => {
	it('Claim Next picks up a waiting export job and the same chain completes it', async () => {
		const added = await sandboxJson<{ data: { accountingEntryIds: string[] } }>(
			`${pleo.url}/_sandbox/expenses`,
			'POST',
			{ count: 3 },
		);
		expect(added.data.accountingEntryIds).toHaveLength(3);
		// the export queue now holds the three new expenses and the three that failed before
		const clicked = await sandboxJson<{ data: { id: string; numberOfItems: number } }>(
			`${pleo.url}/_sandbox/export`,
			'POST',
			{},
		);
		expect(clicked.data.numberOfItems).toBe(6);
		const before = company().ledgerReceipts.length;
		const id = await n8n.importWorkflow(loadExample(EXAMPLE_FILES.exportPolling, refs));
		const exec = await runManually(n8n, id, 'Every 5 Minutes');
		expect(executionError(exec)).toBeUndefined();
		const claimed = nodeOutput(exec, 'Claim Next Export Job');
		expect(claimed).toHaveLength(6);
		expect(claimed.map((i) => i.accountingEntryId)).toEqual(
			expect.arrayContaining(added.data.accountingEntryIds),
		);
		expect(claimed.every((i) => i.jobId === clicked.data.id)).toBe(true);
		const results = nodeOutput(exec, 'Export Expense');
		const ok = results.filter((r) => r.status === 'successful').length;
		expect(company().ledgerReceipts.length).toBe(before + ok);
		const job = pleo.state.jobs.get(clicked.data.id)!;
		expect(['completed', 'completed_with_errors']).toContain(job.job.status);
		expect(job.items.every((i) => i.status === 'successful' || i.status === 'failed')).toBe(true);

		// nothing waiting: the next run ends after Claim Next without an error
		const idle = await runManually(n8n, id, 'Every 5 Minutes');
		expect(idle.status).toBe('success');
		expect(nodeOutput(idle, 'Claim Next Export Job')).toEqual([]);
	});
});

describe('Set up Pleo: import Procountor accounts and VAT codes', () => {
	it('imports the accounts and tax codes, and a second run changes nothing', async () => {
		const id = await n8n.importWorkflow(loadExample(EXAMPLE_FILES.setup, refs));
		const trigger = 'When clicking ‘Execute workflow’';
		const first = await runManually(n8n, id, trigger);
		expect(executionError(first)).toBeUndefined();
		const [summary] = nodeOutput(first, 'Import Accounts and VAT Codes');
		expect(summary.accounts.created).toBeGreaterThan(0);
		const codes = [...pleo.state.accounts.values()]
			.filter((a) => !a.archived)
			.map((a) => a.externalId);
		expect(codes).toEqual(expect.arrayContaining(['1765', '4000', '8990', '6800']));
		expect(codes).not.toContain('7999'); // inactive in Procountor

		const writes = pleo.state.writeCount;
		const second = await runManually(n8n, id, trigger);
		expect(executionError(second)).toBeUndefined();
		expect(nodeOutput(second, 'Import Accounts and VAT Codes')[0].changed).toBe(false);
		expect(pleo.state.writeCount).toBe(writes);
	});
});
