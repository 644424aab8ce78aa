// What docs/recovery.md promises once an export that n8n died in the middle of has been recovered,
// checked on the sandboxes' state: the e2e tests that kill n8n (the main process in regular mode,
// a worker in queue mode) share it.
import { findTagInName, idempotencyTag } from '../../../nodes/Procountor/core';
import type { PleoSandbox } from '../../../sandbox/pleo';
import type { ProcountorSandbox } from '../../../sandbox/procountor';
import { EXAMPLE_FILES, loadExample, nodeByName, type CredentialRefs } from './examples';
import type { N8nServer } from './n8n';

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
