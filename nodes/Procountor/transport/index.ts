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
import { DEFAULT_REQUESTS_PER_SECOND, RateController, type RateSlot } from './rateControl';

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
			'Procountor rate limit reached (20 requests per second per API client) even after retries. Lower "Requests per Second" in the Procountor credential.';
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

export { DEFAULT_REQUESTS_PER_SECOND, RATE_WINDOW_MS } from './rateControl';

/**
 * The rate controller of each Procountor API client (host and client ID) in this process, shared
 * by every ProcountorClient: Procountor counts the requests of all nodes and executions that use
 * the same client ID together, so they must share one budget. Other processes (queue-mode
 * workers) cannot be counted with; each process finds its share from the 429s it hears
 * (rateControl.ts).
 */
const controllersByApiClient = new Map<string, RateController>();

/** API clients (host and client ID) that have had an answer in this process: their token exists */
const answeredApiClients = new Set<string>();

/** Each API client's current rate in this process (requests per second; for diagnostics and the bench). */
export function apiClientRates(): Array<{ apiClient: string; rate: number; decreases: number }> {
	return [...controllersByApiClient].map(([apiClient, c]) => ({
		apiClient,
		rate: Math.round(c.rate * 100) / 100,
		decreases: c.decreases,
	}));
}

/** The credential's Requests per Second: the budget of the API client in each process. */
export function credentialBudget(credentials: ICredentialDataDecryptedObject): number {
	const n = Number(credentials.requestsPerSecond);
	return Number.isFinite(n) && n > 0 ? n : DEFAULT_REQUESTS_PER_SECOND;
}

/**
 * Procountor API client for one node execution: a rate controller keeps it under the API client's
 * limit, it retries what is safe to retry (honouring Retry-After), and it sends everything through
 * httpRequestWithAuthentication.
 */
export class ProcountorClient {
	private limiter?: { controller: RateController; cap: number; key: string };

	private hostCache?: string;

	/** how many HTTP calls this client made, by outcome (for diagnostics and the benchmark) */
	readonly stats = { calls: 0, retries: 0, rateLimited: 0 };

	private parkedCalls = 0;

	/** settles when the client's first request has its answer (and the credential its token) */
	private firstAnswer?: Promise<void>;

	private readonly parkListeners = new Set<() => void>();

	/** calls waiting for their retry right now (a pool starts other work in their place) */
	get parked(): number {
		return this.parkedCalls;
	}

	onParkedChange(listener: () => void): () => void {
		this.parkListeners.add(listener);
		return () => this.parkListeners.delete(listener);
	}

	private park(delta: number): void {
		this.parkedCalls += delta;
		for (const listener of [...this.parkListeners]) listener();
	}

	constructor(
		readonly ctx: ProcountorContext,
		readonly opts: {
			/**
			 * a lower cap for this node's calls (its Requests per Second option); the credential's
			 * Requests per Second is the API client's budget, and the lower of the two wins
			 */
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

	/** The API client's controller in this process and this client's cap (credential and node). */
	private async rateLimiter(): Promise<{ controller: RateController; cap: number; key: string }> {
		if (!this.limiter) {
			const credentials = await this.ctx.getCredentials(this.credentialType);
			const key = `${procountorHost(credentials)}|${String(credentials.clientId ?? '')}`;
			const budget = credentialBudget(credentials);
			const own = Number(this.opts.requestsPerSecond);
			const cap = Number.isFinite(own) && own > 0 ? Math.min(own, budget) : budget;
			let controller = controllersByApiClient.get(key);
			if (!controller) controllersByApiClient.set(key, (controller = new RateController(cap)));
			this.limiter = { controller, cap, key };
		}
		return this.limiter;
	}

	/**
	 * Waits until the API client's controller lets a request start (see RateController: at most
	 * `rate` starts in any window, paced evenly, the rate adapting to 429s). Checking and recording
	 * happen without an await in between, so concurrent callers share the budget; a caller that had
	 * to wait asks again.
	 */
	private async throttle(): Promise<{ controller: RateController; slot: RateSlot }> {
		const { controller, cap } = await this.rateLimiter();
		const clock = this.opts.now ?? Date.now;
		const wait = this.opts.sleep ?? sleep;
		for (;;) {
			const now = clock();
			const freeAt = controller.freeAt(now, cap);
			if (freeAt <= now) return { controller, slot: controller.start(now) };
			await wait(freeAt - now);
		}
	}

	async request<T = IDataObject>(
		method: IHttpRequestMethods,
		endpoint: string,
		opts: RequestOptions = {},
	): Promise<T> {
		// The first request of a client may fetch an access token first, and so would every call sent
		// beside it (several token requests, each counted by Procountor): the others wait for its answer.
		const isFirst = !this.firstAnswer;
		let firstAnswered: () => void = () => undefined;
		if (isFirst) this.firstAnswer = new Promise<void>((resolve) => (firstAnswered = resolve));
		else await this.firstAnswer;
		try {
			return await this.send<T>(method, endpoint, opts, isFirst ? firstAnswered : undefined);
		} finally {
			firstAnswered();
		}
	}

	private async send<T>(
		method: IHttpRequestMethods,
		endpoint: string,
		opts: RequestOptions,
		/** set for the client's first request: called once Procountor has answered it */
		onFirstAnswer?: () => void,
	): Promise<T> {
		const url = `${await this.apiUrl()}${endpoint}`;
		const retry = opts.retry ?? (method === 'GET' ? 'safe' : 'never');
		const maxRetries = this.opts.maxRetries ?? 4;
		const clock = this.opts.now ?? Date.now;
		// another client of this API client (an earlier node) has had its answer: the token exists,
		// so this client's other calls need not wait for its first one
		const { key } = await this.rateLimiter();
		if (answeredApiClients.has(key)) onFirstAnswer?.();
		for (let attempt = 0; ; attempt++) {
			const { controller, slot } = await this.throttle();
			// the first request is counted from its answer, the latest moment Procountor can have
			// counted it (measured: 43 ms after its start, next to the token request)
			const first = onFirstAnswer !== undefined && attempt === 0;
			const options: IHttpRequestOptions = {
				method,
				url,
				qs: opts.qs,
				headers: { Accept: 'application/json', ...(opts.headers ?? {}) },
				timeout: opts.timeoutMs ?? 60000,
				// Procountor's API answers without redirects. Not following them also keeps axios off
				// follow-redirects, which wraps every request and keeps a copy of its body for a replay.
				disableFollowRedirect: true,
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
				if (first) controller.restamp(slot, clock());
				controller.answered(slot, clock(), false);
				answeredApiClients.add(key);
				onFirstAnswer?.();
				return response;
			} catch (error) {
				if (first) controller.restamp(slot, clock());
				onFirstAnswer?.();
				const f = describeHttpFailure(error);
				controller.answered(slot, clock(), f.status === 429);
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
				// the wait holds neither a rate slot (the retry is throttled and counted again like a new
				// call) nor a concurrency slot (a pool with this client as its parking starts other work)
				this.park(1);
				try {
					await (this.opts.sleep ?? sleep)(Math.min(backoff, 30000));
				} finally {
					this.park(-1);
				}
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

	/**
	 * Waits `ms` with the client's sleep, for the waits of the operations between calls (a look
	 * for a journal or receipt that may have landed): n8n-workflow's sleep, or a test's fake clock.
	 */
	async pause(ms: number): Promise<void> {
		await (this.opts.sleep ?? sleep)(ms);
	}
}
