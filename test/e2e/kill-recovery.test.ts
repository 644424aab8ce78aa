// n8n dies in the middle of an export (issue 18): a real n8n runs the polling example
// (examples/export-pleo-expenses-polling.json) by hand and is SIGKILLed at three moments, as the
// OOM killer, a host reboot or a container stop without grace would; then it is started again on
// the same user folder and SQLite database and the export is recovered the way docs/recovery.md
// says. The moments are exact: the sandboxes' request hold (sandbox/hold.ts) freezes the API at
// the chosen request, n8n is killed while it waits, and the held requests die with it.
//   1. mid-export: after the 15th of 30 journals was posted (its answer never reached n8n);
//      recovered at once: the example with Resume Only After Idle at 0, run once by hand;
//   2. right after the first journal: the example as it is does nothing while the job was active
//      in the last 15 minutes; once the job has been idle that long, it resumes it;
//   3. after Report Results and before Complete (Complete's event never reached Pleo): the
//      example as it is completes the job at its next run.
// Each time: job completed, one valid journal per expense (none posted twice), every expense
// reported once with its journal, its receipts attached once, no error execution but the
// killed one.
import { promises as fs } from 'fs';
import * as os from 'os';
import * as path from 'path';

import { startPleoSandbox, type PleoSandbox } from '../../sandbox/pleo';
import { startProcountorSandbox, type ProcountorSandbox } from '../../sandbox/procountor';
import {
	EXAMPLE_FILES,
	createSandboxCredentials,
	executionError,
	killN8n,
	loadExample,
	nodeOutput,
	packPackage,
	runManually,
	startN8n,
	type CredentialRefs,
	type N8nServer,
} from './lib';
import {
	CLAIM,
	importRecoverNow,
	journalsOf,
	missingReceipts,
	recoveryProblems,
	within as withinMs,
} from './lib/recovery';

jest.setTimeout(300_000);

const EXPENSES = 30;
const TRIGGER = 'Every 5 Minutes';
const LOG = 'n8n-kill-recovery';

let n8n: N8nServer;
let pc: ProcountorSandbox;
let pleo: PleoSandbox;
let userFolder: string;
let refs: CredentialRefs;
/** the polling example as shipped */
let example: string;
/** the same with Resume Only After Idle at its minimum: the one-off "recover now" run */
let recoverNow: string;
const timings: string[] = [];

beforeAll(async () => {
	pc = await startProcountorSandbox();
	pleo = await startPleoSandbox();
	userFolder = await fs.mkdtemp(path.join(os.tmpdir(), 'n8n-e2e-kill-'));
	const t0 = Date.now();
	n8n = await startN8n({ userFolder, packageTgz: await packPackage(), logName: LOG });
	timings.push(`first start ${Date.now() - t0} ms`);
	refs = await createSandboxCredentials(n8n, { pleoUrl: pleo.url, procountorUrl: pc.url });
	example = await n8n.importWorkflow(loadExample(EXAMPLE_FILES.exportPolling, refs));
	recoverNow = await importRecoverNow(n8n, refs);
}, 300_000);

afterAll(async () => {
	pc?.hold.release();
	pleo?.hold.release();
	await n8n?.stop();
	await pc?.close();
	await pleo?.close();
	if (userFolder) await fs.rm(userFolder, { recursive: true, force: true });
	console.log(`kill-recovery timings: ${timings.join(', ')}`);
}, 60_000);

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Starts a manual run of a workflow (as the editor's "Execute workflow") without waiting. */
async function startRun(workflowId: string): Promise<string> {
	const started = await n8n.rest<{ executionId?: string }>(
		'POST',
		`/workflows/${encodeURIComponent(workflowId)}/run`,
		await n8n.adapter.manualRunBody(n8n.rest, workflowId, TRIGGER),
	);
	if (!started?.executionId) throw new Error(`no execution started: ${JSON.stringify(started)}`);
	return String(started.executionId);
}

/** Waits for a promise, failing with n8n's log tail after `ms`. */
function within<T>(what: string, promise: Promise<T>, ms = 60_000): Promise<T> {
	return withinMs(what, promise, ms, () => `n8n log:\n${n8n.logTail(40)}`);
}

/** SIGKILL to n8n's process group (main process and task runner), then start it again. */
async function killAndRestart(): Promise<void> {
	await killN8n(n8n); // the user folder is ours and stays
	// the requests n8n left held died with it: they are dropped, neither applied nor answered
	await sleep(200);
	pc.hold.release();
	pleo.hold.release();
	const t0 = Date.now();
	n8n = await startN8n({ userFolder, skipPackage: true, logName: LOG });
	timings.push(`restart ${Date.now() - t0} ms`);
}

/** A fresh export job of `EXPENSES` new expenses (Pleo's "Export" button). */
async function newJob(): Promise<{ jobId: string; ids: string[] }> {
	const ids = pleo.addExpenses(EXPENSES);
	const job = await pleo.clickExport({ accountingEntryIds: ids });
	expect(job.numberOfItems).toBe(EXPENSES);
	return { jobId: job.id, ids };
}

/** Runs a workflow by hand and expects a successful execution. */
async function runOnce(workflowId: string) {
	const exec = await runManually(n8n, workflowId, TRIGGER, 180_000);
	expect(executionError(exec)).toBeUndefined();
	expect(exec.status).toBe('success');
	return exec;
}

/** Makes Pleo's record of the job look `ms` older (instead of waiting that long). */
function ageJob(jobId: string, ms: number): void {
	const rec = pleo.state.jobs.get(jobId);
	if (!rec) throw new Error(`no job ${jobId}`);
	rec.createdMs -= ms;
	if (rec.lastUpdatedMs !== null) rec.lastUpdatedMs -= ms;
	const job = rec.job as unknown as Record<string, unknown>;
	for (const k of ['createdAt', 'startedAt', 'lastUpdatedAt']) {
		const v = job[k];
		if (typeof v === 'string') job[k] = new Date(Date.parse(v) - ms).toISOString();
	}
}

/** Everything the issue promises after a recovery. */
async function expectRecovered(
	jobId: string,
	ids: string[],
	killed: string,
	before: Set<string>,
): Promise<void> {
	expect(recoveryProblems(pc, pleo, jobId, ids)).toEqual([]);
	// no error execution but the killed one (n8n marks it crashed when it starts again)
	const executions = (await allExecutions()).filter((e) => !before.has(e.id));
	const failed = executions.filter((e) => e.status !== 'success');
	expect(failed.map((e) => e.id)).toEqual([killed]);
	expect(['crashed', 'error']).toContain(failed[0].status);
}

/** The executions of both workflows. */
async function allExecutions() {
	return [...(await n8n.listExecutions(example)), ...(await n8n.listExecutions(recoverNow))];
}

/** The ids of the executions so far (a moment looks only at its own). */
async function executionIds(): Promise<Set<string>> {
	return new Set((await allExecutions()).map((e) => e.id));
}

test('killed mid-export (15 of 30 journals): recovered at once by a run by hand with the idle threshold at 0', async () => {
	const { jobId, ids } = await newJob();
	const before = await executionIds();
	const held = pc.hold.arm({ method: 'POST', path: '/api/ledgerreceipts', nth: 15, commit: true });
	const t0 = Date.now();
	const killed = await startRun(example);
	await within('the 15th journal', held);
	await killAndRestart();
	const posted = ids.filter((id) => journalsOf(pc, id).length > 0);
	expect(posted).toHaveLength(15);
	const withoutReceipt = posted.filter((id) => missingReceipts(pc, pleo, id) > 0);
	// the 15th journal's answer never reached n8n: its receipt (if it has one) is missing
	timings.push(`mid-export kill: 15 journals, ${withoutReceipt.length} without their receipt`);
	expect(pleo.state.jobs.get(jobId)?.job.status).toBe('in_progress');

	const exec = await runOnce(recoverNow);
	expect(nodeOutput(exec, CLAIM)).toHaveLength(EXPENSES);
	const reused = nodeOutput(exec, 'Export Expense').filter((o) => o.procountor?.reused === true);
	expect(reused).toHaveLength(15);
	await expectRecovered(jobId, ids, killed, before);
	timings.push(`mid-export ${Date.now() - t0} ms`);
});

test('killed right after the first journal: the example resumes the job once it has been idle for Resume Only After Idle', async () => {
	const { jobId, ids } = await newJob();
	const before = await executionIds();
	const held = pc.hold.arm({ method: 'POST', path: '/api/ledgerreceipts', nth: 1, commit: true });
	const t0 = Date.now();
	const killed = await startRun(example);
	await within('the first journal', held);
	await killAndRestart();
	expect(ids.filter((id) => journalsOf(pc, id).length > 0)).toHaveLength(1);

	// active a moment ago: another execution could still be exporting it, so the poll waits
	const early = await runOnce(example);
	expect(nodeOutput(early, CLAIM)).toEqual([]);
	expect(pleo.state.jobs.get(jobId)?.job.status).toBe('in_progress');

	ageJob(jobId, 16 * 60_000);
	const exec = await runOnce(example);
	expect(nodeOutput(exec, CLAIM)).toHaveLength(EXPENSES);
	await expectRecovered(jobId, ids, killed, before);
	timings.push(`after-first-journal ${Date.now() - t0} ms`);
});

test('killed after Report Results, before Complete: the example completes the job at its next run', async () => {
	const { jobId, ids } = await newJob();
	const before = await executionIds();
	// the 1st job event is Claim Next's "started", the 2nd is Complete's
	const held = pleo.hold.arm({ method: 'POST', path: '/v3/export-job-events', nth: 2 });
	const t0 = Date.now();
	const killed = await startRun(example);
	await within('Complete', held, 120_000);
	await killAndRestart();
	const rec = pleo.state.jobs.get(jobId);
	expect(rec?.job.status).toBe('in_progress');
	expect(rec?.items.every((i) => i.status === 'successful')).toBe(true);
	expect(rec?.reports).toHaveLength(EXPENSES);

	const exec = await runOnce(example);
	expect(nodeOutput(exec, CLAIM)).toEqual([]);
	expect(exec.data?.resultData?.runData?.['Export Expense']).toBeUndefined();
	await expectRecovered(jobId, ids, killed, before);
	// and Pleo takes the next export again
	const next = await newJob();
	expect(pleo.state.jobs.get(next.jobId)?.job.status).toBe('pending');
	timings.push(`after-report ${Date.now() - t0} ms`);
});
