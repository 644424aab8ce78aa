// Token endpoint (authorization code, refresh token, client credentials with an API key) and
// the login page of the authorization-code flow. Refresh tokens do not rotate: a refresh
// grant returns the same refresh_token, which stays valid (also across expireAllTokens()
// and reset()).
import type { IncomingMessage } from 'http';
import { escapeHtml, readBody } from './http-util';
import { newSecret, send, type Ctx, type SandboxRuntime } from './context';

export interface Grant {
	clientId: string;
	userId: number;
	companyId: number;
}
export interface AccessToken extends Grant {
	expiresAt: number;
}
export interface AuthCode extends Grant {
	redirectUri: string;
	expiresAt: number;
}

export const INVALID_TOKEN_MESSAGE = 'Unauthorized: access token is invalid or expired';
export const TOKEN_PATH = '/api/oauth/token';
const CODE_TTL_MS = 10 * 60 * 1000;
const SENSITIVE_QUERY = [
	'client_id',
	'client_secret',
	'api_key',
	'code',
	'refresh_token',
	'password',
];

/** The access token a request's `Authorization: Bearer` header names, if it exists. */
export function bearerToken(sb: SandboxRuntime, req: IncomingMessage): AccessToken | undefined {
	const m = /^Bearer\s+(\S+)$/i.exec(String(req.headers.authorization ?? ''));
	return m ? sb.accessTokens.get(m[1]) : undefined;
}

function issueAccess(sb: SandboxRuntime, g: Grant): string {
	const token = newSecret();
	sb.accessTokens.set(token, { ...g, expiresAt: sb.now() + sb.ttlSeconds * 1000 });
	return token;
}

export function oauthError(
	sb: SandboxRuntime,
	ctx: Ctx,
	status: number,
	error: string,
	description?: string,
) {
	send(sb, ctx, status, description ? { error, error_description: description } : { error });
}

/** POST /api/oauth/token; `form` is undefined when the body is not form-encoded. */
export function handleToken(sb: SandboxRuntime, ctx: Ctx, form: URLSearchParams | undefined): void {
	if (ctx.req.method !== 'POST') {
		oauthError(sb, ctx, 405, 'invalid_request', 'POST required');
		return;
	}
	if (SENSITIVE_QUERY.some((k) => ctx.url.searchParams.has(k))) {
		oauthError(sb, ctx, 400, 'invalid_request', 'Credentials must be sent in the request body');
		return;
	}
	if (!form) {
		oauthError(
			sb,
			ctx,
			400,
			'invalid_request',
			'Content-Type must be application/x-www-form-urlencoded',
		);
		return;
	}
	const { state, ttlSeconds } = sb;
	const clientId = form.get('client_id') ?? '';
	const client = state.clients.find((c) => c.clientId === clientId);
	if (!client || client.clientSecret !== form.get('client_secret')) {
		oauthError(sb, ctx, 401, 'invalid_client', 'Client authentication failed');
		return;
	}
	const grantType = form.get('grant_type');
	if (grantType === 'authorization_code') {
		const code = sb.codes.get(form.get('code') ?? '');
		if (
			!code ||
			code.clientId !== clientId ||
			code.expiresAt <= sb.now() ||
			code.redirectUri !== form.get('redirect_uri')
		) {
			oauthError(sb, ctx, 400, 'invalid_grant', 'Invalid, expired or used authorization code');
			return;
		}
		sb.codes.delete(form.get('code') as string);
		const grant: Grant = { clientId, userId: code.userId, companyId: code.companyId };
		const refresh = newSecret();
		sb.refreshTokens.set(refresh, grant);
		send(sb, ctx, 200, {
			access_token: issueAccess(sb, grant),
			token_type: 'bearer',
			expires_in: ttlSeconds,
			refresh_token: refresh,
		});
	} else if (grantType === 'refresh_token') {
		const refresh = form.get('refresh_token') ?? '';
		const grant = sb.refreshTokens.get(refresh);
		if (!grant || grant.clientId !== clientId) {
			oauthError(sb, ctx, 400, 'invalid_grant', 'Invalid refresh token');
			return;
		}
		send(sb, ctx, 200, {
			access_token: issueAccess(sb, grant),
			token_type: 'bearer',
			expires_in: ttlSeconds,
			refresh_token: refresh,
		});
	} else if (grantType === 'client_credentials') {
		const key = state.apiKeys.find((k) => k.key === form.get('api_key'));
		if (!key || key.clientId !== clientId) {
			oauthError(sb, ctx, 400, 'invalid_grant', 'Invalid API key');
			return;
		}
		send(sb, ctx, 200, {
			access_token: issueAccess(sb, { clientId, userId: key.userId, companyId: key.companyId }),
			token_type: 'bearer',
			expires_in: ttlSeconds,
		});
	} else {
		oauthError(sb, ctx, 400, 'unsupported_grant_type', `Unsupported grant_type ${grantType ?? ''}`);
	}
}

// ---------- login page ----------

function userCompanies(sb: SandboxRuntime) {
	const { state } = sb;
	const ids = new Set(state.users.flatMap((u) => u.companyIds));
	return [...ids].filter((id) => state.companies[id]).map((id) => state.companies[id].info);
}

function loginPage(sb: SandboxRuntime, p: URLSearchParams, error?: string): string {
	const hidden = ['response_type', 'client_id', 'redirect_uri', 'state']
		.map((k) => `<input type="hidden" name="${k}" value="${escapeHtml(p.get(k) ?? '')}">`)
		.join('\n');
	const options = userCompanies(sb)
		.map((c) => `<option value="${c.id}">${escapeHtml(c.name)} (${c.id})</option>`)
		.join('');
	return `<!doctype html>
<html><head><meta charset="utf-8"><title>Procountor sandbox - Log in</title></head>
<body style="font-family:sans-serif;max-width:28em;margin:3em auto">
<h1>Procountor sandbox</h1>
<p>Log in to authorise <b>${escapeHtml(p.get('client_id') ?? '')}</b>.</p>
${error ? `<p class="error" style="color:#b00">${escapeHtml(error)}</p>` : ''}
<form method="post" action="/login">
${hidden}
<p><label>Username <input name="username" value="${escapeHtml(p.get('username') ?? '')}" autofocus></label></p>
<p><label>Password <input type="password" name="password"></label></p>
<p><label>Company <select name="company">${options}</select></label></p>
<p><button type="submit">Log in</button></p>
</form></body></html>`;
}

function loginParamsError(sb: SandboxRuntime, p: URLSearchParams): string | undefined {
	if (p.get('response_type') !== 'code') return 'response_type must be code';
	if (!sb.state.clients.some((c) => c.clientId === p.get('client_id'))) return 'Unknown client_id';
	try {
		const u = new URL(p.get('redirect_uri') ?? '');
		if (u.protocol !== 'http:' && u.protocol !== 'https:') return 'Invalid redirect_uri';
	} catch {
		return 'Invalid redirect_uri';
	}
	return undefined;
}

/** GET/POST /login: the page, then a 302 to redirect_uri with a one-time code. */
export async function handleLogin(sb: SandboxRuntime, ctx: Ctx): Promise<void> {
	const html = (status: number, body: string, headers: Record<string, string> = {}) =>
		send(sb, ctx, status, body, headers, true);
	let p = ctx.url.searchParams;
	if (ctx.req.method === 'POST') {
		p = new URLSearchParams((await readBody(ctx.req, 100_000)).toString('utf8'));
	} else if (ctx.req.method !== 'GET') {
		html(405, 'Method not allowed');
		return;
	}
	const bad = loginParamsError(sb, p);
	if (bad) {
		html(400, `<!doctype html><html><body><h1>Error</h1><p>${escapeHtml(bad)}</p></body></html>`);
		return;
	}
	if (ctx.req.method === 'GET') {
		html(200, loginPage(sb, p));
		return;
	}
	const user = sb.state.users.find((u) => u.username === p.get('username'));
	if (!user || user.password !== p.get('password')) {
		html(200, loginPage(sb, p, 'Invalid username or password'));
		return;
	}
	const companyId = Number(p.get('company'));
	if (!user.companyIds.includes(companyId) || !sb.state.companies[companyId]) {
		html(200, loginPage(sb, p, 'Choose one of your companies'));
		return;
	}
	const code = newSecret();
	const redirectUri = p.get('redirect_uri') as string;
	sb.codes.set(code, {
		clientId: p.get('client_id') as string,
		userId: user.id,
		companyId,
		redirectUri,
		expiresAt: sb.now() + CODE_TTL_MS,
	});
	const target = new URL(redirectUri);
	target.searchParams.set('code', code);
	if (p.get('state') !== null) target.searchParams.set('state', p.get('state') as string);
	html(302, '', { location: target.toString() });
}
