// A queue-mode worker dies in the middle of an export: a real n8n in queue mode (main + 2
// `n8n worker`s, Redis, PostgreSQL: ./lib/queue) runs the webhook export flow
// (examples/export-pleo-expenses-to-procountor.json) for a job of 24 expenses, twice. The
// sandboxes' request hold (sandbox/hold.ts) freezes the API at one moment, and the worker running
// the execution is SIGKILLed while it waits (its held requests die with it), as the OOM killer or a
// container stopped without grace would; the killed worker is started again before the next job:
//   1. mid-export: right after the 12th journal was posted (its answer never reached n8n);
//   2. after Report Results, before Complete: Complete's event held before Pleo applied it.
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
//   nothing twice. After moment 2 it reports every result to Pleo a second time (the same status
//   and journal): Report Results sends what it is given.
// Either way, asserted: the job ends completed, exactly one valid journal per expense (the
// journals from before the kill reused, none posted twice), every expense reported once with its
// journal (twice after moment 2 on 1.x), every receipt attached once, no expense lost, no error
// execution but the killed one (and on 2.x its retry).
// The lock and the check interval are shortened here (QUEUE_WORKER_LOCK_DURATION,
// QUEUE_WORKER_LOCK_RENEW_TIME, QUEUE_WORKER_STALLED_INTERVAL) so the test waits seconds, not
// minutes; the behaviour is the same as with n8n's defaults.
//
// Skipped like queue-mode.test.ts, with one line naming the install command, only when
// redis-server or the PostgreSQL binaries are missing. `.ci/run` installs Redis.
import type { PleoSandbox } from '../../sandbox/pleo';
import type { ProcountorSandbox } from '../../sandbox/procountor';
import {
	executionError,
	killN8n,
	n8nVersion,
	nodeOutput,
	runManually,
	type ExecutionDetails,
	type ExecutionSummary,
} from './lib';
import { queueModeMissing, type QueueN8n } from './lib/queue';
import {
	CLAIM,
	importRecoverNow,
	journalsOf,
	missingReceipts,
	recoveryProblems,
	settledExecution,
	startQueueExport,
	within,
	type QueueExport,
} from './lib/recovery';

jest.setTimeout(240_000);

const EXPENSES = 24;
/** the journal POST the Procountor sandbox holds (applied, its answer held) */
const HELD_JOURNAL = 12;
const TRIGGER = 'Every 5 Minutes';
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
	let setup: QueueExport | undefined;
	let q: QueueN8n;
	let pc: ProcountorSandbox;
	let pleo: PleoSandbox;
	let webhookFlow: string;
	let recoverNow: string;
	const timings: string[] = [];

	beforeAll(async () => {
		setup = await startQueueExport({
			workers: 2,
			concurrency: 5,
			logName: 'n8n-queue-kill',
			env: BULL,
		});
		({ q, pc, pleo, webhookFlow } = setup);
		timings.push(`start (main + 2 workers) ${setup.startMs} ms`);
		recoverNow = await importRecoverNow(q.main, setup.refs);
	}, 300_000);

	afterAll(async () => {
		await setup?.stop();
		console.log(`queue-worker-kill timings: ${timings.join(', ')}`);
	}, 120_000);

	/** The executions of the webhook flow and the recovery workflow. */
	async function allExecutions(): Promise<ExecutionSummary[]> {
		const n8n = q.main;
		return [...(await n8n.listExecutions(webhookFlow)), ...(await n8n.listExecutions(recoverNow))];
	}

	/** Polls an execution until it is no longer new or running. */
	const settled = (id: string, ms: number): Promise<ExecutionDetails> =>
		settledExecution(q.main, id, ms);

	/** Where the worker is killed: the request the sandboxes hold, and what is done by then. */
	interface Moment {
		title: string;
		arm(): Promise<void>;
		/** journals posted (and reports sent to Pleo) when the hold triggers */
		posted: number;
		reported: number;
	}

	const MID_EXPORT: Moment = {
		title: `after the ${HELD_JOURNAL}th of ${EXPENSES} journals`,
		// the journal is applied, its answer held
		arm: () =>
			pc.hold.arm({ method: 'POST', path: '/api/ledgerreceipts', nth: HELD_JOURNAL, commit: true }),
		posted: HELD_JOURNAL,
		reported: 0,
	};
	const BEFORE_COMPLETE: Moment = {
		title: 'after Report Results, before Complete',
		// the 1st job event is the trigger's "started" (on the main), the 2nd Complete's: held
		// before Pleo applies it
		arm: () => pleo.hold.arm({ method: 'POST', path: '/v3/export-job-events', nth: 2 }),
		posted: EXPENSES,
		reported: EXPENSES,
	};

	interface Killed {
		ids: string[];
		jobId: string;
		/** the execution the killed worker was running */
		killed: string;
		/** index of the worker left running */
		survivor: number;
		killedAt: number;
		/** executions before this export (a test looks only at its own) */
		before: Set<string>;
	}

	/**
	 * A job of EXPENSES new expenses exported by the webhook flow on a worker, SIGKILLed at `moment`
	 * while the sandbox holds the request. Both workers run when it starts (the one killed by an
	 * earlier test is started again first, as an orchestrator would).
	 */
	async function exportAndKillWorker(moment: Moment): Promise<Killed> {
		const n8n = q.main;
		for (let i = 0; i < q.workers.length; i++) {
			const child = q.workers[i].process;
			if (child.exitCode !== null || child.signalCode !== null) await q.restartWorker(i);
		}
		const before = new Set((await allExecutions()).map((e) => e.id));
		const ids = pleo.addExpenses(EXPENSES);
		const held = moment.arm();
		const t0 = Date.now();
		const job = await pleo.clickExport({ accountingEntryIds: ids });
		expect(job.numberOfItems).toBe(EXPENSES);
		await within(moment.title, held, 120_000, () => `main log:\n${n8n.logTail(30)}`);

		// the execution the webhook started, and the worker running it
		const running = (await n8n.listExecutions(webhookFlow)).filter((e) => e.status === 'running');
		expect(running).toHaveLength(1);
		const killed = running[0].id;
		const victim = q.workerOf(killed);
		expect(victim).toBeGreaterThanOrEqual(0);
		await killN8n(q.workers[victim]);
		const killedAt = Date.now();
		timings.push(`${moment.title}: held after ${killedAt - t0} ms, killed worker ${victim + 1}`);
		// the requests the worker left held died with it: dropped, neither applied nor answered
		await sleep(200);
		pc.hold.release();
		pleo.hold.release();

		const posted = ids.filter((id) => journalsOf(pc, id).length > 0);
		expect(posted).toHaveLength(moment.posted);
		expect(pleo.state.jobs.get(job.id)?.reports).toHaveLength(moment.reported);
		timings.push(
			`${posted.filter((id) => missingReceipts(pc, pleo, id) > 0).length} journals without their receipt`,
		);
		return { ids, jobId: job.id, killed, survivor: 1 - victim, killedAt, before };
	}

	/** The executions since `before` that did not succeed, as "<id> <status>". */
	async function unsuccessful(before: Set<string>): Promise<string[]> {
		return (await allExecutions())
			.filter((e) => !before.has(e.id) && e.status !== 'success')
			.map((e) => `${e.id} ${e.status}`)
			.sort();
	}

	/**
	 * n8n 2.x: the stalled job fails (maxStalledCount 0) and the main marks the execution an error;
	 * nothing runs it again and nothing changes in the books or the job. A Retry of it ends as an
	 * error at once. Returns the retry's id.
	 */
	async function expectFailedNotRerun(moment: Moment, k: Killed): Promise<string> {
		const n8n = q.main;
		const failed = await settled(k.killed, 120_000);
		timings.push(`execution ${failed.status} ${Date.now() - k.killedAt} ms after the kill`);
		expect(failed.status).toBe('error');
		expect(executionError(failed)).toMatch(STALLED);
		expect(q.workerExecutions()[k.survivor]).not.toContain(k.killed);
		const unchanged = () => {
			expect(k.ids.filter((id) => journalsOf(pc, id).length > 0)).toHaveLength(moment.posted);
			expect(k.ids.filter((id) => journalsOf(pc, id).length > 1)).toEqual([]);
			expect(pleo.state.jobs.get(k.jobId)?.job.status).toBe('in_progress');
			expect(pleo.state.jobs.get(k.jobId)?.reports).toHaveLength(moment.reported);
		};
		unchanged();
		// and Pleo refuses the next export while the job stays in progress
		await expect(pleo.clickExport()).rejects.toThrow(/already in_progress/);

		// an ops person's Retry of it does nothing: n8n kept no record of the items it was running
		const retry = await n8n.rest<{ id: string }>('POST', `/executions/${k.killed}/retry`, {
			loadWorkflow: false,
		});
		const retried = await settled(String(retry.id), 60_000);
		expect(retried.status).toBe('error');
		expect(executionError(retried)).toMatch(STALLED);
		unchanged();
		return retried.id;
	}

	/** n8n 1.x: the other worker ran the execution again, to success, reusing the journals. */
	async function expectRerun(moment: Moment, k: Killed): Promise<void> {
		const rerun = await settled(k.killed, 120_000);
		timings.push(`execution ${rerun.status} ${Date.now() - k.killedAt} ms after the kill`);
		expect(executionError(rerun)).toBeUndefined();
		expect(rerun.status).toBe('success');
		expect(q.workerExecutions()[k.survivor]).toContain(k.killed);
		// the journals from before the kill were found by their tag, not posted again
		const reused = nodeOutput(rerun, 'Export Expense').filter((o) => o.procountor?.reused === true);
		expect(reused).toHaveLength(moment.posted);
		expect(await unsuccessful(k.before)).toEqual([]);
	}

	onV2(
		`worker killed ${MID_EXPORT.title}: n8n 2.x fails the execution without running it again, the polling example recovers the job`,
		async () => {
			const k = await exportAndKillWorker(MID_EXPORT);
			const retried = await expectFailedNotRerun(MID_EXPORT, k);

			// docs/recovery.md "To recover at once": the polling example, idle threshold 0, by hand
			const t1 = Date.now();
			const exec = await runManually(q.main, recoverNow, TRIGGER, 180_000);
			timings.push(`recovery run ${Date.now() - t1} ms`);
			expect(executionError(exec)).toBeUndefined();
			expect(exec.status).toBe('success');
			expect(nodeOutput(exec, CLAIM)).toHaveLength(EXPENSES);
			const reused = nodeOutput(exec, 'Export Expense').filter(
				(o) => o.procountor?.reused === true,
			);
			expect(reused).toHaveLength(HELD_JOURNAL);
			expect(recoveryProblems(pc, pleo, k.jobId, k.ids)).toEqual([]);
			expect(await unsuccessful(k.before)).toEqual(
				[`${k.killed} error`, `${retried} error`].sort(),
			);
		},
	);

	onV2(
		`worker killed ${BEFORE_COMPLETE.title}: n8n 2.x fails the execution, the polling example completes the job`,
		async () => {
			const k = await exportAndKillWorker(BEFORE_COMPLETE);
			const retried = await expectFailedNotRerun(BEFORE_COMPLETE, k);

			// every result is reported: Claim Next completes the job and exports nothing
			const exec = await runManually(q.main, recoverNow, TRIGGER, 180_000);
			expect(executionError(exec)).toBeUndefined();
			expect(nodeOutput(exec, CLAIM)).toEqual([]);
			expect(exec.data?.resultData?.runData?.['Export Expense']).toBeUndefined();
			expect(recoveryProblems(pc, pleo, k.jobId, k.ids)).toEqual([]);
			expect(await unsuccessful(k.before)).toEqual(
				[`${k.killed} error`, `${retried} error`].sort(),
			);
		},
	);

	onV1(
		`worker killed ${MID_EXPORT.title}: n8n 1.x runs the execution again on the other worker, which posts nothing twice`,
		async () => {
			const k = await exportAndKillWorker(MID_EXPORT);
			await expectRerun(MID_EXPORT, k);
			expect(recoveryProblems(pc, pleo, k.jobId, k.ids)).toEqual([]);
		},
	);

	onV1(
		`worker killed ${BEFORE_COMPLETE.title}: n8n 1.x runs the execution again, which completes the job (reporting every result a second time)`,
		async () => {
			const k = await exportAndKillWorker(BEFORE_COMPLETE);
			await expectRerun(BEFORE_COMPLETE, k);
			// Report Results sends what it is given: the re-run reports every result again, the same
			// status and journal, before Complete (docs/recovery.md says so)
			expect(recoveryProblems(pc, pleo, k.jobId, k.ids, { timesReported: 2 })).toEqual([]);
		},
	);
});
