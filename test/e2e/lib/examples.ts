// The example workflows (examples/*.json) as the e2e suite and the demo import them, and small
// helpers around them: credential references, manual runs, OAuth2 connect through n8n's endpoints.
import { randomUUID } from 'crypto';
import { readFileSync } from 'fs';
import * as path from 'path';

import { PLEO_SEED } from '../../../sandbox/pleo';
import { PROCOUNTOR_SEED } from '../../../sandbox/procountor';
import { REPO_ROOT } from './install';
import type { ExecutionDetails, N8nServer, WorkflowJson } from './n8n';

export const EXAMPLES_DIR = path.join(REPO_ROOT, 'examples');

export const EXAMPLE_FILES = {
	exportWebhook: 'export-pleo-expenses-to-procountor.json',
	exportPolling: 'export-pleo-expenses-polling.json',
	dimensionSync: 'sync-procountor-dimensions-to-pleo-tags.json',
	setup: 'setup-import-accounts-and-vat-codes.json',
	weeklyReconciliation: 'weekly-reconciliation.json',
} as const;

/** A credential as nodes reference it: `{ id, name }`, keyed by credential type. */
export type CredentialRefs = Record<string, { id: string; name: string }>;

export interface ExampleNode {
	id: string;
	name: string;
	type: string;
	typeVersion: number;
	position: [number, number];
	parameters: Record<string, any>;
	credentials?: Record<string, { id: string | null; name: string }>;
	webhookId?: string;
	[k: string]: unknown;
}

export interface ExampleWorkflow extends WorkflowJson {
	name: string;
	nodes: ExampleNode[];
}

/** Reads examples/<file> as it is (credential ids null, referenced by name). */
export function readExample(file: string): ExampleWorkflow {
	return JSON.parse(readFileSync(path.join(EXAMPLES_DIR, file), 'utf8')) as ExampleWorkflow;
}

/**
 * Reads an example and points every node credential at the given credentials (by type).
 * Throws when a node needs a credential type that `refs` lacks. `procountorAuth` switches the
 * Procountor nodes to OAuth2 (credential type procountorOAuth2Api) instead of the API key.
 */
export function loadExample(
	file: string,
	refs: CredentialRefs,
	opts: { procountorAuth?: 'apiKey' | 'oAuth2'; name?: string } = {},
): ExampleWorkflow {
	const wf = readExample(file);
	for (const node of wf.nodes) {
		// The examples carry no webhookId (importing one twice would clash): like the editor's
		// import, give each webhook node a fresh one.
		if (node.type.endsWith('.pleoTrigger') && !node.webhookId) node.webhookId = randomUUID();
		if (opts.procountorAuth === 'oAuth2' && node.type.endsWith('.procountor')) {
			node.parameters.authentication = 'oAuth2';
			if (node.credentials?.procountorApi) {
				const { procountorApi: _, ...rest } = node.credentials;
				node.credentials = { ...rest, procountorOAuth2Api: { id: null, name: '' } };
			}
		}
		if (!node.credentials) continue;
		for (const type of Object.keys(node.credentials)) {
			const ref = refs[type];
			if (!ref) throw new Error(`${file}: node "${node.name}" needs a ${type} credential`);
			node.credentials[type] = { id: ref.id, name: ref.name };
		}
	}
	if (opts.name) wf.name = opts.name;
	return wf;
}

/** The node of a workflow by name (throws when missing). */
export function nodeByName(wf: ExampleWorkflow, name: string): ExampleNode {
	const node = wf.nodes.find((n) => n.name === name);
	if (!node) throw new Error(`workflow "${wf.name}" has no node "${name}"`);
	return node;
}

/** n8n's production webhook URL of a webhook node (`<url>/webhook/<webhookId>/<path>`). */
export function productionWebhookUrl(
	n8n: N8nServer,
	node: ExampleNode,
	webhookPath = 'webhook',
): string {
	if (!node.webhookId) throw new Error(`node "${node.name}" has no webhookId`);
	return `${n8n.url}/webhook/${node.webhookId}/${webhookPath}`;
}

const FINAL = new Set(['success', 'error', 'crashed', 'canceled']);
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/**
 * Runs a saved workflow the way the editor's "Execute workflow" does
 * (`POST /rest/workflows/:id/run` starting from the named trigger) and waits for the finished
 * execution, returned with its decoded run data.
 */
export async function runManually(
	n8n: N8nServer,
	workflowId: string,
	triggerName: string,
	timeoutMs = 120_000,
): Promise<ExecutionDetails> {
	const started = await n8n.rest<{ executionId?: string; waitingForWebhook?: boolean }>(
		'POST',
		`/workflows/${encodeURIComponent(workflowId)}/run`,
		await n8n.adapter.manualRunBody(n8n.rest, workflowId, triggerName),
	);
	if (!started?.executionId) {
		throw new Error(
			`manual run of ${workflowId} did not start an execution: ${JSON.stringify(started)}`,
		);
	}
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		try {
			const exec = await n8n.getExecution(String(started.executionId), true);
			if (FINAL.has(exec.status)) return exec;
		} catch (err) {
			// the execution row may not be saved yet
			if (Date.now() > deadline) throw err;
		}
		if (Date.now() > deadline) {
			throw new Error(`execution ${started.executionId} did not finish within ${timeoutMs} ms`);
		}
		await sleep(300);
	}
}

/** The output items (json) of a node in a decoded execution (first run, first output). */
export function nodeOutput(exec: ExecutionDetails, nodeName: string, run = 0): any[] {
	const runs = exec.data?.resultData?.runData?.[nodeName];
	if (!runs || !runs[run]) return [];
	return ((runs[run].data?.main?.[0] ?? []) as Array<{ json: unknown }>).map((i) => i.json);
}

/** The error message of a failed execution (or undefined). */
export function executionError(exec: ExecutionDetails): string | undefined {
	const e = exec.data?.resultData?.error;
	if (!e) return undefined;
	return [e.message, e.description].filter(Boolean).join(': ');
}

function cookiesOf(res: Response): string[] {
	return res.headers.getSetCookie().map((c) => c.split(';')[0]);
}

export interface OAuth2Login {
	username: string;
	password: string;
	company: string | number;
}

/**
 * Connects an OAuth2 credential the way a user clicking "Connect" does, through n8n's own
 * endpoints: `GET /rest/oauth2-credential/auth?id=` gives the authorize URL, the provider's login
 * form (Procountor sandbox `/login`) is posted with the query parameters plus the user's answers,
 * and its 302 is followed to n8n's callback with the session (and OAuth browser-binding) cookies.
 * Resolves with the callback page's HTML; throws if a step fails.
 */
export async function connectOAuth2(
	n8n: N8nServer,
	credentialId: string,
	login: OAuth2Login,
): Promise<string> {
	const headers = { 'browser-id': n8n.browserId, cookie: n8n.cookie, accept: 'application/json' };
	const authRes = await fetch(
		`${n8n.url}/rest/oauth2-credential/auth?id=${encodeURIComponent(credentialId)}`,
		{ headers },
	);
	const authText = await authRes.text();
	if (!authRes.ok) throw new Error(`oauth2-credential/auth -> ${authRes.status}: ${authText}`);
	const authorizeUrl = new URL((JSON.parse(authText) as { data: string }).data);
	const cookies = [n8n.cookie, ...cookiesOf(authRes)];

	const form = new URLSearchParams(authorizeUrl.searchParams);
	form.set('username', login.username);
	form.set('password', login.password);
	form.set('company', String(login.company));
	const loginRes = await fetch(`${authorizeUrl.origin}${authorizeUrl.pathname}`, {
		method: 'POST',
		headers: { 'content-type': 'application/x-www-form-urlencoded' },
		body: form.toString(),
		redirect: 'manual',
	});
	const loginText = await loginRes.text();
	const location = loginRes.headers.get('location');
	if (loginRes.status !== 302 || !location) {
		throw new Error(`login form -> ${loginRes.status} (expected 302): ${loginText.slice(0, 500)}`);
	}
	const callback = new URL(location);
	if (!callback.pathname.endsWith('/rest/oauth2-credential/callback')) {
		throw new Error(`the login redirected to ${location}, not to n8n's OAuth2 callback`);
	}
	const cbRes = await fetch(callback, {
		headers: { 'browser-id': n8n.browserId, cookie: cookies.join('; ') },
		redirect: 'manual',
	});
	const html = await cbRes.text();
	if (!cbRes.ok || !html.includes('Connection successful')) {
		throw new Error(`OAuth2 callback -> ${cbRes.status}: ${html.slice(0, 1000)}`);
	}
	return html;
}

/**
 * Creates the two credentials the example workflows refer to by name ("Pleo account" and
 * "Procountor account", API key), pointing at the sandboxes, and returns their references.
 */
export async function createSandboxCredentials(
	n8n: N8nServer,
	sandboxes: { pleoUrl: string; procountorUrl: string },
): Promise<CredentialRefs> {
	const pleo = { name: 'Pleo account', id: '' };
	const procountor = { name: 'Procountor account', id: '' };
	pleo.id = await n8n.createCredential(pleo.name, 'pleoApi', {
		apiKey: PLEO_SEED.apiKey,
		environment: 'custom',
		baseUrl: sandboxes.pleoUrl,
		companyId: PLEO_SEED.companyId,
	});
	procountor.id = await n8n.createCredential(procountor.name, 'procountorApi', {
		environment: 'custom',
		baseUrl: sandboxes.procountorUrl,
		clientId: PROCOUNTOR_SEED.clientId,
		clientSecret: PROCOUNTOR_SEED.clientSecret,
		apiKey: PROCOUNTOR_SEED.apiKeys[1001],
	});
	return { pleoApi: pleo, procountorApi: procountor };
}
