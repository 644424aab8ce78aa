import type { IDataObject } from 'n8n-workflow';
import { NodeOperationError, sleep } from 'n8n-workflow';

import {
	getPleoCompanyId,
	pleoApiRequest,
	pleoApiRequestAllItems,
	pleoApiRequestFull,
	type PleoContext,
} from '../transport';

export type JobEvent = 'started' | 'completed' | 'completed_with_errors' | 'failed';

const TARGET_STATUS: Record<JobEvent, string> = {
	started: 'in_progress',
	completed: 'completed',
	completed_with_errors: 'completed_with_errors',
	failed: 'failed',
};

export async function getExportJob(this: PleoContext, jobId: string): Promise<IDataObject> {
	const response = await pleoApiRequest.call(
		this,
		'GET',
		`/v3/export-jobs/${encodeURIComponent(jobId)}`,
	);
	return ((response as IDataObject).data ?? response) as IDataObject;
}

/**
 * Sends a job event (POST /v3/export-job-events). A POST is not retried blindly: after a
 * 5xx or network failure the job is read back, and the event counts as delivered when the job
 * already has the target status; otherwise it is sent once more.
 */
export async function sendJobEvent(
	this: PleoContext,
	jobId: string,
	event: JobEvent,
	reason?: { failureReasonType?: string; failureReason?: string },
): Promise<void> {
	const body: IDataObject = { jobId, event };
	if (reason?.failureReasonType) body.failureReasonType = reason.failureReasonType;
	if (reason?.failureReason) body.failureReason = reason.failureReason;
	for (let attempt = 1; ; attempt++) {
		const response = await pleoApiRequestFull.call(this, 'POST', '/v3/export-job-events', {
			body,
			idempotent: false,
			allowStatus: [500, 502, 503],
		});
		if (response.statusCode < 300) return;
		const job = await getExportJob.call(this, jobId);
		if (job.status === TARGET_STATUS[event]) return;
		if (attempt >= 2) {
			throw new NodeOperationError(
				this.getNode(),
				`Pleo did not accept the "${event}" event for export job ${jobId} (HTTP ${response.statusCode})`,
			);
		}
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
async function startPendingJob(this: PleoContext, jobId: string): Promise<boolean> {
	for (let attempt = 1; ; attempt++) {
		const { statusCode } = await pleoApiRequestFull.call(this, 'POST', '/v3/export-job-events', {
			body: { jobId, event: 'started' },
			idempotent: false,
			allowStatus: [409, 422, 500, 502, 503],
		});
		if (statusCode < 300) return true;
		if (statusCode === 409 || statusCode === 422) return false;
		if (attempt >= STARTED_ATTEMPTS) {
			throw new NodeOperationError(
				this.getNode(),
				`Pleo did not accept "started" for export job ${jobId} (HTTP ${statusCode})`,
			);
		}
		await sleep(500 * attempt);
	}
}

/**
 * Claims a job for processing. Claiming is the lock: a pending job is claimed by the one caller
 * whose `started` Pleo accepts. A job already in progress is resumed (without `started`) only
 * when `resumeInProgress` is set, as Claim Next does after its idle rule; the trigger never
 * resumes, so a redelivered webhook cannot start a second export of a running job.
 */
export async function claimJob(
	this: PleoContext,
	jobId: string,
	options: { resumeInProgress: boolean },
): Promise<JobClaim> {
	const response = await pleoApiRequestFull.call(
		this,
		'GET',
		`/v3/export-jobs/${encodeURIComponent(jobId)}`,
		{ allowStatus: [404] },
	);
	if (response.statusCode === 404) return { claimed: false, status: 'unknown_job' };
	const body = response.body as IDataObject;
	const job = (body.data ?? body) as IDataObject;
	const status = String(job.status ?? '');
	if (status === 'pending') {
		if (await startPendingJob.call(this, jobId)) {
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
	this: PleoContext,
	companyId: string,
	includeInProgress: boolean,
): Promise<IDataObject | undefined> {
	const statuses = includeInProgress ? ['in_progress', 'pending'] : ['pending'];
	const jobs = await pleoApiRequestAllItems.call(this, 'GET', '/v3/export-jobs', {
		qs: { company_id: companyId, statuses },
	});
	const byAge = (a: IDataObject, b: IDataObject) =>
		String(a.createdAt ?? '').localeCompare(String(b.createdAt ?? ''));
	const inProgress = jobs.filter((j) => j.status === 'in_progress').sort(byAge);
	// a job already in progress must be finished first (one job at a time)
	if (includeInProgress && inProgress.length) return inProgress[0];
	return jobs.filter((j) => j.status === 'pending').sort(byAge)[0];
}

/**
 * The export items of a job that still need exporting: reads the job items (control layer) and
 * the export items (all pages) and keeps those whose job item is pending or in_progress.
 * Each returned item carries `jobId`.
 */
export async function fetchJobExportItems(
	this: PleoContext,
	jobId: string,
	companyIdOverride?: string,
): Promise<IDataObject[]> {
	const companyId = await getPleoCompanyId.call(this, companyIdOverride);
	const jobItems = await pleoApiRequestAllItems.call(
		this,
		'GET',
		`/v3/export-jobs/${encodeURIComponent(jobId)}/items`,
		{ qs: { company_id: companyId } },
	);
	const open = new Set(
		jobItems
			.filter((i) => i.status === 'pending' || i.status === 'in_progress')
			.map((i) => String(i.accountingEntryId)),
	);
	if (open.size === 0) return [];
	const exportItems = await pleoApiRequestAllItems.call(this, 'GET', '/v3/export-items', {
		qs: { job_id: jobId, company_id: companyId },
	});
	return exportItems
		.filter((item) => open.has(String(item.accountingEntryId)))
		.map((item) => ({ ...item, jobId }));
}
