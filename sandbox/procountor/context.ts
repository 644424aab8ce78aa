// The running sandbox's mutable parts (state, tokens, fault switches, request log, timers) in
// one object that every area module receives, plus the response primitives and the request
// parsing helpers the areas share.
import { randomBytes } from 'crypto';
import type * as http from 'http';
import type { RequestHold } from '../hold';
import type { AccessToken, AuthCode, Grant } from './auth';
import { shouldDrop, type ProcountorFaults } from './faults';
import { err, type FieldError } from './rules';
import { formatDateTime } from './seed';
import type { CompanyState, ProcountorState } from './types';

export interface ProcountorRequestLog {
	method: string;
	path: string;
	status: number;
	clientId?: string;
	at: number;
}

export interface SandboxRuntime {
	state: ProcountorState;
	faults: ProcountorFaults;
	requests: ProcountorRequestLog[];
	accessTokens: Map<string, AccessToken>;
	refreshTokens: Map<string, Grant>;
	codes: Map<string, AuthCode>;
	/** rate-limit windows: request times of the last second per client_id */
	windows: Map<string, number[]>;
	timers: Set<NodeJS.Timeout>;
	/** the request hold (../hold.ts): freezes the API at a chosen request until released */
	hold: RequestHold;
	hanging: Set<http.ServerResponse>;
	/** seeded, so fault injection is reproducible; re-seeded by reset() */
	random: () => number;
	closed: boolean;
	rateLimit: number;
	ttlSeconds: number;
	now: () => number;
	log: (...a: unknown[]) => void;
}

/** One HTTP exchange. */
export interface Ctx {
	req: http.IncomingMessage;
	res: http.ServerResponse;
	url: URL;
	log?: ProcountorRequestLog;
	/** a POST/PUT to the API (not the token endpoint): its 2xx answer may be dropped */
	isWrite: boolean;
	done: boolean;
}

const HANG_MS = 30_000;

export class HttpError extends Error {
	constructor(
		public status: number,
		public errors: FieldError[],
	) {
		super(errors.map((e) => e.message).join('; '));
	}
}

export function fail(status: number, field: string, code: string, text: string): never {
	throw new HttpError(status, [err(field, code, text, status)]);
}

/** Company-local timestamp without zone (yyyy-MM-ddTHH:mm:ss.SSS). */
export const ts = (sb: SandboxRuntime, company: CompanyState, ms = sb.now()) =>
	formatDateTime(ms, company.info.timeZone);

export const newSecret = () => randomBytes(24).toString('hex');

export function delay(sb: SandboxRuntime, ms: number): Promise<void> {
	return new Promise((resolve) => {
		const t = setTimeout(() => {
			sb.timers.delete(t);
			resolve();
		}, ms);
		sb.timers.add(t);
	});
}

// ---------- responses ----------

export function send(
	sb: SandboxRuntime,
	ctx: Ctx,
	status: number,
	body: unknown,
	headers: Record<string, string> = {},
	raw = false,
): void {
	if (ctx.done) return;
	ctx.done = true;
	if (!ctx.req.readableEnded) ctx.req.resume();
	if (ctx.isWrite && status >= 200 && status < 300 && shouldDrop(sb)) {
		if (ctx.log) ctx.log.status = 0;
		sb.log('dropping response after commit', ctx.req.method, ctx.url.pathname);
		ctx.req.socket.destroy();
		return;
	}
	if (ctx.log) ctx.log.status = status;
	const text = raw ? String(body) : JSON.stringify(body);
	ctx.res.writeHead(status, {
		'content-type': raw ? 'text/html; charset=utf-8' : 'application/json',
		'content-length': String(Buffer.byteLength(text)),
		...headers,
	});
	ctx.res.end(text);
}

export const sendErrors = (
	sb: SandboxRuntime,
	ctx: Ctx,
	status: number,
	errors: FieldError[],
	headers?: Record<string, string>,
) => send(sb, ctx, status, { errors }, headers);

/** No answer: the socket is destroyed after HANG_MS (or when the sandbox closes). */
export function hang(sb: SandboxRuntime, ctx: Ctx): void {
	ctx.done = true;
	if (ctx.log) ctx.log.status = 0;
	sb.hanging.add(ctx.res);
	const t = setTimeout(() => {
		sb.timers.delete(t);
		sb.hanging.delete(ctx.res);
		ctx.req.socket.destroy();
	}, HANG_MS);
	sb.timers.add(t);
	ctx.res.on('close', () => sb.hanging.delete(ctx.res));
}

// ---------- request parsing ----------

export function intParam(url: URL, name: string, dflt: number | undefined): number | undefined {
	const v = url.searchParams.get(name);
	if (v === null || v === '') return dflt;
	if (!/^-?\d+$/.test(v)) fail(400, name, 'INVALID_VALUE', `${name} must be an integer`);
	return Number(v);
}

export function listParam(url: URL, name: string): string[] | undefined {
	const all = url.searchParams.getAll(name).concat(url.searchParams.getAll(`${name}[]`));
	const items = all
		.flatMap((v) => v.split(','))
		.map((s) => s.trim())
		.filter(Boolean);
	return items.length ? items : undefined;
}

export function jsonBody(raw: Buffer | undefined): unknown {
	if (!raw || raw.length === 0) fail(400, '', 'INVALID_BODY', 'request body is required');
	try {
		return JSON.parse(raw.toString('utf8'));
	} catch {
		fail(400, '', 'INVALID_JSON', 'request body is not valid JSON');
	}
}
