import { randomUUID } from 'crypto';

import { signFileUrl } from './files';
import { generateExpenses, type GenerateOptions } from './seed';
import type {
	Account,
	Expense,
	ExpenseLine,
	ExportJob,
	JobItem,
	JobRecord,
	PleoState,
	TaxCode,
} from './state';
import { PleoApiError, iso, mulDivRound, rateToBasisPoints, uuidFor } from './util';

export const JOB_TTL_MS = 3_600_000;
export const FILE_URL_TTL_MS = 24 * 3_600_000;

export const JOB_FAILURE_REASONS = [
	'invalid_configuration',
	'missing_configuration',
	'authentication_failure',
	'accounting_system_authentication_failure',
	'pleo_rate_limit',
	'accounting_system_rate_limit',
	'service_unreachable',
	'accounting_system_unreachable',
	'validation_failure',
	'authorization_failure',
	'integration_unusable',
	'job_expired',
	'service_timeout',
	'accounting_system_timeout',
	'canceled_by_user',
];

export const ITEM_FAILURE_REASONS = [
	'receipt_upload_failure',
	'receipt_download_failure',
	'receipt_file_size_limit_exceeded',
	'receipt_conversion_failure',
	'unexpected_failure',
	'invalid_configuration',
	'missing_configuration',
	'accounting_system_authentication_failure',
	'accounting_system_rate_limit',
	'accounting_system_unreachable',
	'validation_failure',
	'accounting_system_validation_failure',
	'authorization_failure',
	'accounting_system_timeout',
	'vendor_unknown',
	'account_unknown',
	'tax_code_unknown',
	'tag_unknown',
];

/** Types whose export items carry a contra account (they touch the wallet balance). */
export const WALLET_TYPES = new Set([
	'card_purchase',
	'card_invoice',
	'fee',
	'cashback',
	'refund',
	'chargeback',
	'direct_reimbursement',
	'invoice_payment',
	'atm_withdrawal',
	'personal_spend',
	'wallet_topup',
	'wallet_unload',
]);

const FAMILY: Record<string, [string, string | null]> = {
	card_purchase: ['CARD_PURCHASE', 'ONLINE'],
	refund: ['CARD_PURCHASE', 'ONLINE'],
	out_of_pocket: ['OUT_OF_POCKET', null],
	mileage: ['MILEAGE', null],
	per_diem: ['PER_DIEM', null],
	fee: ['WALLET', 'FEE'],
	cashback: ['CASHBACK', null],
	direct_reimbursement: ['REIMBURSEMENT', 'REIMBURSEMENT_TO_EMPLOYEE'],
};

export function isActive(job: ExportJob): boolean {
	return job.status === 'pending' || job.status === 'in_progress';
}

/** Tax amount contained in a gross line amount (minor units, exact integer rounding). */
export function taxAmountOf(gross: number, tax: Pick<TaxCode, 'rate' | 'type'>): number {
	if (tax.type === 'reverse') return 0;
	const bp = rateToBasisPoints(tax.rate);
	if (bp === 0) return 0;
	return mulDivRound(gross, bp, 10000 + bp);
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

	private accountModel(externalId: string): {
		id: string;
		name: string;
		code: string | null;
		identifier: string;
	} {
		const a = this.accountByExternalId(externalId);
		if (!a)
			return {
				id: uuidFor(`account:${externalId}`),
				name: externalId,
				code: externalId,
				identifier: externalId,
			};
		return { id: a.id, name: a.name, code: a.code, identifier: a.externalId };
	}

	taxByCode(code: string): TaxCode | undefined {
		for (const t of this.state.taxCodes.values()) if (t.code === code) return t;
		return undefined;
	}

	fileUrl(fileId: string, expiresSeconds: number): string {
		const sig = signFileUrl(this.opts.fileSecret, fileId, expiresSeconds);
		return `${this.opts.baseUrl()}/_files/${fileId}?expires=${expiresSeconds}&sig=${sig}`;
	}

	private lineTax(line: ExpenseLine): {
		tax: TaxCode | undefined;
		wallet: number;
		supplier: number;
	} {
		const tax = this.taxByCode(line.taxCode);
		if (!tax) return { tax, wallet: 0, supplier: 0 };
		return {
			tax,
			wallet: taxAmountOf(line.walletAmount, tax),
			supplier: taxAmountOf(line.supplierAmount, tax),
		};
	}

	exportItem(e: Expense, fetchedMs: number): Record<string, unknown> {
		const money = (supplier: number, wallet: number): Record<string, unknown> => ({
			inSupplierCurrency: { currency: e.supplierCurrency, value: supplier },
			inWalletCurrency: { currency: e.walletCurrency, value: wallet },
		});
		const employee = this.state.employees.find((x) => x.id === e.employeeId);
		const team = e.teamId ? this.state.teams.find((t) => t.id === e.teamId) : undefined;
		const contra = this.state.company.contraAccounts;
		let contraAccount: unknown = null;
		if (WALLET_TYPES.has(e.type) && contra) {
			contraAccount = this.accountModel(
				e.type === 'direct_reimbursement' ? contra.reimbursement : contra.card,
			);
		}
		const expires = Math.floor((fetchedMs + FILE_URL_TTL_MS) / 1000);
		let reconciledEntries: string[] | null = null;
		if (e.type === 'direct_reimbursement') {
			reconciledEntries = [...this.state.expenses.values()]
				.filter((x) => x.type === 'out_of_pocket' && x.employeeId === e.employeeId)
				.map((x) => x.reconciliationId);
		}
		return {
			accountingEntryId: e.id,
			companyId: this.state.company.id,
			type: e.type,
			subType: e.subType,
			date: e.date,
			amount: money(
				e.lines.reduce((s, l) => s + l.supplierAmount, 0),
				e.lines.reduce((s, l) => s + l.walletAmount, 0),
			),
			note: e.note,
			accountingEntryLines: e.lines.map((l) => {
				const t = this.lineTax(l);
				return {
					accountingEntryLineId: l.id,
					lineAmount: money(l.supplierAmount, l.walletAmount),
					netAmount: money(l.supplierAmount - t.supplier, l.walletAmount - t.wallet),
					account: this.accountModel(l.accountExternalId),
					tax: t.tax
						? {
								id: t.tax.id,
								code: t.tax.code,
								rate: t.tax.rate,
								type: t.tax.type,
								amount: money(t.supplier, t.wallet),
								ingoingTaxAccount: t.tax.ingoingTaxAccount,
								outgoingTaxAccount: t.tax.outgoingTaxAccount,
							}
						: null,
					tags: l.tags.map((tag) => ({ id: tag.id, code: tag.code, groupCode: tag.groupCode })),
				};
			}),
			contraAccount,
			bookkeeping: { method: 'journal' },
			supplier: e.supplier ? { ...e.supplier, account: null, taxIdentifier: null } : null,
			vendor: null,
			user: employee
				? {
						id: employee.id,
						name: `${employee.firstName} ${employee.lastName}`,
						code: employee.code,
					}
				: null,
			team: team ? { id: team.id, name: team.name, code: team.code } : null,
			files: e.fileIds
				.map((fid) => this.state.files.get(fid))
				.filter((f): f is NonNullable<typeof f> => !!f)
				.map((f) => ({ url: this.fileUrl(f.id, expires), type: f.mimeType, size: f.size })),
			servicePeriod: null,
			additionalInformation: {
				reconciliationId: e.reconciliationId,
				reconciledEntries,
				attendees: [],
				invoiceInformation: null,
			},
			_links: { web: { exportItem: `${this.opts.baseUrl()}/_sandbox/expenses/${e.id}` } },
		};
	}

	// ---------- accounting entries ----------

	accountingEntry(e: Expense): Record<string, unknown> {
		const [family, subFamily] = FAMILY[e.type] ?? ['CARD_PURCHASE', null];
		const first = e.lines[0];
		const acc = (l: ExpenseLine): Account | undefined =>
			this.accountByExternalId(l.accountExternalId);
		const tagsOf = (l: ExpenseLine): Array<{ tagGroupId: string; tagId: string }> =>
			l.tags.map((t) => ({ tagGroupId: t.groupId, tagId: t.id }));
		const supplierTotal = e.lines.reduce((s, l) => s + l.supplierAmount, 0);
		const walletTotal = e.lines.reduce((s, l) => s + l.walletAmount, 0);
		const nil = '00000000-0000-0000-0000-000000000000';
		return {
			id: e.id,
			companyId: this.state.company.id,
			employeeId: e.employeeId,
			teamId: e.teamId,
			family,
			subFamily,
			status: 'COMPLETED',
			exportStatus: e.exportStatus,
			reviewStatus: 'NOT_REQUIRED',
			performedAt: e.date,
			settledAt: e.settledAt,
			bookkeepingDate: e.settledAt ?? e.date,
			createdAt: e.createdAt,
			updatedAt: e.updatedAt ?? e.createdAt,
			deletedAt: e.deleted ? (e.deletedAt ?? e.createdAt) : null,
			accountId: first ? (acc(first)?.id ?? nil) : nil,
			accountCode: first ? first.accountExternalId : null,
			taxCodeId: first ? (this.taxByCode(first.taxCode)?.id ?? nil) : nil,
			note: e.note,
			tags: first ? tagsOf(first) : [],
			splitItems:
				e.lines.length > 1
					? e.lines.map((l) => ({
							id: l.id,
							accountId: acc(l)?.id ?? nil,
							accountCode: l.accountExternalId,
							taxCodeId: this.taxByCode(l.taxCode)?.id ?? nil,
							tags: tagsOf(l),
							transactionValue: { currency: e.supplierCurrency, minors: l.supplierAmount },
							totalBillValue: { currency: e.walletCurrency, minors: l.walletAmount },
							createdAt: e.createdAt,
							updatedAt: e.createdAt,
						}))
					: [],
			transactionValue: { currency: e.supplierCurrency, minors: supplierTotal },
			totalBillValue: { currency: e.walletCurrency, minors: walletTotal },
			receiptIds: [...e.fileIds],
			attendees: [],
			supplier: null,
			foreignExtensionId: null,
		};
	}

	receipt(fileId: string): Record<string, unknown> | undefined {
		const f = this.state.files.get(fileId);
		if (!f) return undefined;
		const expires = Math.floor((this.now() + FILE_URL_TTL_MS) / 1000);
		return {
			id: f.id,
			accountingEntryId: f.accountingEntryId,
			createdAt: f.createdAt,
			fileType: 'ORIGINAL',
			mimeType: f.mimeType,
			sizeInBytes: f.size,
			source: 'USER',
			url: this.fileUrl(f.id, expires),
			ocrDocumentId: null,
		};
	}

	addExpenses(n: number, opts: GenerateOptions = {}): string[] {
		return generateExpenses(this.state, n, this.opts.seed, {
			receiptFiles: this.opts.receiptFiles,
			...opts,
		});
	}
}
