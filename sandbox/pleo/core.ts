import { randomUUID } from 'crypto';

import { signFileUrl } from './files';
import { generateExpenses, type GenerateOptions } from './seed';
import type { Account, Expense, ExportJob, JobItem, JobRecord, PleoState, TaxCode } from './state';
import { ITEM_FAILURE_REASONS, JOB_FAILURE_REASONS } from './reasons';
import { PleoApiError, iso, uuidFor } from './util';
import { accountingEntryView, exportItemView, receiptView } from './views';

export { ITEM_FAILURE_REASONS, JOB_FAILURE_REASONS } from './reasons';
export { FILE_URL_TTL_MS, WALLET_TYPES, taxAmountOf } from './views';

export const JOB_TTL_MS = 3_600_000;

export function isActive(job: ExportJob): boolean {
	return job.status === 'pending' || job.status === 'in_progress';
}

export interface CoreOptions {
	/** Sandbox clock in ms (already sped up / advanced). */
	clock: () => number;
	baseUrl: () => string;
	fileSecret: string;
	seed: number;
	receiptFiles: boolean;
}

/** Business logic shared by the HTTP API and the programmatic sandbox API. */
export class PleoCore {
	/** Maximum number of active (non-archived) tags per tag group. */
	activeTagCap = 1000;

	constructor(
		public state: PleoState,
		private readonly opts: CoreOptions,
	) {}

	now(): number {
		return this.opts.clock();
	}

	nextId(kind: string): string {
		this.state.counter++;
		return uuidFor(`${kind}:${this.state.counter}:${randomUUID()}`);
	}

	recordWrite(method: string, path: string): void {
		this.state.writeCount++;
		this.state.writeLog.push({ method, path });
	}

	event(type: string, jobId?: string, detail?: unknown): void {
		this.state.events.push({ id: randomUUID(), at: iso(this.now()), type, jobId, detail });
	}

	// ---------- jobs ----------

	/** Lazily expires jobs whose last update is more than 1 h ago. */
	expireJobs(): void {
		const now = this.now();
		for (const rec of this.state.jobs.values()) {
			if (!isActive(rec.job)) continue;
			const ref = rec.lastUpdatedMs ?? rec.createdMs;
			if (now >= ref + JOB_TTL_MS) {
				const job = rec.job;
				job.status = 'failed';
				job.failureReasonType = 'job_expired';
				job.failureReason = 'The export job expired: no update for 1 hour.';
				job.expiredAt = iso(ref + JOB_TTL_MS);
				this.abandonOpenItems(rec);
				this.finalizeExpenses(rec);
				this.event('job_expired', job.id);
			}
		}
	}

	private abandonOpenItems(rec: JobRecord): void {
		for (const item of rec.items) {
			if (item.status === 'pending' || item.status === 'in_progress') {
				item.status = 'abandoned';
				item.failureReasonType = null;
				item.failureReason = 'The export job ended before this item was exported.';
			}
		}
	}

	private finalizeExpenses(rec: JobRecord): void {
		for (const item of rec.items) {
			const e = this.state.expenses.get(item.accountingEntryId);
			if (!e) continue;
			e.exportStatus = item.status === 'successful' ? 'EXPORTED' : 'QUEUED';
		}
	}

	activeJob(): JobRecord | undefined {
		this.expireJobs();
		return [...this.state.jobs.values()].find((r) => isActive(r.job));
	}

	jobView(rec: JobRecord): ExportJob {
		const job = { ...rec.job };
		if (isActive(job)) {
			const ref = rec.lastUpdatedMs ?? rec.createdMs;
			job.expiresIn = Math.max(0, Math.ceil((ref + JOB_TTL_MS - this.now()) / 1000));
		} else {
			job.expiresIn = 0;
		}
		return job;
	}

	getJob(id: string): JobRecord {
		this.expireJobs();
		const rec = this.state.jobs.get(id);
		if (!rec) throw new PleoApiError(404, 'EXPORT_NOT_FOUND', `export job ${id} not found`);
		return rec;
	}

	queuedExpenseIds(): string[] {
		return [...this.state.expenses.values()]
			.filter((e) => e.exportStatus === 'QUEUED' && !e.deleted)
			.map((e) => e.id);
	}

	private requireContra(): void {
		const c = this.state.company.contraAccounts;
		if (!c || !c.card || !c.outOfPocket || !c.reimbursement) {
			throw new PleoApiError(
				400,
				'MISSING_CONTRA_ACCOUNTS',
				'The company has no contra accounts configured.',
			);
		}
	}

	createJob(
		accountingEntryIds: string[],
		isInteractive: boolean,
		createdBy: string | null,
	): JobRecord {
		this.requireContra();
		const active = this.activeJob();
		if (active) {
			throw new PleoApiError(
				409,
				'EXPORT_ALREADY_IN_PROGRESS',
				`export job ${active.job.id} is already ${active.job.status}`,
			);
		}
		if (accountingEntryIds.length === 0) {
			throw new PleoApiError(400, 'EXPORT_QUEUE_EMPTY', 'there are no expenses to export');
		}
		const unique = [...new Set(accountingEntryIds)];
		for (const id of unique) {
			const e = this.state.expenses.get(id);
			if (!e || e.deleted) {
				throw new PleoApiError(
					400,
					'ACCOUNTING_ENTRY_DOES_NOT_EXIST',
					`accounting entry ${id} does not exist`,
				);
			}
		}
		const now = this.now();
		const id = this.nextId('job');
		const job: ExportJob = {
			id,
			companyId: this.state.company.id,
			status: 'pending',
			isInteractive,
			numberOfItems: unique.length,
			vendorBasedBookkeeping: false,
			createdAt: iso(now),
			createdBy,
			startedAt: null,
			lastUpdatedAt: null,
			completedAt: null,
			expiredAt: null,
			expiresIn: JOB_TTL_MS / 1000,
			failureReason: null,
			failureReasonType: null,
		};
		const items: JobItem[] = unique.map((accountingEntryId) => ({
			accountingEntryId,
			status: 'pending',
			failureReason: null,
			failureReasonType: null,
			externalId: null,
			externalUrl: null,
			exportedAt: null,
		}));
		for (const eid of unique) this.state.expenses.get(eid)!.exportStatus = 'EXPORTING';
		const rec: JobRecord = {
			job,
			items,
			createdMs: now,
			lastUpdatedMs: null,
			itemsFetchedMs: null,
			reports: [],
		};
		this.state.jobs.set(id, rec);
		this.event('job_created', id, { numberOfItems: unique.length });
		return rec;
	}

	private touch(rec: JobRecord): void {
		const now = this.now();
		rec.lastUpdatedMs = now;
		rec.job.lastUpdatedAt = iso(now);
	}

	jobEvent(
		jobId: string,
		event: string,
		failureReason?: string | null,
		failureReasonType?: string | null,
	): JobRecord {
		const rec = this.getJob(jobId);
		const job = rec.job;
		const invalid = (): PleoApiError =>
			new PleoApiError(
				422,
				'INVALID_EXPORT_JOB_STATUS_CHANGE',
				`cannot apply event '${event}' to a job in status '${job.status}'`,
			);
		const now = this.now();
		if (event === 'started') {
			// Claiming is the lock: the check and the change happen in one synchronous step, so of
			// two `started` sent at the same instant exactly one succeeds.
			if (job.status === 'in_progress') {
				throw new PleoApiError(
					409,
					'EXPORT_ALREADY_IN_PROGRESS',
					`export job ${job.id} is already in progress (started ${job.startedAt})`,
				);
			}
			if (job.status !== 'pending') throw invalid();
			job.status = 'in_progress';
			job.startedAt = iso(now);
			this.touch(rec);
		} else if (event === 'completed' || event === 'completed_with_errors') {
			if (job.status !== 'in_progress') throw invalid();
			job.status = event;
			job.completedAt = iso(now);
			this.touch(rec);
			this.abandonOpenItems(rec);
			this.finalizeExpenses(rec);
		} else if (event === 'failed') {
			if (!isActive(job)) throw invalid();
			if (failureReasonType != null && !JOB_FAILURE_REASONS.includes(failureReasonType)) {
				throw new PleoApiError(
					400,
					'INVALID_REQUEST_BODY',
					`unknown failureReasonType '${failureReasonType}'`,
				);
			}
			job.status = 'failed';
			job.completedAt = iso(now);
			job.failureReason = failureReason ?? null;
			job.failureReasonType = failureReasonType ?? null;
			this.touch(rec);
			this.abandonOpenItems(rec);
			this.finalizeExpenses(rec);
		} else {
			throw invalid();
		}
		this.event(
			`job_${event}`,
			job.id,
			failureReasonType ? { failureReasonType, failureReason } : undefined,
		);
		return rec;
	}

	updateItems(
		jobId: string,
		body: unknown,
	): {
		data: JobItem[];
		errors: Array<{ accountingEntryId: string | null; type: string; message: string }>;
	} {
		const rec = this.getJob(jobId);
		if (!Array.isArray(body))
			throw new PleoApiError(400, 'INVALID_REQUEST_BODY', 'body must be an array of item results');
		if (body.length > 100) {
			throw new PleoApiError(
				413,
				'EXPORT_JOB_ITEMS_UPDATE_LIMIT',
				'at most 100 items can be updated per request',
			);
		}
		if (!isActive(rec.job)) {
			throw new PleoApiError(
				422,
				'EXPORT_JOB_STATUS_UNPROCESSABLE',
				`export job is ${rec.job.status}; items can no longer be updated`,
			);
		}
		const byId = new Map(rec.items.map((i) => [i.accountingEntryId, i]));
		const data: JobItem[] = [];
		const errors: Array<{ accountingEntryId: string | null; type: string; message: string }> = [];
		for (const raw of body) {
			const r = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
			const aeid = typeof r.accountingEntryId === 'string' ? r.accountingEntryId : null;
			const fail = (message: string): void => {
				errors.push({
					accountingEntryId: aeid,
					type: 'EXPORT_ENTRY_STATUS_UPDATE_FAILED',
					message,
				});
			};
			const item = aeid ? byId.get(aeid) : undefined;
			if (!item) {
				errors.push({
					accountingEntryId: aeid,
					type: 'ACCOUNTING_ENTRY_DOES_NOT_EXIST',
					message: `accounting entry ${aeid ?? '(missing)'} is not part of export job ${jobId}`,
				});
				continue;
			}
			const status = r.status;
			if (status === 'successful') {
				if (typeof r.externalId !== 'string' || r.externalId === '') {
					fail('externalId is required for successful items');
					continue;
				}
				if (r.externalUrl != null && typeof r.externalUrl !== 'string') {
					fail('externalUrl must be a string');
					continue;
				}
				let exportedAt = iso(this.now());
				if (r.exportedAt != null) {
					if (typeof r.exportedAt !== 'string' || Number.isNaN(Date.parse(r.exportedAt))) {
						fail('exportedAt must be an ISO-8601 date-time');
						continue;
					}
					exportedAt = r.exportedAt;
				}
				item.status = 'successful';
				item.externalId = r.externalId;
				item.externalUrl = (r.externalUrl as string | undefined) ?? null;
				item.exportedAt = exportedAt;
				item.failureReason = null;
				item.failureReasonType = null;
			} else if (status === 'failed' || status === 'in_progress') {
				const frt = r.failureReasonType;
				if (
					status === 'failed' &&
					(typeof frt !== 'string' || !ITEM_FAILURE_REASONS.includes(frt))
				) {
					fail(`failureReasonType must be one of ${ITEM_FAILURE_REASONS.join(', ')}`);
					continue;
				}
				if (
					status === 'in_progress' &&
					frt != null &&
					(typeof frt !== 'string' || !ITEM_FAILURE_REASONS.includes(frt))
				) {
					fail('unknown failureReasonType');
					continue;
				}
				if (r.failureReason != null && typeof r.failureReason !== 'string') {
					fail('failureReason must be a string');
					continue;
				}
				item.status = status;
				item.failureReasonType = (frt as string | undefined) ?? null;
				item.failureReason = (r.failureReason as string | undefined) ?? null;
				item.externalId = null;
				item.externalUrl = null;
				item.exportedAt = null;
			} else {
				fail(`status must be successful, failed or in_progress (got ${JSON.stringify(status)})`);
				continue;
			}
			data.push({ ...item });
			rec.reports.push({ accountingEntryId: item.accountingEntryId, status: item.status });
		}
		if (data.length > 0) this.touch(rec);
		return { data, errors };
	}

	// ---------- export items ----------

	accountByExternalId(externalId: string): Account | undefined {
		for (const a of this.state.accounts.values()) if (a.externalId === externalId) return a;
		return undefined;
	}

	taxByCode(code: string): TaxCode | undefined {
		for (const t of this.state.taxCodes.values()) if (t.code === code) return t;
		return undefined;
	}

	baseUrl(): string {
		return this.opts.baseUrl();
	}

	fileUrl(fileId: string, expiresSeconds: number): string {
		const sig = signFileUrl(this.opts.fileSecret, fileId, expiresSeconds);
		return `${this.opts.baseUrl()}/_files/${fileId}?expires=${expiresSeconds}&sig=${sig}`;
	}

	exportItem(e: Expense, fetchedMs: number): Record<string, unknown> {
		return exportItemView(this, e, fetchedMs);
	}

	// ---------- accounting entries ----------

	accountingEntry(e: Expense): Record<string, unknown> {
		return accountingEntryView(this, e);
	}

	receipt(fileId: string): Record<string, unknown> | undefined {
		return receiptView(this, fileId);
	}

	addExpenses(n: number, opts: GenerateOptions = {}): string[] {
		return generateExpenses(this.state, n, this.opts.seed, {
			receiptFiles: this.opts.receiptFiles,
			...opts,
		});
	}
}
