// Our credentials and nodes inside a real n8n 2.41.1: the Procountor OAuth2 "Connect" flow through
// n8n's own OAuth endpoints and the sandbox's login page (token stored, refreshed after expiry),
// the API-key credential's test, and the editor's view of our node and credential types.
import {
	PROCOUNTOR_SEED,
	startProcountorSandbox,
	type ProcountorSandbox,
} from '../../sandbox/procountor';
import {
	connectOAuth2,
	declaredTypes,
	executionError,
	nodeOutput,
	packPackage,
	runManually,
	startN8n,
	type N8nServer,
} from './lib';

jest.setTimeout(120_000);

let n8n: N8nServer;
let pc: ProcountorSandbox;

beforeAll(async () => {
	pc = await startProcountorSandbox();
	n8n = await startN8n({ packageTgz: await packPackage(), logName: 'n8n-credentials' });
}, 300_000);

afterAll(async () => {
	await n8n?.stop();
	await pc?.close();
}, 30_000);

/** A workflow Manual Trigger → Procountor Company › Get with the given credential. */
async function companyGetWorkflow(
	name: string,
	auth: 'apiKey' | 'oAuth2',
	credentialId: string,
	credentialName: string,
) {
	const credType = auth === 'oAuth2' ? 'procountorOAuth2Api' : 'procountorApi';
	return n8n.importWorkflow({
		name,
		nodes: [
			{
				id: '0d9e7c1a-1111-4a4a-8a8a-000000000001',
				name: 'Start',
				type: 'n8n-nodes-base.manualTrigger',
				typeVersion: 1,
				position: [0, 0],
				parameters: {},
			},
			{
				id: '0d9e7c1a-1111-4a4a-8a8a-000000000002',
				name: 'Get Company',
				type: 'n8n-nodes-pleo-procountor.procountor',
				typeVersion: 1,
				position: [240, 0],
				parameters: { authentication: auth, resource: 'company', operation: 'get' },
				credentials: { [credType]: { id: credentialId, name: credentialName } },
			},
		],
		connections: { Start: { main: [[{ node: 'Get Company', type: 'main', index: 0 }]] } },
	});
}

const tokenRequests = () => pc.requests.filter((r) => r.path === '/api/oauth/token').length;

describe('Procountor OAuth2 credential in n8n', () => {
	let credId: string;
	let workflowId: string;

	it("connects through n8n's OAuth2 endpoints and the Procountor login page", async () => {
		credId = await n8n.createCredential('Procountor OAuth2 (sandbox)', 'procountorOAuth2Api', {
			environment: 'custom',
			baseUrl: pc.url,
			clientId: PROCOUNTOR_SEED.clientId,
			clientSecret: PROCOUNTOR_SEED.clientSecret,
		});
		const html = await connectOAuth2(n8n, credId, {
			username: PROCOUNTOR_SEED.username,
			password: PROCOUNTOR_SEED.password,
			company: 1001,
		});
		expect(html).toContain('Connection successful');
		// the code was exchanged once, at the sandbox's token endpoint
		expect(tokenRequests()).toBe(1);
		const stored = await n8n.rest<{ data?: Record<string, unknown> }>(
			'GET',
			`/credentials/${credId}?includeData=true`,
		);
		expect(stored.data?.oauthTokenData).toBeTruthy();
	});

	it('the stored token works: Procountor Company › Get runs in n8n', async () => {
		workflowId = await companyGetWorkflow(
			'e2e: company via OAuth2',
			'oAuth2',
			credId,
			'Procountor OAuth2 (sandbox)',
		);
		const exec = await runManually(n8n, workflowId, 'Start');
		expect(executionError(exec)).toBeUndefined();
		expect(exec.status).toBe('success');
		const [company] = nodeOutput(exec, 'Get Company');
		expect(company).toMatchObject({ id: 1001, name: 'Pleo Demo Oy' });
	});

	it('after the sandbox expires every token, n8n refreshes it and the next run still succeeds', async () => {
		const before = tokenRequests();
		const res = await fetch(`${pc.url}/_sandbox/expire-tokens`, { method: 'POST' });
		expect(res.status).toBe(200);
		await res.arrayBuffer();
		const exec = await runManually(n8n, workflowId, 'Start');
		expect(executionError(exec)).toBeUndefined();
		expect(exec.status).toBe('success');
		expect(nodeOutput(exec, 'Get Company')[0]).toMatchObject({ id: 1001 });
		// one refresh_token grant, after the 401
		expect(tokenRequests()).toBe(before + 1);
		expect(pc.requests.some((r) => r.status === 401)).toBe(true);
	});
});

describe('Procountor API-key credential in n8n', () => {
	const data = () => ({
		environment: 'custom',
		baseUrl: pc.url,
		clientId: PROCOUNTOR_SEED.clientId,
		clientSecret: PROCOUNTOR_SEED.clientSecret,
		apiKey: PROCOUNTOR_SEED.apiKeys[1001],
	});

	const testCredential = (id: string, name: string, d: Record<string, unknown>) =>
		n8n.rest<{ status: string; message: string }>('POST', '/credentials/test', {
			credentials: { id, name, type: 'procountorApi', data: d },
		});

	it("passes n8n's credential test (POST /rest/credentials/test)", async () => {
		const id = await n8n.createCredential('Procountor API key (sandbox)', 'procountorApi', data());
		const result = await testCredential(id, 'Procountor API key (sandbox)', data());
		expect(result).toMatchObject({ status: 'OK' });
	});

	it('fails the test with a wrong API key', async () => {
		const bad = { ...data(), apiKey: 'not-a-key' };
		const id = await n8n.createCredential('Procountor API key (wrong)', 'procountorApi', bad);
		const result = await testCredential(id, 'Procountor API key (wrong)', bad);
		expect(result.status).toBe('Error');
	});

	it('runs Company › Get with the API key', async () => {
		const id = await n8n.createCredential('Procountor API key (run)', 'procountorApi', data());
		const wf = await companyGetWorkflow(
			'e2e: company via API key',
			'apiKey',
			id,
			'Procountor API key (run)',
		);
		const exec = await runManually(n8n, wf, 'Start');
		expect(executionError(exec)).toBeUndefined();
		expect(nodeOutput(exec, 'Get Company')[0]).toMatchObject({ id: 1001, name: 'Pleo Demo Oy' });
	});
});

describe('presence in the editor', () => {
	it('lists our nodes with icons and codex categories', async () => {
		const declared = declaredTypes();
		const types = await n8n.nodeTypes();
		for (const name of declared.nodes) {
			const t = types.find((x) => x.name === name);
			expect(t).toBeDefined();
			const icon = t.iconUrl ?? t.icon;
			expect(icon).toBeTruthy();
			expect(t.codex?.categories).toContain('Finance & Accounting');
			// the icon file n8n serves for it is an SVG
			const iconPath = typeof t.iconUrl === 'string' ? t.iconUrl : t.iconUrl?.light;
			if (typeof iconPath === 'string') {
				const res = await fetch(`${n8n.url}/${iconPath.replace(/^\//, '')}`);
				expect(res.status).toBe(200);
				expect(await res.text()).toContain('<svg');
			}
		}
	});

	it('lists our credentials with icons', async () => {
		const declared = declaredTypes();
		const creds = await n8n.credentialTypes();
		for (const name of declared.credentials) {
			const c = creds.find((x) => x.name === name);
			expect(c).toBeDefined();
			expect(c.iconUrl ?? c.icon).toBeTruthy();
		}
	});
});
