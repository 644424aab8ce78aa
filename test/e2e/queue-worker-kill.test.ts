// A queue-mode worker dies in the middle of an export: a real n8n in queue mode (main + 2
// `n8n worker`s, Redis, PostgreSQL: ./lib/queue) runs the webhook export flow
// (examples/export-pleo-expenses-to-procountor.json) for a job of 24 expenses. The Procountor
// sandbox's request hold (sandbox/hold.ts) freezes the API right after the 12th journal was
// posted, and the worker running the execution is SIGKILLed while it waits (its held requests die
// with it), as the OOM killer or a container stopped without grace would.
//
// What n8n does then (read in its source, asserted here): the job's Bull lock is no longer
// renewed; once it expires, the other worker's stalled-job check finds the job.
// - n8n 2.x runs Bull with maxStalledCount 0, so the job is moved to *failed* instead of being run
//   again. The main marks the execution as an error ("This execution failed to be processed too
//   many times ..."), after a 30-second grace in which it checks whether the execution finished
//   after all. Nothing runs it again, and the Pleo job stays in progress. A Retry of it (what an
//   ops person might click) ends at once as an error and posts nothing. The job is then recovered
//   the way docs/recovery.md says ("To recover at once"): the polling example with Resume Only
//   After Idle at 0, run once by hand.
// - n8n 1.x (QUEUE_WORKER_MAX_STALLED_COUNT, default 1) gives the job to the other worker, which
//   runs the whole execution again from the webhook's data: the automatic re-run that must post
//   nothing twice.
// Either way, asserted: the job ends completed, exactly one valid journal per expense (the
// journals from before the kill reused, none posted twice), every expense reported once with its
// journal, every receipt attached once, no expense lost, no error execution but the killed one
// (and on 2.x its retry).
// The lock and the check interval are shortened here (QUEUE_WORKER_LOCK_DURATION,
// QUEUE_WORKER_LOCK_RENEW_TIME, QUEUE_WORKER_STALLED_INTERVAL) so the test waits seconds, not
// minutes; the behaviour is the same as with n8n's defaults.
//
// Skipped like queue-mode.test.ts, with one line naming the install command, only when
// redis-server or the PostgreSQL binaries are missing. `.ci/run` installs Redis.
import { startPleoSandbox, type PleoSandbox } from '../../sandbox/pleo';
import { startProcountorSandbox, type ProcountorSandbox } from '../../sandbox/procountor';
import {
	EXAMPLE_FILES,
	createSandboxCredentials,
	executionError,
	killN8n,
	loadExample,
	n8nVersion,
	nodeByName,
	nodeOutput,
	packPackage,
	runManually,
	type CredentialRefs,
	type ExecutionDetails,
	type ExecutionSummary,
} from './lib';
import { queueModeMissing, startQueueN8n, type QueueN8n } from './lib/queue';
import { journalsOf, missingReceipts, recoveryProblems, within } from './lib/recovery';

jest.setTimeout(240_000);

const EXPENSES = 24;
/** the journal POST the Procountor sandbox holds (applied, its answer held) */
const HELD_JOURNAL = 12;
const TRIGGER = 'Every 5 Minutes';
const CLAIM = 'Claim Next Export Job';
/** Bull's job lock and stalled-job check, shortened from n8n's 60 s / 10 s / 30 s */
const BULL = {
	QUEUE_WORKER_LOCK_DURATION: '10000',
	QUEUE_WORKER_LOCK_RENEW_TIME: '2000',
	QUEUE_WORKER_STALLED_INTERVAL: '5000',
};
/** the message n8n's MaxStalledCountError gives an execution whose worker died (n8n 2.x) */
const STALLED = /failed to be processed too many times/;

const describeQueue = queueModeMissing('queue-worker-kill') ? describe.skip : describe;
/**
 * n8n 1.x gives a stalled Bull job to another worker once (QUEUE_WORKER_MAX_STALLED_COUNT, default
 * 1); n8n 2.x runs Bull with maxStalledCount 0, so the job fails.
 */
const RERUNS_STALLED_JOB = n8nVersion().major < 2;
const onV1 = RERUNS_STALLED_JOB ? it : it.skip;
const onV2 = RERUNS_STALLED_JOB ? it.skip : it;

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

describeQueue('queue mode: a worker SIGKILLed in the middle of an export', () => {
	let q: QueueN8n | undefined;
	let pc: ProcountorSandbox;
	let pleo: PleoSandbox;
	let refs: CredentialRefs;
	let webhookFlow: string;
	let recoverNow: string;
	const timings: string[] = [];

	beforeAll(async () => {
		pc = await startProcountorSandbox();
		pleo = await startPleoSandbox();
		const t0 = Date.now();
		q = await startQueueN8n({
			packageTgz: await packPackage(),
			workers: 2,
			concurrency: 5,
			logName: 'n8n-queue-kill',
			env: BULL,
		});
		timings.push(`start (main + 2 workers) ${Date.now() - t0} ms`);
		const n8n = q.main;
		refs = await createSandboxCredentials(n8n, { pleoUrl: pleo.url, procountorUrl: pc.url });
		webhookFlow = await n8n.importWorkflow(loadExample(EXAMPLE_FILES.exportWebhook, refs));
		await n8n.activateWorkflow(webhookFlow);
		const now = loadExample(EXAMPLE_FILES.exportPolling, refs, {
			name: 'Export Pleo expenses to Procountor (polling): recover now',
		});
		nodeByName(now, CLAIM).parameters.options = { resumeAfterMinutes: 0 };
		recoverNow = await n8n.importWorkflow(now);
	}, 300_000);

	afterAll(async () => {
		pc?.hold.release();
		await q?.stop();
		await pc?.close();
		await pleo?.close();
		console.log(`queue-worker-kill timings: ${timings.join(', ')}`);
	}, 120_000);

	/** The executions of the webhook flow and the recovery workflow. */
	async function allExecutions(): Promise<ExecutionSummary[]> {
		const n8n = q!.main;
		return [...(await n8n.listExecutions(webhookFlow)), ...(await n8n.listExecutions(recoverNow))];
	}

	/** Polls an execution until it is no longer new or running. */
	async function settled(id: string, ms: number): Promise<ExecutionDetails> {
		const deadline = Date.now() + ms;
		for (;;) {
			const exec = await q!.main.getExecution(id, true);
			if (!['new', 'running'].includes(exec.status)) return exec;
			if (Date.now() > deadline) {
				throw new Error(
					`execution ${id} still ${exec.status} after ${ms} ms; main log:\n${q!.main.logTail(30)}`,
				);
			}
			await sleep(500);
		}
	}

	interface Killed {
		ids: string[];
		jobId: string;
		/** the execution the killed worker was running */
		killed: string;
		/** index of the worker left running */
		survivor: number;
		killedAt: number;
	}

	/**
	 * A job of EXPENSES new expenses exported by the webhook flow on a worker, SIGKILLed while the
	 * Procountor sandbox holds the answer to its HELD_JOURNAL-th journal.
	 */
	async function exportAndKillWorker(): Promise<Killed> {
		const n8n = q!.main;
		const ids = pleo.addExpenses(EXPENSES);
		const held = pc.hold.arm({
			method: 'POST',
			path: '/api/ledgerreceipts',
			nth: HELD_JOURNAL,
			commit: true,
		});
		const t0 = Date.now();
		const job = await pleo.clickExport({ accountingEntryIds: ids });
		expect(job.numberOfItems).toBe(EXPENSES);
		await within(
			`the ${HELD_JOURNAL}th journal`,
			held,
			120_000,
			() => `main log:\n${n8n.logTail(30)}`,
		);

		// the execution the webhook started, and the worker running it
		const running = (await n8n.listExecutions(webhookFlow)).filter((e) => e.status === 'running');
		expect(running).toHaveLength(1);
		const killed = running[0].id;
		const victim = q!.workerOf(killed);
		expect(victim).toBeGreaterThanOrEqual(0);
		await killN8n(q!.workers[victim]);
		const killedAt = Date.now();
		timings.push(`held journal after ${killedAt - t0} ms, killed worker ${victim + 1}`);
		// the requests the worker left held died with it: dropped, neither applied nor answered
		await sleep(200);
		pc.hold.release();

		const posted = ids.filter((id) => journalsOf(pc, id).length > 0);
		expect(posted).toHaveLength(HELD_JOURNAL);
		timings.push(
			`${posted.filter((id) => missingReceipts(pc, pleo, id) > 0).length} of the ${HELD_JOURNAL} journals without their receipt`,
		);
		return { ids, jobId: job.id, killed, survivor: 1 - victim, killedAt };
	}

	onV2(
		`worker killed after the ${HELD_JOURNAL}th of ${EXPENSES} journals: n8n 2.x fails the execution without running it again, the polling example recovers the job`,
		async () => {
			const n8n = q!.main;
			const { ids, jobId, killed, survivor, killedAt } = await exportAndKillWorker();
			// n8n's answer: the stalled job fails (maxStalledCount 0), the main marks the execution an
			// error. No worker runs it again.
			const failed = await settled(killed, 120_000);
			timings.push(`execution ${failed.status} ${Date.now() - killedAt} ms after the kill`);
			expect(failed.status).toBe('error');
			expect(executionError(failed)).toMatch(STALLED);
			expect(q!.workerExecutions()[survivor]).not.toContain(killed);
			// nothing happened to the books or the job meanwhile
			expect(ids.filter((id) => journalsOf(pc, id).length > 0)).toHaveLength(HELD_JOURNAL);
			expect(ids.filter((id) => journalsOf(pc, id).length > 1)).toEqual([]);
			expect(pleo.state.jobs.get(jobId)?.job.status).toBe('in_progress');
			expect(pleo.state.jobs.get(jobId)?.reports).toEqual([]);
			// and Pleo refuses the next export while it stays so
			await expect(pleo.clickExport()).rejects.toThrow(/already in_progress/);

			// an ops person's Retry of it does nothing: n8n kept no record of the items it was running
			const retry = await n8n.rest<{ id: string }>('POST', `/executions/${killed}/retry`, {
				loadWorkflow: false,
			});
			const retried = await settled(String(retry.id), 60_000);
			expect(retried.status).toBe('error');
			expect(executionError(retried)).toMatch(STALLED);
			expect(ids.filter((id) => journalsOf(pc, id).length > 0)).toHaveLength(HELD_JOURNAL);
			expect(pleo.state.jobs.get(jobId)?.reports).toEqual([]);

			// docs/recovery.md "To recover at once": the polling example, idle threshold 0, by hand
			const t1 = Date.now();
			const exec = await runManually(n8n, recoverNow, TRIGGER, 180_000);
			timings.push(`recovery run ${Date.now() - t1} ms`);
			expect(executionError(exec)).toBeUndefined();
			expect(exec.status).toBe('success');
			expect(nodeOutput(exec, CLAIM)).toHaveLength(EXPENSES);
			const reused = nodeOutput(exec, 'Export Expense').filter(
				(o) => o.procountor?.reused === true,
			);
			expect(reused).toHaveLength(HELD_JOURNAL);
			expect(recoveryProblems(pc, pleo, jobId, ids)).toEqual([]);

			// no error execution but the killed one and its retry, and the killed one never ran again
			const failedExecutions = (await allExecutions()).filter((e) => e.status !== 'success');
			expect(failedExecutions.map((e) => `${e.id} ${e.status}`).sort()).toEqual(
				[`${killed} error`, `${retried.id} error`].sort(),
			);
			expect(
				q!
					.workerExecutions()
					.flat()
					.filter((id) => id === killed),
			).toEqual([killed]);
			timings.push(`kill to recovered ${Date.now() - killedAt} ms`);
		},
	);

	onV1(
		`worker killed after the ${HELD_JOURNAL}th of ${EXPENSES} journals: n8n 1.x runs the execution again on the other worker, which posts nothing twice`,
		async () => {
			const { ids, jobId, killed, survivor, killedAt } = await exportAndKillWorker();

			// n8n's answer: Bull gives the stalled job to the other worker once (maxStalledCount 1),
			// which runs the whole execution again from the webhook's data
			const rerun = await settled(killed, 120_000);
			timings.push(`execution ${rerun.status} ${Date.now() - killedAt} ms after the kill`);
			expect(executionError(rerun)).toBeUndefined();
			expect(rerun.status).toBe('success');
			expect(q!.workerExecutions()[survivor]).toContain(killed);
			// the journals from before the kill were found by their tag, not posted again
			const reused = nodeOutput(rerun, 'Export Expense').filter(
				(o) => o.procountor?.reused === true,
			);
			expect(reused).toHaveLength(HELD_JOURNAL);
			expect(recoveryProblems(pc, pleo, jobId, ids)).toEqual([]);
			const failedExecutions = (await allExecutions()).filter((e) => e.status !== 'success');
			expect(failedExecutions.map((e) => `${e.id} ${e.status}`)).toEqual([]);
		},
	);
});
