import type {
	ICredentialDataDecryptedObject,
	IDataObject,
	IExecuteFunctions,
	IHttpRequestMethods,
	IHttpRequestOptions,
	ILoadOptionsFunctions,
	IPollFunctions,
	JsonObject,
} from 'n8n-workflow';
import { NodeApiError, sleep } from 'n8n-workflow';
import { explainForbidden } from '../core/forbidden';

export type ProcountorContext = IExecuteFunctions | ILoadOptionsFunctions | IPollFunctions;

export type ProcountorCredentialType = 'procountorApi' | 'procountorOAuth2Api';

export interface ProcountorErrorDetail {
	status?: number;
	field?: string;
	message?: string;
}

/** What a failed HTTP call to Procountor looked like, dug out of n8n's wrapped error. */
export interface ProcountorHttpFailure {
	status?: number;
	errors: ProcountorErrorDetail[];
	retryAfterSeconds?: number;
	/** no HTTP answer at all: connection reset, timeout, DNS… */
	network: boolean;
	message: string;
	/** the HTTP method of the failed call, when the client knows it (403: a write may hit a closed year) */
	method?: string;
}

export function procountorHost(credentials: ICredentialDataDecryptedObject): string {
	if (credentials.environment === 'custom')
		return String(credentials.baseUrl ?? '').replace(/\/+$/, '');
	return credentials.environment === 'test'
		? 'https://pts-api.procountor.com'
		: 'https://api.procountor.com';
}

export function credentialTypeOf(ctx: ProcountorContext): ProcountorCredentialType {
	const authentication = ctx.getNodeParameter('authentication', 0, 'apiKey') as string;
	return authentication === 'oAuth2' ? 'procountorOAuth2Api' : 'procountorApi';
}

/** An object from a JSON body that may arrive parsed, as a string, or not at all. */
export function asObject(v: unknown): IDataObject | undefined {
	if (v && typeof v === 'object' && !Buffer.isBuffer(v)) return v as IDataObject;
	if (typeof v === 'string' && v.trim().startsWith('{')) {
		try {
			return JSON.parse(v) as IDataObject;
		} catch {
			return undefined;
		}
	}
	return undefined;
}

/** A NodeApiError that also carries what Procountor answered, for callers that decide on it. */
export class ProcountorApiError extends NodeApiError {
	procountor!: ProcountorHttpFailure;
}

/** Reads status, Procountor's `{errors:[{status, field, message}]}` and Retry-After from any error n8n throws. */
export function describeHttpFailure(error: unknown): ProcountorHttpFailure {
	if (error instanceof ProcountorApiError) return error.procountor;
	const e = (error ?? {}) as IDataObject & { cause?: IDataObject; message?: string };
	const candidates = [
		e,
		e.cause as IDataObject | undefined,
		(e.cause as IDataObject | undefined)?.cause as IDataObject | undefined,
	].filter(Boolean) as IDataObject[];
	let status: number | undefined;
	let data: IDataObject | undefined;
	let headers: IDataObject | undefined;
	let code: string | undefined;
	for (const c of candidates) {
		const response = c.response as IDataObject | undefined;
		status ??= Number(response?.status ?? c.httpCode ?? c.statusCode ?? c.status) || undefined;
		data ??= asObject(response?.data) ?? asObject(response?.body) ?? asObject(c.error);
		headers ??= response?.headers as IDataObject | undefined;
		code ??= typeof c.code === 'string' ? c.code : undefined;
	}
	const errors = Array.isArray(data?.errors) ? (data?.errors as ProcountorErrorDetail[]) : [];
	const retryAfter = Number(headers?.['retry-after'] ?? headers?.['Retry-After']);
	const network =
		status === undefined &&
		(code !== undefined ||
			/ECONNRESET|ECONNREFUSED|socket hang up|ETIMEDOUT|timeout|EPIPE|ECONNABORTED/i.test(
				String(e.message ?? ''),
			));
	const message =
		errors.map((x) => (x.field ? `${x.field}: ${x.message}` : String(x.message))).join('; ') ||
		String(
			(data?.error_description as string) ??
				(data?.error as string) ??
				e.message ??
				'Unknown error',
		);
	return {
		status,
		errors,
		retryAfterSeconds: Number.isFinite(retryAfter) ? retryAfter : undefined,
		network,
		message,
	};
}

export function isLicenceError(f: ProcountorHttpFailure): boolean {
	return f.status === 403 && /licen[cs]e|not enabled|integration/i.test(f.message);
}

/** Whether the failed call wrote (anything but GET/HEAD; unknown counts as a write). */
export function isWrite(f: ProcountorHttpFailure): boolean {
	return !/^(GET|HEAD)$/i.test(f.method ?? '');
}

/** A NodeApiError whose message is Procountor's own (with the field) and whose description says what to do. */
export function procountorError(
	ctx: ProcountorContext,
	error: unknown,
	itemIndex?: number,
	method?: string,
): ProcountorApiError {
	const f = { ...describeHttpFailure(error) };
	if (method) f.method = method;
	let description = f.errors.length
		? f.errors.map((x) => `${x.field ? `${x.field}: ` : ''}${x.message}`).join('\n')
		: undefined;
	let message = `Procountor: ${f.message}`;
	if (f.status === 403) {
		// Procountor's 403 wording is not documented: name every likely cause, keep the body
		const explained = explainForbidden({ said: f.message, write: isWrite(f) });
		message = isLicenceError(f)
			? 'Procountor API access is not enabled for this company'
			: explained.message;
		description = explained.description;
	} else if (f.status === 401) {
		description =
			'The access token was rejected even after a refresh. Check the client ID, secret and API key, or reconnect the OAuth2 credential.';
	} else if (f.status === 429) {
		description =
			'Procountor rate limit reached (20 requests per second per API client). Lower "Requests per Second".';
	}
	const errorResponse: JsonObject = {
		message,
		httpCode: f.status === undefined ? null : String(f.status),
		errors: f.errors as unknown as JsonObject[],
	};
	const apiError = new ProcountorApiError(ctx.getNode(), errorResponse, {
		message,
		description,
		httpCode: f.status === undefined ? undefined : String(f.status),
		itemIndex,
	});
	apiError.procountor = f;
	return apiError;
}

export interface RequestOptions {
	qs?: IDataObject;
	body?: unknown;
	headers?: Record<string, string>;
	/** retry on 429/5xx/network errors: 'safe' for reads and idempotent writes; 'never' for creates */
	retry?: 'safe' | 'never';
	encoding?: 'arraybuffer';
	timeoutMs?: number;
}

/** Procountor allows 20 requests per sliding second per API client; 19 leaves room for the token request. */
export const DEFAULT_REQUESTS_PER_SECOND = 19;

/** The limiter's window: at most `requestsPerSecond` requests start in any window this long. */
export const RATE_WINDOW_MS = 1000;

/**
 * Start times of recent requests per Procountor API client (host and client ID), shared by every
 * ProcountorClient in this process: Procountor counts the requests of all nodes that use the same
 * client ID in one window, so the nodes of one workflow must share one budget.
 */
const recentStartsByApiClient = new Map<string, number[]>();

/**
 * Procountor API client for one node execution: a sliding-window limiter keeps it under the
 * per-client rate limit, it retries what is safe to retry (honouring Retry-After), and it sends
 * everything through httpRequestWithAuthentication.
 */
export class ProcountorClient {
	/** start times of the most recent requests of this API client (at most N), oldest first */
	private recentStarts?: number[];

	private hostCache?: string;

	/** how many HTTP calls this client made, by outcome (for diagnostics and the benchmark) */
	readonly stats = { calls: 0, retries: 0, rateLimited: 0 };

	constructor(
		readonly ctx: ProcountorContext,
		readonly opts: {
			requestsPerSecond?: number;
			maxRetries?: number;
			now?: () => number;
			/** injectable for tests (a fake clock); defaults to n8n-workflow's sleep */
			sleep?: (ms: number) => Promise<void>;
		} = {},
	) {}

	private credentialTypeCache?: ProcountorCredentialType;

	/** read once: the node's authentication parameter does not change within an execution */
	get credentialType(): ProcountorCredentialType {
		this.credentialTypeCache ??= credentialTypeOf(this.ctx);
		return this.credentialTypeCache;
	}

	async apiUrl(): Promise<string> {
		if (!this.hostCache) {
			const credentials = await this.ctx.getCredentials(this.credentialType);
			this.hostCache = `${procountorHost(credentials)}/api`;
		}
		return this.hostCache;
	}

	/**
	 * Sliding-window limiter: at most N = `requestsPerSecond` requests start in any 1000 ms.
	 * It keeps the start times of the last N requests; a request may start once the oldest of
	 * them is at least 1000 ms old. Consecutive starts are also kept 1000 / (N + 1) ms apart:
	 * without that, requests freed together start together one window later, and a few ms of
	 * jitter before they reach Procountor puts N + 2 of them into one of Procountor's windows
	 * (measured: 7 × 429 in 1,000 calls at N = 19). With the gap, Procountor would have to see
	 * ~50 ms of extra delay on an older request than on a newer one before it counts 21.
	 * The window is shared by all clients of the same Procountor host and client ID in this process
	 * (the other nodes of the workflow). Checking and recording happen without an await in
	 * between, so concurrent callers share the budget; a caller that had to wait checks again.
	 */
	private async throttle(): Promise<number | undefined> {
		const limit = Math.floor(this.opts.requestsPerSecond ?? DEFAULT_REQUESTS_PER_SECOND);
		if (!(limit > 0)) return undefined;
		const clock = this.opts.now ?? Date.now;
		const wait = this.opts.sleep ?? sleep;
		const gap = RATE_WINDOW_MS / (limit + 1);
		if (!this.recentStarts) {
			const credentials = await this.ctx.getCredentials(this.credentialType);
			const key = `${procountorHost(credentials)}|${String(credentials.clientId ?? '')}`;
			let shared = recentStartsByApiClient.get(key);
			if (!shared) recentStartsByApiClient.set(key, (shared = []));
			this.recentStarts = shared;
		}
		const starts = this.recentStarts;
		for (;;) {
			const now = clock();
			if (starts.length > limit) starts.splice(0, starts.length - limit);
			const windowFreeAt = starts.length < limit ? now : starts[0] + RATE_WINDOW_MS;
			const gapFreeAt = starts.length ? starts[starts.length - 1] + gap : now;
			const freeAt = Math.max(windowFreeAt, gapFreeAt);
			if (freeAt <= now) {
				if (starts.length >= limit) starts.shift();
				starts.push(now);
				return now;
			}
			await wait(freeAt - now);
		}
	}

	/**
	 * The first request of a client may first fetch an access token, so it can reach Procountor
	 * well after it started (measured: 43 ms, next to the token request itself). Its slot is
	 * moved to the time its answer came, the latest moment Procountor can have counted it.
	 */
	private restamp(startedAt: number | undefined): void {
		const starts = this.recentStarts;
		if (startedAt === undefined || !starts) return;
		const at = starts.indexOf(startedAt);
		if (at < 0) return;
		starts.splice(at, 1);
		const now = (this.opts.now ?? Date.now)();
		let k = starts.length;
		while (k > 0 && starts[k - 1] > now) k--;
		starts.splice(k, 0, now);
	}

	async request<T = IDataObject>(
		method: IHttpRequestMethods,
		endpoint: string,
		opts: RequestOptions = {},
	): Promise<T> {
		const url = `${await this.apiUrl()}${endpoint}`;
		const retry = opts.retry ?? (method === 'GET' ? 'safe' : 'never');
		const maxRetries = this.opts.maxRetries ?? 4;
		for (let attempt = 0; ; attempt++) {
			const startedAt = await this.throttle();
			const first = this.stats.calls === 0;
			const options: IHttpRequestOptions = {
				method,
				url,
				qs: opts.qs,
				headers: { Accept: 'application/json', ...(opts.headers ?? {}) },
				timeout: opts.timeoutMs ?? 60000,
			};
			if (opts.body !== undefined) options.body = opts.body as IDataObject;
			if (opts.encoding) options.encoding = opts.encoding;
			else options.json = true;
			this.stats.calls++;
			try {
				const response = (await this.ctx.helpers.httpRequestWithAuthentication.call(
					this.ctx,
					this.credentialType,
					options,
				)) as T;
				if (first) this.restamp(startedAt);
				return response;
			} catch (error) {
				if (first) this.restamp(startedAt);
				const f = describeHttpFailure(error);
				if (f.status === 429) this.stats.rateLimited++;
				const transient =
					f.status === 429 || (f.status !== undefined && f.status >= 500) || f.network;
				// A 429 means the request was not processed, so even a create may be repeated.
				const mayRetry = f.status === 429 || retry === 'safe';
				if (!transient || !mayRetry || attempt >= maxRetries)
					throw procountorError(this.ctx, error, undefined, method);
				this.stats.retries++;
				const backoff =
					f.retryAfterSeconds !== undefined ? f.retryAfterSeconds * 1000 : 250 * 2 ** attempt;
				await sleep(Math.min(backoff, 30000));
			}
		}
	}

	/** GET every page of a Procountor search ({results, meta}) with keyset paging by id. */
	async getAllPages<T = IDataObject>(
		endpoint: string,
		qs: IDataObject = {},
		limit?: number,
	): Promise<T[]> {
		const out: T[] = [];
		const size = Math.min(200, limit ?? 200);
		let previousId: number | undefined;
		for (;;) {
			const page = await this.request<{ results?: T[]; meta?: IDataObject }>('GET', endpoint, {
				qs: { ...qs, size, orderById: 'ASC', ...(previousId !== undefined ? { previousId } : {}) },
			});
			const results = page.results ?? [];
			out.push(...results);
			if (limit !== undefined && out.length >= limit) return out.slice(0, limit);
			if (results.length < size) return out;
			previousId = Number((results[results.length - 1] as IDataObject).id);
		}
	}

	/** POST /attachments as multipart/form-data: a JSON `meta` part and the file. */
	async uploadAttachment(
		meta: { name: string; referenceType: string; referenceId: number; sendWithInvoice?: boolean },
		file: Buffer,
		mimeType: string,
	): Promise<IDataObject> {
		const boundary = `----n8nProcountor${Math.random().toString(16).slice(2)}${Date.now().toString(16)}`;
		const safeName = meta.name.replace(/["\r\n\\]/g, '_');
		const head =
			`--${boundary}\r\nContent-Disposition: form-data; name="meta"\r\nContent-Type: application/json\r\n\r\n` +
			`${JSON.stringify({ sendWithInvoice: false, ...meta })}\r\n` +
			`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${safeName}"\r\nContent-Type: ${mimeType}\r\n\r\n`;
		const body = Buffer.concat([
			Buffer.from(head, 'utf8'),
			file,
			Buffer.from(`\r\n--${boundary}--\r\n`, 'utf8'),
		]);
		const response = await this.request<IDataObject | string>('POST', '/attachments', {
			body,
			headers: { 'Content-Type': `multipart/form-data; boundary=${boundary}` },
			retry: 'never',
		});
		return typeof response === 'string' ? (JSON.parse(response) as IDataObject) : response;
	}
}
