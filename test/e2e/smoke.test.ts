// Smoke test of the real-n8n machinery: n8n 2.41.1 starts with our packed package installed
// under ~/.n8n/nodes, knows every node and credential package.json declares, the owner can log
// in, and a trivial workflow can be created, published, unpublished and deleted.
import { promises as fs } from 'fs';
import * as path from 'path';

import {
	declaredTypes,
	packPackage,
	readmeTarballInstallArgs,
	startN8n,
	OWNER,
	type N8nServer,
} from './lib';

describe('real n8n smoke', () => {
	let n8n: N8nServer;
	let declared: ReturnType<typeof declaredTypes>;

	beforeAll(async () => {
		const tgz = await packPackage();
		declared = declaredTypes();
		n8n = await startN8n({ packageTgz: tgz, logName: 'n8n-smoke' });
	}, 300_000);

	afterAll(async () => {
		await n8n?.stop();
	}, 30_000);

	it('is healthy on loopback and the owner session works', async () => {
		expect(n8n.url).toBe(`http://127.0.0.1:${n8n.port}`);
		expect([5678, 5679]).not.toContain(n8n.port);
		const health = await fetch(`${n8n.url}/healthz`);
		expect(await health.json()).toEqual({ status: 'ok' });

		expect(n8n.cookie).toMatch(/^n8n-auth=/);
		const me = await n8n.rest<{ email: string; role?: string }>('GET', '/login');
		expect(me.email).toBe(OWNER.email);

		// Without the session cookie the REST API refuses.
		const anonymous = await fetch(`${n8n.url}/rest/workflows`);
		expect(anonymous.status).toBe(401);
	}, 30_000);

	it("was installed with the README's command, which pulls in no peer dependency", async () => {
		const args = readmeTarballInstallArgs();
		expect(args[0]).toBe('install');
		expect(args).toContain('--legacy-peer-deps');
		// n8n provides n8n-workflow: nothing but the package itself lands in ~/.n8n/nodes
		const installed = (await fs.readdir(path.join(n8n.userFolder, '.n8n', 'nodes', 'node_modules')))
			.filter((name) => !name.startsWith('.'))
			.sort();
		expect(installed).toEqual([declared.packageName]);
	});

	it('knows every node package.json declares, under the package prefix', async () => {
		const types = await n8n.nodeTypes();
		const names = new Set(types.map((t) => t.name as string));
		expect(names.has('n8n-nodes-base.manualTrigger')).toBe(true);
		for (const node of declared.nodes) {
			expect(names).toContain(node);
		}
		const ours = types.filter((t) => String(t.name).startsWith(`${declared.packageName}.`));
		// n8n adds a `<name>Tool` variant of every node marked usableAsTool.
		const base = (name: string) =>
			declared.nodes.includes(name) ? name : name.replace(/Tool$/, '');
		expect(new Set(ours.map((t) => base(t.name)))).toEqual(new Set(declared.nodes));
		for (const t of ours) {
			expect(t.icon ?? t.iconUrl).toBeTruthy();
		}
		// The editor shows each declared node with its codex (category) and icons served by n8n.
		for (const t of ours.filter((x) => declared.nodes.includes(x.name))) {
			expect(t.codex?.categories).toEqual(expect.arrayContaining(['Finance & Accounting']));
			const urls: string[] =
				typeof t.iconUrl === 'string' ? [t.iconUrl] : Object.values(t.iconUrl ?? {});
			for (const u of urls) {
				const res = await fetch(`${n8n.url}/${u}`, {
					headers: { cookie: n8n.cookie, 'browser-id': n8n.browserId },
				});
				expect({ node: t.name, icon: u, status: res.status }).toEqual({
					node: t.name,
					icon: u,
					status: 200,
				});
				expect(res.headers.get('content-type')).toContain('image/svg+xml');
				await res.arrayBuffer();
			}
		}
	}, 30_000);

	it('knows every credential package.json declares', async () => {
		const creds = new Set((await n8n.credentialTypes()).map((c) => c.name as string));
		for (const cred of declared.credentials) {
			expect(creds).toContain(cred);
		}
	}, 30_000);

	it('creates, publishes, unpublishes and deletes a trivial workflow', async () => {
		const id = await n8n.importWorkflow({
			name: 'smoke: schedule',
			nodes: [
				{
					id: '5c2d0d63-5f6e-4c3c-9a51-0d3c8c7b0001',
					name: 'Schedule Trigger',
					type: 'n8n-nodes-base.scheduleTrigger',
					typeVersion: 1.2,
					position: [0, 0],
					parameters: { rule: { interval: [{ field: 'hours', hoursInterval: 24 }] } },
				},
				{
					id: '5c2d0d63-5f6e-4c3c-9a51-0d3c8c7b0002',
					name: 'No Op',
					type: 'n8n-nodes-base.noOp',
					typeVersion: 1,
					position: [220, 0],
					parameters: {},
				},
			],
			connections: {
				'Schedule Trigger': { main: [[{ node: 'No Op', type: 'main', index: 0 }]] },
			},
		});
		expect(id).toBeTruthy();
		const wf = await n8n.getWorkflow(id);
		expect(wf.name).toBe('smoke: schedule');

		const published = await n8n.activateWorkflow(id);
		expect(published.active || published.activeVersionId).toBeTruthy();
		const unpublished = await n8n.deactivateWorkflow(id);
		expect(unpublished.active).toBeFalsy();

		await n8n.deleteWorkflow(id);
		await expect(n8n.getWorkflow(id)).rejects.toMatchObject({ status: 404 });
		expect(await n8n.listExecutions(id)).toEqual([]);
	}, 120_000);

	it('runs a published webhook workflow and decodes its execution data', async () => {
		const id = await n8n.importWorkflow({
			name: 'smoke: webhook',
			nodes: [
				{
					id: '5c2d0d63-5f6e-4c3c-9a51-0d3c8c7b0011',
					name: 'Webhook',
					type: 'n8n-nodes-base.webhook',
					typeVersion: 2,
					position: [0, 0],
					webhookId: '5c2d0d63-5f6e-4c3c-9a51-0d3c8c7b0019',
					parameters: { httpMethod: 'POST', path: 'smoke-hook', responseMode: 'onReceived' },
				},
				{
					id: '5c2d0d63-5f6e-4c3c-9a51-0d3c8c7b0012',
					name: 'No Op',
					type: 'n8n-nodes-base.noOp',
					typeVersion: 1,
					position: [220, 0],
					parameters: {},
				},
			],
			connections: { Webhook: { main: [[{ node: 'No Op', type: 'main', index: 0 }]] } },
		});
		await n8n.activateWorkflow(id);
		expect((await n8n.publicationStatus(id)).status).toBe('published');

		const res = await fetch(`${n8n.url}/webhook/smoke-hook`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ amount: 1234, text: 'Ääkköset €' }),
		});
		expect(res.status).toBe(200);
		await res.arrayBuffer();

		const [summary] = await n8n.waitForExecutions(id, 1, 60_000);
		expect(summary.status).toBe('success');
		const exec = await n8n.getExecution(summary.id, true);
		const out = exec.data.resultData.runData['No Op'][0].data.main[0][0].json;
		expect(out.body).toEqual({ amount: 1234, text: 'Ääkköset €' });
		const bare = await n8n.getExecution(summary.id, false);
		expect(bare.data).toBeUndefined();

		await n8n.deleteWorkflow(id);
	}, 120_000);
});
