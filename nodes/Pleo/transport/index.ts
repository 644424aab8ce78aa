import type {
	IDataObject,
	IExecuteFunctions,
	IHookFunctions,
	IHttpRequestMethods,
	IHttpRequestOptions,
	ILoadOptionsFunctions,
	IWebhookFunctions,
	JsonObject,
} from 'n8n-workflow';
import { NodeApiError, NodeOperationError, sleep } from 'n8n-workflow';
import { PLEO_PAGE_SIZE } from '../core/constants';

// The one Pleo External API client of the package, PleoClient: the Pleo node's operations, its
// list searches and option loaders, the Pleo Trigger and the Procountor node's Pleo calls (Import
// Dimensions as Tags, Import Accounts to Pleo, Reconcile Exports) all call Pleo through it, with
// one set of retry rules, one pager and one set of limits (core/constants.ts).

export type PleoContext =
	IExecuteFunctions | ILoadOptionsFunctions | IHookFunctions | IWebhookFunctions;

export const PLEO_BASE_URLS = {
	production: 'https://external.pleo.io',
	staging: 'https://external.staging.pleo.io',
} as const;

export interface PleoRequestOptions {
	qs?: IDataObject;
	body?: IDataObject | IDataObject[];
	/**
	 * Whether the request may be repeated safely. Defaults to true for GET/PUT/DELETE and false
	 * for POST; set it to true for searches and other read-only POSTs.
	 */
	idempotent?: boolean;
	/** Status codes that are returned to the caller instead of thrown (e.g. 404 in checkExists). */
	allowStatus?: number[];
	/** Maximum number of attempts for retryable failures; default 5 */
	maxAttempts?: number;
	/** Called before every HTTP attempt (retries included), e.g. to count the calls made. */
	onRequest?: () => void;
}

export interface PleoResponse<T = unknown> {
	statusCode: number;
	body: T;
	headers: IDataObject;
}

interface PleoCredentialData {
	environment?: string;
	baseUrl?: string;
	companyId?: string;
}

const RETRYABLE_STATUS = new Set([429, 500, 502, 503, 504]);
const BASE_DELAY_MS = 500;
const MAX_DELAY_MS = 10_000;
const MAX_RETRY_AFTER_MS = 60_000;
const REQUEST_TIMEOUT_MS = 60_000;

function retryAfterMs(headers: IDataObject | undefined, now: number): number | undefined {
	if (!headers) return undefined;
	const raw = headers['retry-after'] ?? headers['Retry-After'];
	if (raw === undefined || raw === null || raw === '') return undefined;
	const seconds = Number(raw);
	if (Number.isFinite(seconds) && seconds >= 0) return Math.min(seconds * 1000, MAX_RETRY_AFTER_MS);
	const date = Date.parse(String(raw));
	if (Number.isFinite(date)) return Math.min(Math.max(0, date - now), MAX_RETRY_AFTER_MS);
	return undefined;
}

const STATUS_HINTS: Record<number, string> = {
	401: 'Pleo rejected the API key. Check "API Key" in the Pleo API credential.',
	403: "The Pleo API key has no access to this company or lacks a permission for this call. Check the key's access level and the credential's Company ID.",
	429: 'Pleo rate limit reached; try again later.',
};

/** Builds a NodeApiError from a Pleo error response (`{type, message}`), without request details. */
export function pleoApiError(
	this: PleoContext,
	statusCode: number,
	body: unknown,
	context: { method: string; path: string; itemIndex?: number },
): NodeApiError {
	const data = (body && typeof body === 'object' ? body : {}) as IDataObject;
	const type = typeof data.type === 'string' ? data.type : undefined;
	const message =
		typeof data.message === 'string' && data.message
			? data.message
			: typeof body === 'string' && body
				? body.slice(0, 500)
				: `HTTP ${statusCode}`;
	const summary = type ? `${type}: ${message}` : message;
	return new NodeApiError(
		this.getNode(),
		{ type: type ?? null, message, httpCode: String(statusCode) } as JsonObject,
		{
			message: `Pleo API error ${statusCode} – ${summary}`,
			description: STATUS_HINTS[statusCode] ?? `${context.method} ${context.path}`,
			httpCode: String(statusCode),
			itemIndex: context.itemIndex,
		},
	);
}

interface PagedResponse {
	data?: IDataObject[];
	pagination?: { endCursor?: string | null; hasNextPage?: boolean };
}

/**
 * Pleo External API client for one node execution (or one trigger call), in the shape of the
 * Procountor node's ProcountorClient: the Pleo router hands it to every operation, and the list
 * searches, option loaders, the Pleo Trigger and the Procountor node's Pleo calls make one of
 * their own. It sends everything through httpRequestWithAuthentication with the `pleoApi`
 * credential, and reads the credential's base URL and company ID once they are known (a
 * credential without them is asked again, and fails afresh, for every item).
 */
export class PleoClient {
	private credentialCompany?: string;

	private baseUrlCache?: string;

	constructor(
		readonly ctx: PleoContext,
		readonly opts: {
			/** injectable for tests (a fake clock); defaults to Date.now */
			now?: () => number;
			/** injectable for tests (a fake clock); defaults to n8n-workflow's sleep */
			sleep?: (ms: number) => Promise<void>;
		} = {},
	) {}

	/**
	 * Waits `ms` with the client's sleep, for the waits of the operations between calls (a job
	 * event sent again): n8n-workflow's sleep, or the fake clock a test gave the client.
	 */
	async pause(ms: number): Promise<void> {
		await (this.opts.sleep ?? sleep)(ms);
	}

	/** The API base URL from the credential's environment (read once it is known). */
	async baseUrl(): Promise<string> {
		if (this.baseUrlCache === undefined) {
			const credentials = (await this.ctx.getCredentials('pleoApi')) as PleoCredentialData;
			this.baseUrlCache = this.baseUrlOf(credentials);
		}
		return this.baseUrlCache;
	}

	private baseUrlOf(credentials: PleoCredentialData): string {
		if (credentials.environment === 'custom') {
			const url = String(credentials.baseUrl ?? '')
				.trim()
				.replace(/\/+$/, '');
			if (!url) {
				throw new NodeOperationError(this.ctx.getNode(), 'The Pleo credential has no Base URL', {
					description:
						'Fill in "Base URL" in the Pleo API credential, or pick Production or Staging.',
				});
			}
			return url;
		}
		return credentials.environment === 'staging'
			? PLEO_BASE_URLS.staging
			: PLEO_BASE_URLS.production;
	}

	/**
	 * An explicit override (trimmed), else the credential's Company ID. Only a Company ID that was
	 * found is kept: a credential without one throws a new error at every call, so that each item
	 * gets an error of its own (the per-item runner adds that item's index to it).
	 */
	async companyId(override?: string): Promise<string> {
		const explicit = (override ?? '').trim();
		if (explicit) return explicit;
		this.credentialCompany ??= await this.credentialCompanyId();
		return this.credentialCompany;
	}

	private async credentialCompanyId(): Promise<string> {
		const credentials = (await this.ctx.getCredentials('pleoApi')) as PleoCredentialData;
		const companyId = String(credentials.companyId ?? '').trim();
		if (!companyId) {
			throw new NodeOperationError(
				this.ctx.getNode(),
				'No Pleo company ID is set in the credential',
				{ description: 'Fill in "Company ID" (a UUID) in the Pleo API credential.' },
			);
		}
		return companyId;
	}

	/**
	 * One request to the Pleo External API through the `pleoApi` credential. The retry rules:
	 * - 429 is retried for every request, POSTs that create included, after Retry-After (seconds
	 *   or a date, at most 60 s) or the backoff. A 429 is the rate limiter refusing the request
	 *   before it is handled (RFC 6585 §4; the Pleo sandbox answers it before routing), so sending
	 *   it again cannot create anything twice.
	 * - 500/502/503/504 and network failures are retried only for idempotent requests (GET, PUT,
	 *   DELETE, and POSTs marked `idempotent`, such as searches and archive toggles): a create
	 *   that failed that way may have been applied.
	 * - Backoff 0.5 s, 1 s, 2 s, ... capped at 10 s; at most `maxAttempts` (5) attempts.
	 * Returns status, body and headers; throws NodeApiError (without request details) on other
	 * errors.
	 */
	async requestFull<T = IDataObject>(
		method: IHttpRequestMethods,
		path: string,
		options: PleoRequestOptions = {},
	): Promise<PleoResponse<T>> {
		const baseURL = await this.baseUrl();
		const idempotent = options.idempotent ?? method !== 'POST';
		const maxAttempts = Math.max(1, options.maxAttempts ?? 5);
		const wait = this.opts.sleep ?? sleep;
		const now = this.opts.now ?? Date.now;
		const request: IHttpRequestOptions = {
			method,
			url: `${baseURL}${path}`,
			json: true,
			returnFullResponse: true,
			ignoreHttpStatusErrors: true,
			arrayFormat: 'repeat',
			headers: { Accept: 'application/json' },
			timeout: REQUEST_TIMEOUT_MS,
		};
		if (options.qs && Object.keys(options.qs).length) request.qs = options.qs;
		if (options.body !== undefined) request.body = options.body;

		for (let attempt = 1; ; attempt++) {
			let response: PleoResponse<T>;
			options.onRequest?.();
			try {
				response = (await this.ctx.helpers.httpRequestWithAuthentication.call(
					this.ctx,
					'pleoApi',
					request,
				)) as PleoResponse<T>;
			} catch (error) {
				// network errors: retry idempotent requests, surface the rest
				if (idempotent && attempt < maxAttempts) {
					await wait(Math.min(BASE_DELAY_MS * 2 ** (attempt - 1), MAX_DELAY_MS));
					continue;
				}
				// a clean error (n8n's own keeps the request, and its network-code message would
				// replace ours): the message names the call, the description what happened
				const reason = error instanceof Error ? error.message : String(error);
				const tries = attempt > 1 ? ` (${attempt} attempts)` : '';
				throw new NodeApiError(this.ctx.getNode(), { message: reason } as JsonObject, {
					message: `Could not reach Pleo (${method} ${path})`,
					description: `${reason}${tries}. Check the Pleo credential's environment or Base URL, or try again later.`,
				});
			}
			const { statusCode } = response;
			if (statusCode >= 200 && statusCode < 300) return response;
			if (options.allowStatus?.includes(statusCode)) return response;
			const retryable =
				RETRYABLE_STATUS.has(statusCode) &&
				(idempotent || statusCode === 429) &&
				attempt < maxAttempts;
			if (retryable) {
				const backoff = Math.min(BASE_DELAY_MS * 2 ** (attempt - 1), MAX_DELAY_MS);
				await wait(
					statusCode === 429 ? (retryAfterMs(response.headers, now()) ?? backoff) : backoff,
				);
				continue;
			}
			throw pleoApiError.call(this.ctx, statusCode, response.body, { method, path });
		}
	}

	/** Like requestFull, returning only the body. */
	async request<T = IDataObject>(
		method: IHttpRequestMethods,
		path: string,
		options: PleoRequestOptions = {},
	): Promise<T> {
		const response = await this.requestFull<T>(method, path, options);
		return response.body;
	}

	/**
	 * Follows Pleo's cursor paging (`after=<endCursor>` while `hasNextPage`) and returns the
	 * records. With `limit`, stops once that many were collected. Pages are read as idempotent
	 * (also a POST search with a `body`) unless `idempotent: false` is passed.
	 */
	async getAllPages(
		method: IHttpRequestMethods,
		path: string,
		options: PleoRequestOptions & { limit?: number; pageSize?: number } = {},
	): Promise<IDataObject[]> {
		const results: IDataObject[] = [];
		const pageSize = Math.min(PLEO_PAGE_SIZE, Math.max(1, options.pageSize ?? PLEO_PAGE_SIZE));
		let after: string | undefined;
		for (;;) {
			const remaining = options.limit !== undefined ? options.limit - results.length : pageSize;
			const qs: IDataObject = { ...(options.qs ?? {}), limit: Math.min(pageSize, remaining) };
			if (after) qs.after = after;
			const page = await this.request<PagedResponse>(method, path, {
				...options,
				qs,
				idempotent: options.idempotent ?? true,
			});
			const data = Array.isArray(page?.data) ? page.data : [];
			results.push(...data);
			if (options.limit !== undefined && results.length >= options.limit) {
				return results.slice(0, options.limit);
			}
			const next = page?.pagination?.endCursor;
			if (!page?.pagination?.hasNextPage || !next || next === after || data.length === 0) {
				return results;
			}
			after = next;
		}
	}
}
