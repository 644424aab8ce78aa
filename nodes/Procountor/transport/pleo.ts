// A small Pleo External API client for the Procountor node's set-up operations (tag groups, tags,
// chart of accounts, tax codes). It deliberately does not import from nodes/Pleo: the Procountor
// and Pleo code stay apart so the package can be split later.
import type {
	IDataObject,
	IExecuteFunctions,
	IHttpRequestMethods,
	IHttpRequestOptions,
	ILoadOptionsFunctions,
	JsonObject,
} from 'n8n-workflow';
import { NodeApiError, NodeOperationError, sleep } from 'n8n-workflow';
import { asObject } from './index';

export type PleoClientContext = IExecuteFunctions | ILoadOptionsFunctions;

export const PLEO_PRODUCTION_URL = 'https://external.pleo.io';
export const PLEO_STAGING_URL = 'https://external.staging.pleo.io';

/** Pleo's page size maximum for the list endpoints used here. */
export const PLEO_PAGE_SIZE = 100;
/** `POST /v0/tags/archive` takes at most 100 ids. */
export const PLEO_TAG_BATCH = 100;
/** `POST /v1/chart-of-accounts/batch` takes at most 1000 accounts. */
export const PLEO_ACCOUNT_BATCH = 1000;

export interface PleoTagGroup {
	id: string;
	code: string | null;
	name: string | null;
	archived: boolean;
	metadata?: Record<string, string> | null;
}

export interface PleoTagRecord {
	id: string;
	groupId?: string;
	code: string | null;
	name: string | null;
	archived: boolean;
}

export interface PleoAccountRecord {
	id: string;
	externalId: string;
	code: string | null;
	name: string;
	archived: boolean;
	taxCodeExternalId?: string | null;
	metadata?: Record<string, string> | null;
}

export interface PleoTaxCodeRecord {
	id: string;
	code: string;
	name: string;
	rate: number | string;
	type: 'inclusive' | 'exclusive' | 'reverse' | string;
	archived: boolean;
	ingoingTaxAccount?: string | null;
	outgoingTaxAccount?: string | null;
}

export interface PleoTaxCodeInput {
	name: string;
	code: string;
	rate: number;
	type: 'inclusive' | 'exclusive' | 'reverse';
	archived: boolean;
	ingoingTaxAccount?: string | null;
	outgoingTaxAccount?: string | null;
}

export interface PleoBatchResult {
	created: PleoAccountRecord[];
	failed: Array<{ reasons: string[]; request: IDataObject }>;
}

interface PleoPage<T> {
	data?: T[];
	pagination?: { endCursor?: string | null; hasNextPage?: boolean };
}

interface Failure {
	status?: number;
	type?: string;
	message: string;
	retryAfterSeconds?: number;
	network: boolean;
}

/** Status, Pleo's `{type, message}` and Retry-After from whatever error n8n's HTTP helper threw. */
function describe(error: unknown): Failure {
	const e = (error ?? {}) as IDataObject & { message?: string };
	const layers = [
		e,
		e.cause as IDataObject | undefined,
		(e.cause as IDataObject | undefined)?.cause as IDataObject | undefined,
	].filter(Boolean) as IDataObject[];
	let status: number | undefined;
	let data: IDataObject | undefined;
	let headers: IDataObject | undefined;
	let code: string | undefined;
	for (const c of layers) {
		const response = c.response as IDataObject | undefined;
		status ??=
			Number(response?.status ?? response?.statusCode ?? c.httpCode ?? c.statusCode ?? c.status) ||
			undefined;
		data ??= asObject(response?.data) ?? asObject(response?.body) ?? asObject(c.error);
		headers ??= response?.headers as IDataObject | undefined;
		code ??= typeof c.code === 'string' ? c.code : undefined;
	}
	const retryAfter = Number(headers?.['retry-after'] ?? headers?.['Retry-After']);
	const network =
		status === undefined &&
		(code !== undefined ||
			/ECONNRESET|ECONNREFUSED|socket hang up|ETIMEDOUT|timeout|EPIPE|ECONNABORTED/i.test(
				String(e.message ?? ''),
			));
	return {
		status,
		type: typeof data?.type === 'string' ? data.type : undefined,
		message: String((data?.message as string) ?? e.message ?? 'Unknown error'),
		retryAfterSeconds: Number.isFinite(retryAfter) ? retryAfter : undefined,
		network,
	};
}

/** A NodeApiError that keeps what Pleo answered, so callers can decide on the status or type. */
export class PleoSetupApiError extends NodeApiError {
	pleo!: Failure;
}

export interface PleoCallOptions {
	qs?: IDataObject;
	body?: IDataObject;
	/** Whether repeating the call is harmless (reads, searches, PUTs, archive toggles). */
	idempotent?: boolean;
}

/**
 * Pleo client for one node execution. Every request goes through
 * httpRequestWithAuthentication('pleoApi'); 429, 5xx and network failures are retried with
 * backoff (honouring Retry-After) only for reads and idempotent writes; creates are never repeated.
 */
export class PleoSetupClient {
	readonly stats = { calls: 0, retries: 0 };

	private credentialCache?: { baseUrl: string; companyId: string };

	constructor(
		readonly ctx: PleoClientContext,
		readonly opts: { maxRetries?: number; baseDelayMs?: number } = {},
	) {}

	private async settings(): Promise<{ baseUrl: string; companyId: string }> {
		if (!this.credentialCache) {
			const c = await this.ctx.getCredentials('pleoApi');
			let baseUrl: string;
			if (c.environment === 'custom') {
				baseUrl = String(c.baseUrl ?? '')
					.trim()
					.replace(/\/+$/, '');
				if (!baseUrl) {
					throw new NodeOperationError(
						this.ctx.getNode(),
						'The Pleo API credential uses a custom environment but has no Base URL',
						{
							description:
								'Fill in "Base URL" in the Pleo API credential, or pick Production or Staging.',
						},
					);
				}
			} else {
				baseUrl = c.environment === 'staging' ? PLEO_STAGING_URL : PLEO_PRODUCTION_URL;
			}
			const companyId = String(c.companyId ?? '').trim();
			if (!companyId) {
				throw new NodeOperationError(
					this.ctx.getNode(),
					'The Pleo API credential has no Company ID',
					{
						description: 'Fill in "Company ID" (a UUID) in the Pleo API credential.',
					},
				);
			}
			this.credentialCache = { baseUrl, companyId };
		}
		return this.credentialCache;
	}

	async companyId(): Promise<string> {
		return (await this.settings()).companyId;
	}

	async request<T = IDataObject>(
		method: IHttpRequestMethods,
		path: string,
		opts: PleoCallOptions = {},
	): Promise<T> {
		const { baseUrl } = await this.settings();
		const idempotent =
			opts.idempotent ?? (method === 'GET' || method === 'PUT' || method === 'DELETE');
		const maxRetries = this.opts.maxRetries ?? 4;
		const baseDelay = this.opts.baseDelayMs ?? 250;
		for (let attempt = 0; ; attempt++) {
			const options: IHttpRequestOptions = {
				method,
				url: `${baseUrl}${path}`,
				qs: opts.qs,
				headers: { Accept: 'application/json' },
				json: true,
				timeout: 60000,
			};
			if (opts.body !== undefined) options.body = opts.body;
			this.stats.calls++;
			try {
				return (await this.ctx.helpers.httpRequestWithAuthentication.call(
					this.ctx,
					'pleoApi',
					options,
				)) as T;
			} catch (error) {
				const f = describe(error);
				const transient =
					f.status === 429 || (f.status !== undefined && f.status >= 500) || f.network;
				if (!transient || !idempotent || attempt >= maxRetries) throw this.toError(f, method, path);
				this.stats.retries++;
				const wait =
					f.retryAfterSeconds !== undefined ? f.retryAfterSeconds * 1000 : baseDelay * 2 ** attempt;
				await sleep(Math.min(wait, 30000));
			}
		}
	}

	private toError(f: Failure, method: string, path: string): PleoSetupApiError {
		const message = `Pleo: ${f.message}`;
		let description = `${method} ${path}${f.type ? ` answered ${f.type}` : ''}.`;
		if (f.status === 401)
			description = 'Pleo rejected the API key. Check "API Key" in the Pleo API credential.';
		else if (f.status === 403)
			description =
				"The Pleo API key has no access to this company or lacks a permission (tags, accounts or tax codes). Check the key's access level and the credential's Company ID.";
		else if (f.status === 429) description = 'Pleo rate limit reached; try again later.';
		const err = new PleoSetupApiError(
			this.ctx.getNode(),
			{
				message,
				httpCode: f.status === undefined ? null : String(f.status),
				type: f.type ?? null,
			} as JsonObject,
			{ message, description, httpCode: f.status === undefined ? undefined : String(f.status) },
		);
		err.pleo = f;
		return err;
	}

	/** Follows `after=<endCursor>` while `hasNextPage`; `post` pages a search body. */
	async allPages<T>(
		method: 'GET' | 'POST',
		path: string,
		qs: IDataObject = {},
		body?: IDataObject,
	): Promise<T[]> {
		const out: T[] = [];
		let after: string | undefined;
		for (let guard = 0; guard < 100000; guard++) {
			const page = await this.request<PleoPage<T>>(method, path, {
				qs: { ...qs, limit: PLEO_PAGE_SIZE, ...(after ? { after } : {}) },
				body,
				idempotent: true,
			});
			out.push(...(page.data ?? []));
			const next = page.pagination?.endCursor;
			if (!page.pagination?.hasNextPage || !next || next === after) return out;
			after = next;
		}
		return out;
	}

	// ---- tag groups and tags

	async tagGroups(): Promise<PleoTagGroup[]> {
		const companyId = await this.companyId();
		const r = await this.request<{ data?: PleoTagGroup[] }>('GET', '/v0/tag-groups', {
			qs: { company_id: companyId, include_archived: true },
		});
		return r.data ?? [];
	}

	async createTagGroup(name: string, code: string): Promise<PleoTagGroup> {
		const companyId = await this.companyId();
		const r = await this.request<{ data: PleoTagGroup }>('POST', '/v0/tag-groups', {
			qs: { company_id: companyId },
			body: { companyId, name, code, archived: false },
		});
		return r.data;
	}

	async updateTagGroup(
		group: PleoTagGroup,
		patch: { name?: string; archived?: boolean },
	): Promise<PleoTagGroup> {
		const r = await this.request<{ data: PleoTagGroup }>(
			'PUT',
			`/v0/tag-groups/${encodeURIComponent(group.id)}`,
			{
				body: {
					name: patch.name ?? group.name ?? group.code ?? '',
					code: group.code ?? '',
					archived: patch.archived ?? group.archived,
					metadata: group.metadata ?? {},
				},
			},
		);
		return r.data;
	}

	/** Every tag of a group, archived ones included, all pages. */
	async tagsOfGroup(groupId: string): Promise<PleoTagRecord[]> {
		return await this.allPages<PleoTagRecord>(
			'GET',
			`/v0/tag-groups/${encodeURIComponent(groupId)}/tags`,
			{
				include_archived: true,
			},
		);
	}

	async createTag(groupId: string, code: string, name: string): Promise<PleoTagRecord> {
		const r = await this.request<{ data: PleoTagRecord }>(
			'POST',
			`/v0/tag-groups/${encodeURIComponent(groupId)}/tags`,
			{
				body: { code, name, archived: false },
			},
		);
		return r.data;
	}

	async updateTag(
		id: string,
		body: { code: string; name: string; archived: boolean },
	): Promise<PleoTagRecord> {
		const r = await this.request<{ data: PleoTagRecord }>(
			'PUT',
			`/v0/tags/${encodeURIComponent(id)}`,
			{ body },
		);
		return r.data;
	}

	/** Archives (or unarchives) tags in batches of at most 100. Never deletes. */
	async setTagsArchived(tagIds: string[], archived: boolean): Promise<void> {
		const companyId = await this.companyId();
		for (let i = 0; i < tagIds.length; i += PLEO_TAG_BATCH) {
			await this.request('POST', '/v0/tags/archive', {
				qs: { company_id: companyId },
				body: { companyId, tagIds: tagIds.slice(i, i + PLEO_TAG_BATCH), archived },
				idempotent: true,
			});
		}
	}

	// ---- chart of accounts

	/** Every account of the company, archived ones included. */
	async accounts(): Promise<PleoAccountRecord[]> {
		const companyId = await this.companyId();
		return await this.allPages<PleoAccountRecord>(
			'POST',
			'/v1/chart-of-accounts:search',
			{ company_id: companyId },
			{ companyId },
		);
	}

	async createAccounts(
		items: Array<{ externalId: string; code: string; name: string; archived: boolean }>,
	): Promise<PleoBatchResult> {
		const companyId = await this.companyId();
		const result: PleoBatchResult = { created: [], failed: [] };
		for (let i = 0; i < items.length; i += PLEO_ACCOUNT_BATCH) {
			const r = await this.request<IDataObject>('POST', '/v1/chart-of-accounts/batch', {
				qs: { company_id: companyId },
				body: {
					companyId,
					items: items.slice(i, i + PLEO_ACCOUNT_BATCH) as unknown as IDataObject[],
				},
			});
			const data = (r.data && typeof r.data === 'object' ? r.data : r) as IDataObject;
			result.created.push(...((data.created as PleoAccountRecord[] | undefined) ?? []));
			result.failed.push(...((data.failed as PleoBatchResult['failed'] | undefined) ?? []));
		}
		return result;
	}

	async updateAccount(
		account: PleoAccountRecord,
		patch: { name?: string; code?: string; archived?: boolean },
	): Promise<PleoAccountRecord> {
		const body: IDataObject = {
			name: patch.name ?? account.name,
			code: patch.code ?? account.code ?? undefined,
			archived: patch.archived ?? account.archived,
		};
		if (account.taxCodeExternalId) body.taxCodeExternalId = account.taxCodeExternalId;
		if (account.metadata) body.metadata = account.metadata;
		const r = await this.request<{ data: PleoAccountRecord }>(
			'PUT',
			`/v1/chart-of-accounts/${encodeURIComponent(account.id)}`,
			{
				body,
			},
		);
		return r.data;
	}

	// ---- tax codes

	async taxCodes(): Promise<PleoTaxCodeRecord[]> {
		const companyId = await this.companyId();
		return await this.allPages<PleoTaxCodeRecord>(
			'POST',
			'/v0/tax-codes:search',
			{ company_id: companyId },
			{},
		);
	}

	async createTaxCode(input: PleoTaxCodeInput): Promise<PleoTaxCodeRecord> {
		const companyId = await this.companyId();
		const r = await this.request<{ data: PleoTaxCodeRecord }>('POST', '/v0/tax-codes', {
			qs: { company_id: companyId },
			body: { companyId, ...input },
		});
		return r.data;
	}

	async updateTaxCode(id: string, input: PleoTaxCodeInput): Promise<PleoTaxCodeRecord> {
		const companyId = await this.companyId();
		const r = await this.request<{ data: PleoTaxCodeRecord }>(
			'PUT',
			`/v0/tax-codes/${encodeURIComponent(id)}`,
			{
				body: { companyId, ...input },
			},
		);
		return r.data;
	}
}
