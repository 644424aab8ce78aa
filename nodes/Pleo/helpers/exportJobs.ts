// Export jobs on a PleoClient: reading a job, claiming it (the lock), job events with read-back,
// the next job to work on, its items, and completing a job with nothing left to export. Shared by
// the Pleo node's Export Job operations (Claim Next, Start, Complete, Get) and the Pleo Trigger.
import type { IDataObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { toNodeError } from '../../shared/perItem';
import { decideJobCompletion, isOpenJobItem, type JobCompletionDecision } from '../core/results';

import type { PleoClient } from '../transport';

export type JobEvent = 'started' | 'completed' | 'completed_with_errors' | 'failed';

const TARGET_STATUS: Record<JobEvent, string> = {
	started: 'in_progress',
	completed: 'completed',
	completed_with_errors: 'completed_with_errors',
	failed: 'failed',
};

export async function getExportJob(client: PleoClient, jobId: string): Promise<IDataObject> {
	const response = await client.request('GET', `/v3/export-jobs/${encodeURIComponent(jobId)}`);
	return ((response as IDataObject).data ?? response) as IDataObject;
}

/** What became of a job event: Pleo accepted it, or the job already had its target status. */
export type JobEventOutcome = 'sent' | 'already';

const EVENT_ATTEMPTS = 3;
const FINAL_STATUSES = new Set(['completed', 'completed_with_errors', 'failed']);
const TRANSIENT = [500, 502, 503, 504];

/** What an operator does about a job left in progress after a completion that did not go through. */
export function unfinishedJobAdvice(jobId: string): string {
	return (
		`Export job ${jobId} stays in progress, and Pleo refuses new exports until it ends. ` +
		'The next run of Claim Next (the polling example) finishes it: a job with nothing left to ' +
		'export is completed at once, with the outcome its reported results imply; a job with ' +
		'expenses left is resumed once it has been idle for Resume Only After Idle. ' +
		`Or run Complete again for job ${jobId}.`
	);
}

/**
 * Sends a job event (POST /v3/export-job-events). A POST is not retried blindly: after a 5xx,
 * a network failure or a refused transition (409/422) the job is read back, and the event counts
 * as delivered when the job already has the target status (our earlier attempt went through, or
 * another execution ended the job the same way). A job still in progress gets the event again,
 * up to 3 attempts; a job that ended otherwise, a 4xx or the last failure throw, naming the job
 * and what to do.
 */
export async function sendJobEvent(
	client: PleoClient,
	jobId: string,
	event: JobEvent,
	reason?: { failureReasonType?: string; failureReason?: string },
): Promise<JobEventOutcome> {
	const body: IDataObject = { jobId, event };
	if (reason?.failureReasonType) body.failureReasonType = reason.failureReasonType;
	if (reason?.failureReason) body.failureReason = reason.failureReason;
	const target = TARGET_STATUS[event];
	// a refused transition is read back only for the final events: "started" on a job someone
	// else started must stay an error (claimJob handles that race itself)
	const allowStatus = event === 'started' ? [...TRANSIENT] : [409, 422, ...TRANSIENT];
	for (let attempt = 1; ; attempt++) {
		let failure: string;
		let refusal: string | undefined;
		try {
			const response = await client.requestFull('POST', '/v3/export-job-events', {
				body,
				idempotent: false,
				allowStatus,
			});
			if (response.statusCode < 300) return 'sent';
			failure = `HTTP ${response.statusCode}`;
			if (response.statusCode === 409 || response.statusCode === 422) {
				const b = (response.body ?? {}) as IDataObject;
				refusal = [b.type, b.message].filter(Boolean).join(': ') || failure;
			}
		} catch (error) {
			// a 4xx (auth, a bad request) will not change by sending again
			if (error instanceof NodeApiError && String(error.httpCode ?? '').startsWith('4')) {
				throw toNodeError(client.ctx, error);
			}
			failure = error instanceof Error ? error.message : String(error);
		}
		const job = await getExportJob(client, jobId);
		const status = String(job.status ?? '');
		if (status === target) return 'already';
		// still where the event starts from: it did not apply, send it again
		const from = event === 'started' ? 'pending' : 'in_progress';
		if (refusal !== undefined || status !== from) {
			const ended = FINAL_STATUSES.has(status) ? `already ended as "${status}"` : `"${status}"`;
			throw new NodeOperationError(
				client.ctx.getNode(),
				`Pleo did not accept "${event}" for export job ${jobId}: the job is ${ended}${refusal ? ` (${refusal})` : ''}`,
				{
					description:
						job.failureReasonType === 'job_expired'
							? `Pleo expired job ${jobId} after 60 minutes without activity; its expenses are back in the export queue and the next export job carries them.`
							: FINAL_STATUSES.has(status)
								? `Job ${jobId} was ended by another execution or in Pleo; nothing is left to do for it.`
								: undefined,
				},
			);
		}
		if (attempt >= EVENT_ATTEMPTS) {
			throw new NodeOperationError(
				client.ctx.getNode(),
				`Pleo did not accept "${event}" for export job ${jobId} (${failure}; ${attempt} attempts)`,
				{ description: event === 'started' ? undefined : unfinishedJobAdvice(jobId) },
			);
		}
		await client.pause(1000 * attempt);
	}
}

/** Why a job could not be claimed, or the status of the job that was not claimed. */
export type ClaimRefusal =
	| 'unknown_job'
	| 'job_expired'
	| 'already_in_progress'
	| 'in_progress'
	| 'completed'
	| 'completed_with_errors'
	| 'failed'
	| string;

export type JobClaim =
	| { claimed: true; job: IDataObject; resumed: boolean }
	| { claimed: false; status: ClaimRefusal; job?: IDataObject };

const STARTED_ATTEMPTS = 3;

/**
 * Sends `started` for a pending job. Pleo applies it atomically: of two `started` for the same
 * job only one gets 2xx, the other gets 409 EXPORT_ALREADY_IN_PROGRESS (or 422 when the job
 * moved on meanwhile). Returns false when the job was not ours to start. After a 5xx `started` is
 * sent again; a 409 then means "someone started it, perhaps our own first attempt", and the job is left to Claim Next's idle rule rather than risk two exporters.
 */
async function startPendingJob(client: PleoClient, jobId: string): Promise<boolean> {
	for (let attempt = 1; ; attempt++) {
		const { statusCode } = await client.requestFull('POST', '/v3/export-job-events', {
			body: { jobId, event: 'started' },
			idempotent: false,
			allowStatus: [409, 422, 500, 502, 503],
		});
		if (statusCode < 300) return true;
		if (statusCode === 409 || statusCode === 422) return false;
		if (attempt >= STARTED_ATTEMPTS) {
			throw new NodeOperationError(
				client.ctx.getNode(),
				`Pleo did not accept "started" for export job ${jobId} (HTTP ${statusCode})`,
			);
		}
		await client.pause(500 * attempt);
	}
}

/**
 * Claims a job for processing. Claiming is the lock: a pending job is claimed by the one caller
 * whose `started` Pleo accepts. A job already in progress is resumed (without `started`) only
 * when `resumeInProgress` is set, as Claim Next does after its idle rule; the trigger never
 * resumes, so a redelivered webhook cannot start a second export of a running job.
 */
export async function claimJob(
	client: PleoClient,
	jobId: string,
	options: { resumeInProgress: boolean },
): Promise<JobClaim> {
	const response = await client.requestFull('GET', `/v3/export-jobs/${encodeURIComponent(jobId)}`, {
		allowStatus: [404],
	});
	if (response.statusCode === 404) return { claimed: false, status: 'unknown_job' };
	const body = response.body as IDataObject;
	const job = (body.data ?? body) as IDataObject;
	const status = String(job.status ?? '');
	if (status === 'pending') {
		if (await startPendingJob(client, jobId)) {
			return { claimed: true, job: { ...job, status: 'in_progress' }, resumed: false };
		}
		return { claimed: false, status: 'already_in_progress', job };
	}
	if (status === 'in_progress' && options.resumeInProgress) {
		return { claimed: true, job, resumed: true };
	}
	if (status === 'failed' && job.failureReasonType === 'job_expired') {
		return { claimed: false, status: 'job_expired', job };
	}
	return { claimed: false, status, job };
}

/** Oldest pending job, or (when resuming is allowed) the oldest job stuck in_progress. */
export async function findNextJob(
	client: PleoClient,
	companyId: string,
	includeInProgress: boolean,
): Promise<IDataObject | undefined> {
	const statuses = includeInProgress ? ['in_progress', 'pending'] : ['pending'];
	const jobs = await client.getAllPages('GET', '/v3/export-jobs', {
		qs: { company_id: companyId, statuses },
	});
	const byAge = (a: IDataObject, b: IDataObject) =>
		String(a.createdAt ?? '').localeCompare(String(b.createdAt ?? ''));
	const inProgress = jobs.filter((j) => j.status === 'in_progress').sort(byAge);
	// a job already in progress must be finished first (one job at a time)
	if (includeInProgress && inProgress.length) return inProgress[0];
	return jobs.filter((j) => j.status === 'pending').sort(byAge)[0];
}

/** The job items of a job (control layer, all pages): accountingEntryId and status. */
export async function fetchJobItems(
	client: PleoClient,
	jobId: string,
	companyIdOverride?: string,
): Promise<IDataObject[]> {
	const companyId = await client.companyId(companyIdOverride);
	return await client.getAllPages('GET', `/v3/export-jobs/${encodeURIComponent(jobId)}/items`, {
		qs: { company_id: companyId },
	});
}

/**
 * The results Pleo has on record for a job's items (successful or failed), by accounting entry
 * id: what earlier runs of the job reported (a run killed during Report Results, a resumed job).
 * `GET /v3/export-jobs/{jobId}/items` needs no company ID.
 */
export async function recordedResults(
	client: PleoClient,
	jobId: string,
): Promise<Map<string, 'successful' | 'failed'>> {
	const items = await client.getAllPages(
		'GET',
		`/v3/export-jobs/${encodeURIComponent(jobId)}/items`,
	);
	const out = new Map<string, 'successful' | 'failed'>();
	for (const item of items) {
		if (item.status === 'successful' || item.status === 'failed') {
			out.set(String(item.accountingEntryId), item.status);
		}
	}
	return out;
}

/**
 * The export items of a job that still need exporting: reads the job items (control layer,
 * unless given) and the export items (all pages) and keeps those whose job item is pending or
 * in_progress. Each returned item carries `jobId`.
 */
export async function fetchJobExportItems(
	client: PleoClient,
	jobId: string,
	companyIdOverride?: string,
	jobItems?: IDataObject[],
): Promise<IDataObject[]> {
	const companyId = await client.companyId(companyIdOverride);
	const items = jobItems ?? (await fetchJobItems(client, jobId, companyId));
	const open = new Set(items.filter(isOpenJobItem).map((i) => String(i.accountingEntryId)));
	if (open.size === 0) return [];
	const exportItems = await client.getAllPages('GET', '/v3/export-items', {
		qs: { job_id: jobId, company_id: companyId },
	});
	return exportItems
		.filter((item) => open.has(String(item.accountingEntryId)))
		.map((item) => ({ ...item, jobId }));
}

/** A job with nothing left to export, completed by finishExportedJob. */
export interface FinishedJob extends JobCompletionDecision {
	jobId: string;
	/** 'already' when the job had that status before (another execution completed it) */
	outcome: JobEventOutcome;
}

/**
 * Completes an in-progress job that has nothing left to export (every job item reported
 * successful or failed), with the outcome its reported results imply: all successful →
 * completed, some failed → completed_with_errors, none successful → failed. This is the step a
 * crashed execution did not reach (killed after Report Results, or its Complete failed); without
 * it the job would stay in progress and Pleo would refuse new exports until it expired as failed.
 * Returns undefined when the job still has items to export.
 */
export async function finishExportedJob(
	client: PleoClient,
	jobId: string,
	jobItems: IDataObject[],
): Promise<FinishedJob | undefined> {
	if (jobItems.some(isOpenJobItem)) return undefined;
	const decision = decideJobCompletion(jobItems.map((i) => ({ status: i.status })));
	const outcome = await sendJobEvent(client, jobId, decision.event, {
		failureReasonType: decision.failureReasonType,
		failureReason: decision.failureReason,
	});
	return { jobId, outcome, ...decision };
}
