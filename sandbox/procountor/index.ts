// Procountor sandbox: a standalone local HTTP server (node:http, no framework) that behaves
// like Procountor's REST API as the project's API reference describes it
// (procountor-api.md in ../shared/reference/, beside the repository).
//
// This file starts the server and runs each /api request through the same gates in the same
// order: faults (hang, latency) -> rate limit -> faults (5xx) -> token endpoint -> licence ->
// access token -> the route table (routes.ts). The areas live in their own modules:
//   auth.ts         token endpoint and login page       ratelimit.ts  1 s window per client
//   masterdata.ts   company, COA, VAT, dimensions...     faults.ts     fault switches
//   ledger.ts       ledger receipts (rules.ts validates) invoices.ts   invoices
//   attachments.ts  multipart attachments                admin.ts      /_sandbox/ endpoints
//   search.ts       paging and filters                   context.ts    shared runtime, responses
//
// Choices where the reference leaves room are described at the top of each module. One that
// spans them: licenceDisabled answers 403 on every /api call except POST /api/oauth/token
// (tokens are still issued; the licence is checked when the company's API is used).
import * as http from 'http';
import type { AddressInfo } from 'net';
import { expireAllTokens, handleAdmin, reset } from './admin';
import { bearerToken, handleLogin, handleToken, INVALID_TOKEN_MESSAGE, TOKEN_PATH } from './auth';
import type { AccessToken } from './auth';
import {
	delay,
	fail,
	hang,
	HttpError,
	send,
	sendErrors,
	type Ctx,
	type ProcountorRequestLog,
	type SandboxRuntime,
} from './context';
import {
	defaultFaults,
	LICENCE_DISABLED_MESSAGE,
	PRNG_SEED,
	serverFault,
	setFaults,
	takeTimeout,
	type ProcountorFaults,
} from './faults';
import { setBehaviours, type ProcountorBehaviours } from './behaviours';
import { BodyTooLargeError, mediaType, readBody, seededRandom } from './http-util';
import { RATE_LIMIT_HEADERS, rateLimited, rateLimitErrors } from './ratelimit';
import { dispatch } from './routes';
import { RequestHold } from '../hold';
import { err } from './rules';
import { createSeedState } from './seed';
import type { ProcountorState } from './types';

export * from './types';
export { PROCOUNTOR_SEED } from './seed';
export { ATTACHMENT_MAX_BYTES } from './attachments';
export { INVALID_TOKEN_MESSAGE, LICENCE_DISABLED_MESSAGE };
export type { ProcountorFaults, ProcountorRequestLog, ProcountorBehaviours };
export { defaultBehaviours } from './behaviours';

export interface ProcountorSandboxOptions {
	port?: number;
	host?: string;
	rateLimitPerSecond?: number;
	tokenTtlSeconds?: number;
	now?: () => number;
	quiet?: boolean;
	/** behaviour switches to start with (the rest default; see behaviours.ts) */
	behaviours?: Partial<ProcountorBehaviours>;
}

export interface ProcountorSandbox {
	url: string;
	apiUrl: string;
	port: number;
	faults: ProcountorFaults;
	state: ProcountorState;
	expireAllTokens(): void;
	reset(): void;
	setFaults(p: Partial<ProcountorFaults>): void;
	/** switches for what the reference leaves open; reset() restores the defaults */
	setBehaviours(p: Partial<ProcountorBehaviours>): void;
	/** status 0 = no answer (dropped or hung) */
	requests: ProcountorRequestLog[];
	/** freezes the API at a chosen request until released (../hold.ts); off unless armed */
	hold: RequestHold;
	close(): Promise<void>;
}

async function handleApi(sb: SandboxRuntime, ctx: Ctx): Promise<void> {
	const path = ctx.url.pathname.replace(/\/+$/, '');
	const gate = await sb.hold.gate(ctx.req.method ?? 'GET', path, ctx.res);
	if (gate === 'gone') return dropped(ctx);
	const isToken = path === TOKEN_PATH;
	ctx.isWrite = !isToken && (ctx.req.method === 'POST' || ctx.req.method === 'PUT');
	if (takeTimeout(sb)) {
		hang(sb, ctx);
		return;
	}
	if (sb.faults.latencyMs > 0) await delay(sb, sb.faults.latencyMs);
	if (sb.closed) return;
	const multipart = mediaType(ctx.req) === 'multipart/form-data';
	const raw = multipart ? undefined : await readBody(ctx.req, 20_000_000);

	let form: URLSearchParams | undefined;
	let clientId: string | undefined;
	let tok: AccessToken | undefined;
	if (isToken) {
		if (mediaType(ctx.req) === 'application/x-www-form-urlencoded') {
			form = new URLSearchParams((raw as Buffer).toString('utf8'));
			clientId = form.get('client_id') ?? undefined;
		}
	} else {
		tok = bearerToken(sb, ctx.req);
		clientId = tok?.clientId;
	}
	if (ctx.log) ctx.log.clientId = clientId;

	if (rateLimited(sb, clientId)) {
		sendErrors(sb, ctx, 429, rateLimitErrors(sb), RATE_LIMIT_HEADERS);
		return;
	}
	const fault = serverFault(sb);
	if (fault) {
		sendErrors(sb, ctx, fault.status, fault.errors);
		return;
	}
	if (isToken) {
		handleToken(sb, ctx, form);
		return;
	}
	if (sb.faults.licenceDisabled) {
		sendErrors(sb, ctx, 403, [{ status: 403, field: '', message: LICENCE_DISABLED_MESSAGE }]);
		return;
	}
	if (sb.faults.bareForbidden) {
		sendErrors(sb, ctx, 403, [{ status: 403, field: '', message: 'FORBIDDEN' }]);
		return;
	}
	if (!tok || tok.expiresAt <= sb.now()) {
		sendErrors(sb, ctx, 401, [{ status: 401, field: '', message: INVALID_TOKEN_MESSAGE }]);
		return;
	}
	const company = sb.state.companies[tok.companyId];
	if (!company) fail(403, '', 'FORBIDDEN', 'company not available');
	const user = sb.state.users.find((u) => u.id === tok.userId);
	const body = await dispatch(sb, { ctx, url: ctx.url, company, tok, user, raw });
	if (gate === 'commit-then-hold' && !(await sb.hold.answer(ctx.res))) return dropped(ctx);
	send(sb, ctx, 200, body);
}

/** A request held by the request hold whose client went away: no answer (status 0 in the log). */
function dropped(ctx: Ctx): void {
	ctx.done = true;
	if (ctx.log) ctx.log.status = 0;
}

export async function startProcountorSandbox(
	opts: ProcountorSandboxOptions = {},
): Promise<ProcountorSandbox> {
	const host = opts.host ?? '127.0.0.1';
	const quiet = opts.quiet ?? true;
	const sb: SandboxRuntime = {
		state: createSeedState(opts.behaviours),
		faults: defaultFaults(),
		requests: [],
		accessTokens: new Map(),
		refreshTokens: new Map(),
		codes: new Map(),
		windows: new Map(),
		timers: new Set(),
		hold: new RequestHold(),
		hanging: new Set(),
		random: seededRandom(PRNG_SEED),
		closed: false,
		rateLimit: opts.rateLimitPerSecond ?? 20,
		ttlSeconds: opts.tokenTtlSeconds ?? 3600,
		now: opts.now ?? (() => Date.now()),
		log: (...a: unknown[]) => {
			if (!quiet) console.log('[procountor-sandbox]', ...a);
		},
	};

	const server = http.createServer((req, res) => {
		const url = new URL(req.url ?? '/', 'http://sandbox.local');
		const ctx: Ctx = { req, res, url, isWrite: false, done: false };
		const isAdmin = url.pathname.startsWith('/_sandbox/');
		if (!isAdmin) {
			ctx.log = { method: req.method ?? 'GET', path: url.pathname, status: 0, at: sb.now() };
			sb.requests.push(ctx.log);
		}
		const run = async () => {
			if (isAdmin) return handleAdmin(sb, ctx);
			if (url.pathname === '/login' || url.pathname === '/login/') return handleLogin(sb, ctx);
			if (url.pathname === '/api' || url.pathname.startsWith('/api/')) return handleApi(sb, ctx);
			fail(404, '', 'NOT_FOUND', `no such endpoint ${url.pathname}`);
		};
		run().catch((e) => {
			ctx.isWrite = false;
			if (e instanceof HttpError) {
				sendErrors(sb, ctx, e.status, e.errors);
			} else if (e instanceof BodyTooLargeError) {
				sendErrors(sb, ctx, 413, [err('', 'BODY_TOO_LARGE', 'request body too large', 413)]);
			} else {
				sb.log('internal error', e);
				if (!ctx.done && !res.headersSent) {
					sendErrors(sb, ctx, 500, [{ status: 500, field: '', message: 'Internal Server Error' }]);
				}
			}
		});
	});

	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(opts.port ?? 0, host, () => {
			server.off('error', reject);
			resolve();
		});
	});
	const port = (server.address() as AddressInfo).port;
	const url = `http://${host}:${port}`;
	sb.log(`listening on ${url}`);

	return {
		url,
		apiUrl: `${url}/api`,
		port,
		faults: sb.faults,
		state: sb.state,
		requests: sb.requests,
		hold: sb.hold,
		expireAllTokens: () => expireAllTokens(sb),
		reset: () => reset(sb),
		setFaults: (p) => setFaults(sb, p),
		setBehaviours: (p) => setBehaviours(sb.state, p),
		close: () =>
			new Promise<void>((resolve) => {
				if (sb.closed) return resolve();
				sb.closed = true;
				for (const t of sb.timers) clearTimeout(t);
				sb.timers.clear();
				for (const r of sb.hanging) r.socket?.destroy();
				sb.hanging.clear();
				server.close(() => resolve());
				server.closeAllConnections();
				sb.hold.release();
			}),
	};
}
