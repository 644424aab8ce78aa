import {
	PROCOUNTOR_SEED,
	ProcountorSandbox,
	startProcountorSandbox,
} from '../../sandbox/procountor';
import { FORM, client } from './helpers/procountor';

let sb: ProcountorSandbox;
let clock = Date.UTC(2026, 2, 14, 10, 0, 0);
const REDIRECT = 'http://localhost:5678/rest/oauth2-credential/callback';
const S = PROCOUNTOR_SEED;

beforeAll(async () => {
	sb = await startProcountorSandbox({ rateLimitPerSecond: 0, now: () => clock });
});
afterAll(() => sb.close());

const token = (
	params: Record<string, string>,
	query = '',
	headers: Record<string, string> = FORM,
) =>
	client(sb.apiUrl).post(`/oauth/token${query}`, new URLSearchParams(params).toString(), {
		headers,
	});

const creds = { client_id: S.clientId, client_secret: S.clientSecret };
const m2m = { grant_type: 'client_credentials', ...creds, api_key: S.apiKeys[1001] };

async function login(state = 'st-1', company = '1001', redirect = REDIRECT) {
	const res = await client(sb.url).post(
		'/login',
		new URLSearchParams({
			response_type: 'code',
			client_id: S.clientId,
			redirect_uri: redirect,
			state,
			username: S.username,
			password: S.password,
			company,
		}).toString(),
		{ headers: FORM },
	);
	return res;
}

async function codeFromLogin(company = '1001'): Promise<string> {
	const res = await login('s', company);
	return new URL(res.headers.location).searchParams.get('code') as string;
}

describe('login page', () => {
	it('GET /login renders a form listing the user companies', async () => {
		const q = new URLSearchParams({
			response_type: 'code',
			client_id: S.clientId,
			redirect_uri: REDIRECT,
			state: 'abc',
		});
		const res = await client(sb.url).get(`/login?${q}`);
		expect(res.status).toBe(200);
		expect(res.headers['content-type']).toMatch(/text\/html/);
		expect(res.data).toContain('<form method="post" action="/login">');
		expect(res.data).toContain('name="password"');
		expect(res.data).toContain('value="1001"');
		expect(res.data).toContain('value="1002"');
		expect(res.data).toContain('value="abc"');
	});

	it('unknown client_id -> 400 page', async () => {
		const q = new URLSearchParams({
			response_type: 'code',
			client_id: 'nope',
			redirect_uri: REDIRECT,
		});
		const res = await client(sb.url).get(`/login?${q}`);
		expect(res.status).toBe(400);
		expect(res.data).toContain('Unknown client_id');
	});

	it('POST /login redirects with code and state', async () => {
		const res = await login('xyz');
		expect(res.status).toBe(302);
		const loc = new URL(res.headers.location);
		expect(`${loc.origin}${loc.pathname}`).toBe(REDIRECT);
		expect(loc.searchParams.get('state')).toBe('xyz');
		expect(loc.searchParams.get('code')).toMatch(/^\w{20,}$/);
	});

	it('wrong password re-renders the form with an error', async () => {
		const res = await client(sb.url).post(
			'/login',
			new URLSearchParams({
				response_type: 'code',
				client_id: S.clientId,
				redirect_uri: REDIRECT,
				username: 'demo',
				password: 'bad',
				company: '1001',
			}).toString(),
			{ headers: FORM },
		);
		expect(res.status).toBe(200);
		expect(res.data).toContain('Invalid username or password');
		expect(res.data).toContain('<form');
	});
});

describe('POST /api/oauth/token', () => {
	it('authorization_code grant returns access + refresh token bound to the chosen company', async () => {
		const code = await codeFromLogin('1002');
		const res = await token({
			grant_type: 'authorization_code',
			code,
			redirect_uri: REDIRECT,
			...creds,
		});
		expect(res.status).toBe(200);
		expect(res.data).toMatchObject({ token_type: 'bearer', expires_in: 3600 });
		expect(typeof res.data.access_token).toBe('string');
		expect(typeof res.data.refresh_token).toBe('string');
		const company = await client(sb.apiUrl, res.data.access_token).get('/company');
		expect(company.data).toMatchObject({ id: 1002, companyCurrency: 'SEK' });
	});

	it('codes are single-use, must match redirect_uri and expire after 10 minutes', async () => {
		const code = await codeFromLogin();
		const wrongRedirect = await token({
			grant_type: 'authorization_code',
			code,
			redirect_uri: 'http://other/cb',
			...creds,
		});
		expect(wrongRedirect.status).toBe(400);
		expect(wrongRedirect.data.error).toBe('invalid_grant');
		expect(
			(await token({ grant_type: 'authorization_code', code, redirect_uri: REDIRECT, ...creds }))
				.status,
		).toBe(200);
		expect(
			(await token({ grant_type: 'authorization_code', code, redirect_uri: REDIRECT, ...creds }))
				.data.error,
		).toBe('invalid_grant');
		const late = await codeFromLogin();
		clock += 10 * 60 * 1000 + 1;
		expect(
			(
				await token({
					grant_type: 'authorization_code',
					code: late,
					redirect_uri: REDIRECT,
					...creds,
				})
			).data.error,
		).toBe('invalid_grant');
	});

	it('client_credentials with api_key returns a token without refresh token', async () => {
		const res = await token(m2m);
		expect(res.status).toBe(200);
		expect(res.data).toMatchObject({ token_type: 'bearer', expires_in: 3600 });
		expect(res.data.refresh_token).toBeUndefined();
		const me = await client(sb.apiUrl, res.data.access_token).get('/sessioninfo');
		expect(me.data).toMatchObject({ companyId: 1001, name: 'Pleo Demo Oy' });
	});

	it('tolerates a charset suffix on the content type', async () => {
		const res = await token(m2m, '', {
			'content-type': 'application/x-www-form-urlencoded; charset=UTF-8',
		});
		expect(res.status).toBe(200);
	});

	it('refuses credentials in the query string', async () => {
		const res = await token(
			{ grant_type: 'client_credentials' },
			`?${new URLSearchParams({ ...creds, api_key: S.apiKeys[1001] })}`,
		);
		expect(res.status).toBe(400);
		expect(res.data).toEqual({
			error: 'invalid_request',
			error_description: 'Credentials must be sent in the request body',
		});
	});

	it('bad client or secret -> 401 invalid_client; bad api key / refresh token -> 400 invalid_grant', async () => {
		expect((await token({ ...m2m, client_secret: 'x' })).status).toBe(401);
		expect((await token({ ...m2m, client_secret: 'x' })).data.error).toBe('invalid_client');
		expect((await token({ ...m2m, client_id: 'x' })).data.error).toBe('invalid_client');
		const badKey = await token({ ...m2m, api_key: 'nope' });
		expect(badKey.status).toBe(400);
		expect(badKey.data.error).toBe('invalid_grant');
		const badRefresh = await token({
			grant_type: 'refresh_token',
			refresh_token: 'nope',
			...creds,
		});
		expect(badRefresh.status).toBe(400);
		expect(badRefresh.data.error).toBe('invalid_grant');
	});

	it('tokens expire after the TTL; the refresh token still works (and is kept)', async () => {
		const code = await codeFromLogin();
		const first = await token({
			grant_type: 'authorization_code',
			code,
			redirect_uri: REDIRECT,
			...creds,
		});
		const http = client(sb.apiUrl, first.data.access_token);
		expect((await http.get('/company')).status).toBe(200);
		clock += 3600 * 1000;
		const expired = await http.get('/company');
		expect(expired.status).toBe(401);
		expect(expired.data).toEqual({
			errors: [
				{ status: 401, field: '', message: 'Unauthorized: access token is invalid or expired' },
			],
		});
		const refreshed = await token({
			grant_type: 'refresh_token',
			refresh_token: first.data.refresh_token,
			...creds,
		});
		expect(refreshed.status).toBe(200);
		expect(refreshed.data.refresh_token).toBe(first.data.refresh_token);
		expect((await client(sb.apiUrl, refreshed.data.access_token).get('/company')).data.id).toBe(
			1001,
		);
	});

	it('expireAllTokens invalidates access tokens but not refresh tokens', async () => {
		const code = await codeFromLogin();
		const first = await token({
			grant_type: 'authorization_code',
			code,
			redirect_uri: REDIRECT,
			...creds,
		});
		const m = await token(m2m);
		sb.expireAllTokens();
		expect((await client(sb.apiUrl, first.data.access_token).get('/coa')).status).toBe(401);
		expect((await client(sb.apiUrl, m.data.access_token).get('/coa')).status).toBe(401);
		const refreshed = await token({
			grant_type: 'refresh_token',
			refresh_token: first.data.refresh_token,
			...creds,
		});
		expect((await client(sb.apiUrl, refreshed.data.access_token).get('/coa')).status).toBe(200);
	});

	it('missing or unknown bearer token -> 401 in Procountor error shape', async () => {
		expect((await client(sb.apiUrl).get('/company')).status).toBe(401);
		const res = await client(sb.apiUrl, 'garbage').get('/company');
		expect(res.status).toBe(401);
		expect(res.data.errors[0].status).toBe(401);
	});
});
