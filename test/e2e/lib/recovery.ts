// What docs/recovery.md promises once an export that n8n died in the middle of has been recovered,
// checked on the sandboxes' state: the e2e tests that kill n8n (the main process in regular mode,
// a worker or the main in queue mode) share it, and the queue-mode ones their set-up.
import { findTagInName, idempotencyTag } from '../../../nodes/Procountor/core';
import { startPleoSandbox, type PleoSandbox, type PleoSandboxOptions } from '../../../sandbox/pleo';
import { startProcountorSandbox, type ProcountorSandbox } from '../../../sandbox/procountor';
import {
	EXAMPLE_FILES,
	createSandboxCredentials,
	loadExample,
	nodeByName,
	type CredentialRefs,
} from './examples';
import { packPackage } from './install';
import type { ExecutionDetails, N8nServer } from './n8n';
import { startQueueN8n, type QueueN8n, type QueueN8nOptions } from './queue';

/** The polling example's node that claims the export job (its output: the expenses it exports). */
export const CLAIM = 'Claim Next Export Job';

/**
 * Imports the polling example as docs/recovery.md's one-off "recover now" run: the same workflow
 * with Resume Only After Idle at its minimum, so that a job left in progress is resumed at once.
 */
export async function importRecoverNow(n8n: N8nServer, refs: CredentialRefs): Promise<string> {
	const now = loadExample(EXAMPLE_FILES.exportPolling, refs, {
		name: 'Export Pleo expenses to Procountor (polling): recover now',
	});
	nodeByName(now, CLAIM).parameters.options = { resumeAfterMinutes: 0 };
	return await n8n.importWorkflow(now);
}

/** The sandbox company the example workflows' credentials point at. */
const COMPANY = 1001;

/** The journals in Procountor that carry the idempotency tag of a Pleo expense. */
export function journalsOf(pc: ProcountorSandbox, accountingEntryId: string) {
	const tag = idempotencyTag(accountingEntryId);
	return pc.state.companies[COMPANY].ledgerReceipts.filter((j) => findTagInName(j.name) === tag);
}

/** How many of the expenses' receipts are not attached to their journal (yet). */
export function missingReceipts(
	pc: ProcountorSandbox,
	pleo: PleoSandbox,
	accountingEntryId: string,
): number {
	const [journal] = journalsOf(pc, accountingEntryId);
	const files = pleo.state.expenses.get(accountingEntryId)?.fileIds.length ?? 0;
	if (!journal) return files;
	const attached = pc.state.companies[COMPANY].attachments.filter(
		(a) => a.referenceType === 'INVOICE' && a.referenceId === journal.invoiceId,
	).length;
	return Math.max(files - attached, 0);
}

/**
 * Everything that is wrong with a recovered export job, one line each (empty when recovered):
 * the job is completed; each expense has exactly one journal, valid (nothing posted twice, none
 * lost); each expense was reported to Pleo once (or `timesReported` times), as successful with
 * that journal; each of its receipts is attached once.
 */
export function recoveryProblems(
	pc: ProcountorSandbox,
	pleo: PleoSandbox,
	jobId: string,
	accountingEntryIds: string[],
	{ timesReported = 1 }: { timesReported?: number } = {},
): string[] {
	const problems: string[] = [];
	const rec = pleo.state.jobs.get(jobId);
	if (!rec) return [`no export job ${jobId} in Pleo`];
	if (rec.job.status !== 'completed') problems.push(`job ${jobId} is ${rec.job.status}`);
	for (const id of accountingEntryIds) {
		const journals = journalsOf(pc, id);
		if (journals.length !== 1) {
			problems.push(`${id}: ${journals.length} journals (${journals.map((j) => j.id).join(', ')})`);
			continue;
		}
		const [journal] = journals;
		if (journal.status === 'INVALIDATED') problems.push(`${id}: its journal is invalidated`);
		const reports = rec.reports.filter((r) => r.accountingEntryId === id).map((r) => r.status);
		if (reports.length !== timesReported || reports.some((r) => r !== 'successful')) {
			problems.push(
				`${id}: reported ${JSON.stringify(reports)} instead of ${timesReported}x as successful`,
			);
		}
		const item = rec.items.find((i) => i.accountingEntryId === id);
		if (item?.status !== 'successful' || item.externalId !== String(journal.id)) {
			problems.push(
				`${id}: Pleo's item is ${item?.status} with journal ${item?.externalId}, Procountor has ${journal.id}`,
			);
		}
		const files = pleo.state.expenses.get(id)?.fileIds ?? [];
		const attached = pc.state.companies[COMPANY].attachments
			.filter((a) => a.referenceType === 'INVOICE' && a.referenceId === journal.invoiceId)
			.map((a) => a.name);
		if (attached.length !== files.length || new Set(attached).size !== attached.length) {
			problems.push(`${id}: ${files.length} receipts, attached ${JSON.stringify(attached)}`);
		}
	}
	const extra = rec.items.filter((i) => !accountingEntryIds.includes(i.accountingEntryId));
	if (extra.length > 0)
		problems.push(`job has other items: ${extra.map((i) => i.accountingEntryId)}`);
	return problems;
}

/** The queue-mode kill tests' set-up: both sandboxes, n8n in queue mode, the webhook example. */
export interface QueueExport {
	q: QueueN8n;
	pc: ProcountorSandbox;
	pleo: PleoSandbox;
	refs: CredentialRefs;
	/** the webhook example (examples/export-pleo-expenses-to-procountor.json), active */
	webhookFlow: string;
	/** milliseconds to start the main and the workers */
	startMs: number;
	/** Releases the sandboxes' holds, stops n8n, Redis, PostgreSQL and the sandboxes. */
	stop(): Promise<void>;
}

/**
 * Starts the Procountor and Pleo sandboxes and n8n in queue mode (./queue) with the package,
 * creates the sandbox credentials, imports the webhook example and activates it on the main
 * (which subscribes it to Pleo's export-job webhook). `pleo`: the Pleo sandbox's options.
 */
export async function startQueueExport(
	opts: QueueN8nOptions & { pleo?: PleoSandboxOptions },
): Promise<QueueExport> {
	const { pleo: pleoOptions, ...queueOptions } = opts;
	const pc = await startProcountorSandbox();
	const pleo = await startPleoSandbox(pleoOptions);
	let q: QueueN8n | undefined;
	const stop = async (): Promise<void> => {
		pc.hold.release();
		pleo.hold.release();
		await q?.stop();
		await pc.close();
		await pleo.close();
	};
	try {
		const t0 = Date.now();
		q = await startQueueN8n({ packageTgz: await packPackage(), ...queueOptions });
		const startMs = Date.now() - t0;
		const refs = await createSandboxCredentials(q.main, {
			pleoUrl: pleo.url,
			procountorUrl: pc.url,
		});
		const webhookFlow = await q.main.importWorkflow(loadExample(EXAMPLE_FILES.exportWebhook, refs));
		await q.main.activateWorkflow(webhookFlow);
		return { q, pc, pleo, refs, webhookFlow, startMs, stop };
	} catch (err) {
		await stop();
		throw err;
	}
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Polls an execution until it is no longer new or running; fails after `ms` with n8n's log. */
export async function settledExecution(
	n8n: N8nServer,
	id: string,
	ms: number,
): Promise<ExecutionDetails> {
	const deadline = Date.now() + ms;
	for (;;) {
		const exec = await n8n.getExecution(id, true);
		if (!['new', 'running'].includes(exec.status)) return exec;
		if (Date.now() > deadline) {
			throw new Error(
				`execution ${id} still ${exec.status} after ${ms} ms; log:\n${n8n.logTail(30)}`,
			);
		}
		await sleep(500);
	}
}

/** Waits for a promise (e.g. a request hold to trigger), failing after `ms` with `detail()`. */
export async function within<T>(
	what: string,
	promise: Promise<T>,
	ms: number,
	detail: () => string = () => '',
): Promise<T> {
	let timer: NodeJS.Timeout | undefined;
	const timeout = new Promise<never>((_, reject) => {
		timer = setTimeout(() => reject(new Error(`${what}: not within ${ms} ms\n${detail()}`)), ms);
	});
	try {
		return await Promise.race([promise, timeout]);
	} finally {
		clearTimeout(timer);
	}
}
