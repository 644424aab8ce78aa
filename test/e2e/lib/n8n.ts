// Starts and drives a real n8n (the version of the matrix the suite runs on, see ./version: 2.41.1
// on Node 24 or 1.123.81 on Node 22; embedded SQLite) with our package installed under
// <userFolder>/.n8n/nodes the way users install community packages.
import { spawn, type ChildProcess } from 'child_process';
import { randomBytes, randomUUID } from 'crypto';
import { promises as fs, closeSync, openSync, readFileSync, writeFileSync } from 'fs';
import * as net from 'net';
import * as os from 'os';
import * as path from 'path';

import { parseFlatted } from './flatted';
import {
	ARTIFACTS_DIR,
	ensureN8nInstalled,
	installPackageInto,
	n8nCliPath,
	n8nNodeBin,
	n8nNodeDir,
	packPackage,
} from './install';
import {
	n8nVersion,
	versionAdapter,
	type N8nVersion,
	type PublicationStatus,
	type VersionAdapter,
} from './version';

export type { PublicationStatus } from './version';

export const OWNER = {
	email: 'demo@example.com',
	password: 'Demo-pass-2026',
	firstName: 'Demo',
	lastName: 'Owner',
} as const;

export const PACKAGE_NAME = 'n8n-nodes-pleo-procountor';

export interface StartN8nOptions {
	/** Which n8n of the matrix (default: the one the suite runs on, N8N_E2E_VERSION). */
	version?: N8nVersion;
	/** Port for n8n's HTTP server (default: a free port, never 5678/5679). */
	port?: number;
	/** N8N_USER_FOLDER (default: a fresh temp folder, removed again by stop()). */
	userFolder?: string;
	/** Extra environment for n8n; wins over the defaults. */
	env?: Record<string, string>;
	/** Tarball to install (default: packPackage()). */
	packageTgz?: string;
	/** Start n8n without installing our package. */
	skipPackage?: boolean;
	/** N8N_ENCRYPTION_KEY (default: the one a reused user folder already has, else random). */
	encryptionKey?: string;
	/** How long to wait for n8n to answer (default 180 s). */
	startTimeoutMs?: number;
	/** Keep a temp user folder after stop() (for debugging). */
	keepUserFolder?: boolean;
	/** Prefix of the log file in .artifacts/ (default "n8n"). */
	logName?: string;
	/**
	 * `start` (default): the main process (UI, REST API, webhooks), owner set up and logged in.
	 * `worker`: `n8n worker` for queue mode (pass the main's userFolder, encryptionKey and the
	 * DB/Redis env, usually with skipPackage). Its health server (QUEUE_HEALTH_CHECK_*) listens on
	 * `port`, readiness is awaited there; no owner/login, so the REST helpers do not apply.
	 */
	command?: 'start' | 'worker';
	/** `n8n worker --concurrency=<n>` (worker only; n8n's default is 10). */
	workerConcurrency?: number;
}

export interface ExecutionSummary {
	id: string;
	workflowId: string;
	status: string;
	mode: string;
	finished?: boolean;
	startedAt?: string;
	stoppedAt?: string;
	[k: string]: unknown;
}

export interface ExecutionDetails extends ExecutionSummary {
	/** Decoded run data (IRunExecutionData) when requested with includeData. */
	data?: any;
	workflowData?: any;
}

export interface N8nServer {
	/** The n8n version this server runs. */
	version: N8nVersion;
	/** What differs between n8n versions (activation, manual runs): see ./version. */
	adapter: VersionAdapter;
	url: string;
	port: number;
	userFolder: string;
	/** `n8n-auth=<jwt>` for the owner session. */
	cookie: string;
	/** The browser-id header value the session cookie is bound to. */
	browserId: string;
	logFile: string;
	encryptionKey: string;
	/** Milliseconds from spawning n8n until it was ready (migrations included). */
	startupMs: number;
	process: ChildProcess;
	/** Authenticated call to `/rest<path>`; unwraps `{ data }`; throws N8nRestError on non-2xx. */
	rest<T = any>(method: string, restPath: string, body?: unknown): Promise<T>;
	createCredential(name: string, type: string, data: Record<string, unknown>): Promise<string>;
	/** Creates a workflow from exported JSON (nodes/connections/settings...) and returns its id. */
	importWorkflow(json: WorkflowJson): Promise<string>;
	getWorkflow(id: string): Promise<any>;
	/**
	 * Activates (2.x: publishes) the current version and waits until its triggers are live
	 * (2.x: publication status `published`, throws with the trigger errors on `failed`/`partial`;
	 * 1.x: synchronous, throws with the activation error).
	 */
	activateWorkflow(id: string, timeoutMs?: number): Promise<any>;
	/** Deactivates (2.x: unpublishes) and waits until no version is live any more. */
	deactivateWorkflow(id: string, timeoutMs?: number): Promise<any>;
	/** 2.x: GET /rest/workflows/:id/publication-status; 1.x: derived from the `active` flag. */
	publicationStatus(id: string): Promise<PublicationStatus>;
	/** Archives (deactivating first if needed) and deletes a workflow. */
	deleteWorkflow(id: string): Promise<void>;
	listExecutions(workflowId?: string): Promise<ExecutionSummary[]>;
	/** Waits until at least `count` executions of the workflow have finished (any final status). */
	waitForExecutions(
		workflowId: string,
		count: number,
		timeoutMs?: number,
	): Promise<ExecutionSummary[]>;
	getExecution(id: string, includeData?: boolean): Promise<ExecutionDetails>;
	/** All node type descriptions as the editor loads them (/types/nodes.json: icons, codex...). */
	nodeTypes(): Promise<any[]>;
	/** All credential type descriptions (/types/credentials.json). */
	credentialTypes(): Promise<any[]>;
	/** The last lines of n8n's log. */
	logTail(lines?: number): string;
	stop(): Promise<void>;
}

export interface WorkflowJson {
	name?: string;
	nodes: unknown[];
	connections: Record<string, unknown>;
	settings?: Record<string, unknown>;
	staticData?: unknown;
	pinData?: Record<string, unknown>;
	meta?: Record<string, unknown>;
	[k: string]: unknown;
}

export class N8nRestError extends Error {
	constructor(
		readonly method: string,
		readonly restPath: string,
		readonly status: number,
		readonly body: string,
	) {
		super(`n8n ${method} ${restPath} -> ${status}: ${body.slice(0, 2000)}`);
		this.name = 'N8nRestError';
	}
}

const FINAL_STATUSES = new Set(['success', 'error', 'crashed', 'canceled']);
const RESERVED_PORTS = new Set([5678, 5679]);
const live = new Set<ChildProcess>();
let exitHookInstalled = false;

function installExitHook(): void {
	if (exitHookInstalled) return;
	exitHookInstalled = true;
	const killAll = () => {
		for (const child of live) killGroup(child, 'SIGKILL');
	};
	process.on('exit', killAll);
	// n8n runs in its own process group (so stop() can reach the task runner too): a Ctrl-C of the
	// test run would not reach it. Kill it, then let the signal take its usual course. A process
	// with signal handlers of its own (the demo) stops n8n itself, gracefully, through stop().
	for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
		const onSignal = () => {
			if (process.listenerCount(sig) > 1) return;
			killAll();
			process.removeListener(sig, onSignal);
			process.kill(process.pid, sig);
		};
		process.on(sig, onSignal);
	}
}

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
	if (child.pid === undefined) return;
	try {
		process.kill(-child.pid, signal);
	} catch {
		try {
			child.kill(signal);
		} catch {
			// already gone
		}
	}
}

/** A free TCP port on 127.0.0.1 (never n8n's defaults 5678/5679). */
export async function freePort(): Promise<number> {
	for (;;) {
		const port = await new Promise<number>((resolve, reject) => {
			const srv = net.createServer();
			srv.unref();
			srv.on('error', reject);
			srv.listen(0, '127.0.0.1', () => {
				const addr = srv.address();
				const p = typeof addr === 'object' && addr ? addr.port : 0;
				srv.close(() => resolve(p));
			});
		});
		if (!RESERVED_PORTS.has(port)) return port;
	}
}

function tailOf(file: string, lines: number): string {
	try {
		return readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
	} catch {
		return '(no log)';
	}
}

/** The key n8n saved in `<userFolder>/.n8n/config` on an earlier start (it refuses a different one). */
function storedEncryptionKey(userFolder: string): string | undefined {
	try {
		const config = JSON.parse(readFileSync(path.join(userFolder, '.n8n', 'config'), 'utf8')) as {
			encryptionKey?: unknown;
		};
		return typeof config.encryptionKey === 'string' ? config.encryptionKey : undefined;
	} catch {
		return undefined;
	}
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** The environment n8n runs with: loopback only, no telemetry or other calls home. */
export function n8nEnv(
	port: number,
	brokerPort: number,
	userFolder: string,
	key: string,
	version: N8nVersion = n8nVersion(),
): NodeJS.ProcessEnv {
	const base: NodeJS.ProcessEnv = {};
	for (const [k, v] of Object.entries(process.env)) {
		// Drop anything that would reconfigure n8n or the child Node from the outer environment.
		if (/^(N8N_|DB_|EXECUTIONS_|QUEUE_|NODE_OPTIONS$|NODE_ENV$|JEST_|npm_)/.test(k)) continue;
		base[k] = v;
	}
	const url = `http://127.0.0.1:${port}/`;
	return {
		...base,
		// The task runner is spawned as `node` from PATH: it must be n8n's Node as well.
		PATH: `${path.join(n8nNodeDir(version), 'bin')}${path.delimiter}${process.env.PATH ?? ''}`,
		NODE_ENV: 'production',
		NO_PROXY: '127.0.0.1,localhost',
		no_proxy: '127.0.0.1,localhost',
		N8N_USER_FOLDER: userFolder,
		N8N_PORT: String(port),
		N8N_HOST: '127.0.0.1',
		N8N_LISTEN_ADDRESS: '127.0.0.1',
		N8N_PROTOCOL: 'http',
		N8N_EDITOR_BASE_URL: url,
		WEBHOOK_URL: url,
		N8N_WEBHOOK_URL: url,
		N8N_SECURE_COOKIE: 'false',
		N8N_ENCRYPTION_KEY: key,
		N8N_RUNNERS_BROKER_PORT: String(brokerPort),
		N8N_RUNNERS_BROKER_LISTEN_ADDRESS: '127.0.0.1',
		DB_TYPE: 'sqlite',
		N8N_COMMUNITY_PACKAGES_ENABLED: 'true',
		N8N_UNVERIFIED_PACKAGES_ENABLED: 'true',
		N8N_VERIFIED_PACKAGES_ENABLED: 'false',
		N8N_REINSTALL_MISSING_PACKAGES: 'false',
		N8N_DIAGNOSTICS_ENABLED: 'false',
		N8N_DIAGNOSTICS_CONFIG_FRONTEND: '',
		N8N_DIAGNOSTICS_CONFIG_BACKEND: '',
		N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_WHATS_NEW_ENABLED: 'false',
		N8N_TEMPLATES_ENABLED: 'false',
		N8N_PERSONALIZATION_ENABLED: 'false',
		N8N_DYNAMIC_BANNERS_ENABLED: 'false',
		N8N_HIRING_BANNER_ENABLED: 'false',
		N8N_LICENSE_AUTO_RENEW_ENABLED: 'false',
		N8N_AI_ENABLED: 'false',
		N8N_PYTHON_ENABLED: 'false',
		N8N_SSRF_PROTECTION_ENABLED: 'false',
		EXTERNAL_FRONTEND_HOOKS_URLS: '',
		N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'false',
		N8N_LOG_LEVEL: 'info',
		N8N_LOG_OUTPUT: 'console',
		...versionAdapter(version).env,
	};
}

/**
 * Starts n8n with our package installed (see StartN8nOptions), sets up the owner account
 * (demo@example.com / Demo-pass-2026) and logs in. Fails with the log tail if n8n dies or
 * does not answer within the timeout.
 */
export async function startN8n(opts: StartN8nOptions = {}): Promise<N8nServer> {
	const version = opts.version ?? n8nVersion();
	const adapter = versionAdapter(version);
	await ensureN8nInstalled({ version });
	const ownFolder = !opts.userFolder;
	const userFolder = opts.userFolder ?? (await fs.mkdtemp(path.join(os.tmpdir(), 'n8n-e2e-')));
	await fs.mkdir(userFolder, { recursive: true });
	if (!opts.skipPackage) {
		try {
			const tgz = opts.packageTgz ?? (await packPackage());
			await installPackageInto(userFolder, tgz);
		} catch (err) {
			if (ownFolder) await fs.rm(userFolder, { recursive: true, force: true });
			throw err;
		}
	}
	const port = opts.port ?? (await freePort());
	let brokerPort = await freePort();
	while (brokerPort === port) brokerPort = await freePort();
	const encryptionKey =
		opts.encryptionKey ?? storedEncryptionKey(userFolder) ?? randomBytes(24).toString('hex');

	await fs.mkdir(ARTIFACTS_DIR, { recursive: true });
	const stamp = new Date().toISOString().replace(/[:.]/g, '-');
	const logFile = path.join(ARTIFACTS_DIR, `${opts.logName ?? 'n8n'}-${stamp}-${port}.log`);
	const fd = openSync(logFile, 'a');
	const command = opts.command ?? 'start';
	const isWorker = command === 'worker';
	const workerEnv: Record<string, string> = isWorker
		? {
				QUEUE_HEALTH_CHECK_ACTIVE: 'true',
				QUEUE_HEALTH_CHECK_PORT: String(port),
				N8N_WORKER_SERVER_ADDRESS: '127.0.0.1',
				// workers sharing a user folder each need their own event log file
				N8N_EVENTBUS_LOGWRITER_LOGBASENAME: `n8nEventLog-${port}`,
			}
		: {};
	const env = {
		...n8nEnv(port, brokerPort, userFolder, encryptionKey, version),
		...workerEnv,
		...(opts.env ?? {}),
	};
	const args = [n8nCliPath(version), command];
	if (isWorker && opts.workerConcurrency !== undefined)
		args.push(`--concurrency=${opts.workerConcurrency}`);
	let child: ChildProcess;
	const spawnedAt = Date.now();
	try {
		child = spawn(n8nNodeBin(version), args, {
			cwd: userFolder,
			env,
			stdio: ['ignore', fd, fd],
			detached: true,
		});
	} finally {
		closeSync(fd);
	}
	installExitHook();
	live.add(child);
	let exited: { code: number | null; signal: NodeJS.Signals | null } | undefined;
	const exitPromise = new Promise<void>((resolve) => {
		child.once('exit', (code, signal) => {
			exited = { code, signal };
			live.delete(child);
			resolve();
		});
		child.once('error', (err) => {
			// spawn failed (no process): report it like an early exit
			exited = { code: null, signal: null };
			live.delete(child);
			writeFileSync(logFile, `spawn failed: ${err.message}\n`, { flag: 'a' });
			resolve();
		});
	});

	const url = `http://127.0.0.1:${port}`;
	const browserId = randomUUID();
	let cookie = '';
	let startupMs = 0;

	const stop = async (): Promise<void> => {
		if (!exited) {
			killGroup(child, 'SIGTERM');
			let timer: NodeJS.Timeout | undefined;
			const timeout = new Promise<'timeout'>((r) => {
				timer = setTimeout(() => r('timeout'), 10_000);
			});
			const outcome = await Promise.race([exitPromise.then(() => 'exited' as const), timeout]);
			clearTimeout(timer);
			if (outcome === 'timeout') {
				killGroup(child, 'SIGKILL');
				await exitPromise;
			}
		}
		// The task runner may outlive the main process briefly: clear the whole group.
		killGroup(child, 'SIGKILL');
		if (ownFolder && !opts.keepUserFolder) {
			await fs.rm(userFolder, { recursive: true, force: true }).catch(() => undefined);
		}
	};

	const request = async (method: string, urlPath: string, body?: unknown): Promise<Response> => {
		const headers: Record<string, string> = { 'browser-id': browserId, accept: 'application/json' };
		if (cookie) headers.cookie = cookie;
		if (body !== undefined) headers['content-type'] = 'application/json';
		return fetch(`${url}${urlPath}`, {
			method,
			headers,
			body: body === undefined ? undefined : JSON.stringify(body),
		});
	};

	const rest = async <T = any>(method: string, restPath: string, body?: unknown): Promise<T> => {
		const p = restPath.startsWith('/rest/')
			? restPath
			: `/rest${restPath.startsWith('/') ? '' : '/'}${restPath}`;
		const res = await request(method.toUpperCase(), p, body);
		const text = await res.text();
		if (!res.ok) throw new N8nRestError(method.toUpperCase(), p, res.status, text);
		if (!text) return undefined as T;
		const json = JSON.parse(text) as unknown;
		if (json && typeof json === 'object' && !Array.isArray(json) && 'data' in json) {
			return (json as { data: T }).data;
		}
		return json as T;
	};

	try {
		// 1. wait until n8n answers (first start runs the database migrations: ~30-40 s).
		const deadline = Date.now() + (opts.startTimeoutMs ?? 180_000);
		for (;;) {
			if (exited) {
				throw new Error(
					`n8n exited during start (code ${exited.code}, signal ${exited.signal}); log ${logFile}:\n${tailOf(logFile, 60)}`,
				);
			}
			if (Date.now() > deadline) {
				throw new Error(
					`n8n did not become ready on ${url}; log ${logFile}:\n${tailOf(logFile, 60)}`,
				);
			}
			try {
				// /healthz answers before the migrations; readiness once they ran. n8n 1.x reports
				// readiness before its REST routes exist: the main process is up once /rest/settings is.
				const ready = await fetch(`${url}/healthz/readiness`);
				await ready.arrayBuffer();
				let up = ready.ok;
				if (up && !isWorker) {
					const settings = await fetch(`${url}/rest/settings`);
					await settings.arrayBuffer();
					up = settings.ok;
				}
				if (up) {
					startupMs = Date.now() - spawnedAt;
					break;
				}
			} catch {
				// not listening yet
			}
			await sleep(500);
		}

		// 2. owner account (first start of this user folder) and login; a worker has neither.
		if (!isWorker) {
			const settings = await rest<any>('GET', '/settings');
			if (settings?.userManagement?.showSetupOnFirstLoad !== false) {
				const setup = await request('POST', '/rest/owner/setup', OWNER);
				if (!setup.ok) {
					throw new Error(`owner setup failed: ${setup.status} ${await setup.text()}`);
				}
			}
			const login = await request('POST', '/rest/login', {
				emailOrLdapLoginId: OWNER.email,
				password: OWNER.password,
			});
			if (!login.ok) throw new Error(`login failed: ${login.status} ${await login.text()}`);
			const auth = login.headers
				.getSetCookie()
				.map((c) => c.split(';')[0])
				.find((c) => c.startsWith('n8n-auth='));
			if (!auth) throw new Error('login did not set the n8n-auth cookie');
			cookie = auth;
		}
	} catch (err) {
		await stop();
		throw err;
	}

	const server: N8nServer = {
		version,
		adapter,
		url,
		port,
		userFolder,
		get cookie() {
			return cookie;
		},
		browserId,
		logFile,
		encryptionKey,
		startupMs,
		process: child,
		rest,
		async createCredential(name, type, data) {
			const created = await rest<{ id: string }>('POST', '/credentials', { name, type, data });
			return String(created.id);
		},
		async importWorkflow(json) {
			const body: Record<string, unknown> = {
				name: json.name ?? 'Imported workflow',
				nodes: json.nodes,
				connections: json.connections,
				settings: json.settings ?? { executionOrder: 'v1' },
				...adapter.newWorkflowFields,
			};
			for (const k of ['staticData', 'pinData', 'meta', 'tags', 'projectId', 'parentFolderId']) {
				if (json[k] !== undefined) body[k] = json[k];
			}
			const created = await rest<{ id: string }>('POST', '/workflows', body);
			return String(created.id);
		},
		async getWorkflow(id) {
			return rest('GET', `/workflows/${encodeURIComponent(id)}`);
		},
		activateWorkflow: (id, timeoutMs = 60_000) => adapter.activate(rest, id, timeoutMs),
		deactivateWorkflow: (id, timeoutMs = 60_000) => adapter.deactivate(rest, id, timeoutMs),
		publicationStatus: (id) => adapter.publicationStatus(rest, id),
		async deleteWorkflow(id) {
			const wid = encodeURIComponent(id);
			const wf = await rest<{
				active?: boolean;
				activeVersionId?: string | null;
				isArchived?: boolean;
			}>('GET', `/workflows/${wid}`);
			if (wf.active || wf.activeVersionId) await server.deactivateWorkflow(id);
			if (!wf.isArchived) await rest('POST', `/workflows/${wid}/archive`, {});
			const deadline = Date.now() + 30_000;
			for (;;) {
				try {
					await rest('DELETE', `/workflows/${wid}`);
					return;
				} catch (err) {
					// 409 while an unpublish is still being applied.
					if (!(err instanceof N8nRestError) || err.status !== 409 || Date.now() > deadline)
						throw err;
					await sleep(250);
				}
			}
		},
		async listExecutions(workflowId) {
			const params = new URLSearchParams({ limit: '100' });
			if (workflowId) params.set('filter', JSON.stringify({ workflowId }));
			const page = await rest<{ results: ExecutionSummary[] }>(
				'GET',
				`/executions?${params.toString()}`,
			);
			return page.results.map((e) => ({ ...e, id: String(e.id) }));
		},
		async waitForExecutions(workflowId, count, timeoutMs = 60_000) {
			const deadline = Date.now() + timeoutMs;
			for (;;) {
				const all = await server.listExecutions(workflowId);
				const done = all.filter((e) => FINAL_STATUSES.has(e.status));
				if (done.length >= count) return done;
				if (Date.now() > deadline) {
					throw new Error(
						`waited ${timeoutMs} ms for ${count} finished executions of workflow ${workflowId}; ` +
							`have ${done.length} finished of ${all.length} (${all.map((e) => e.status).join(', ')})`,
					);
				}
				if (exited) throw new Error(`n8n exited; log tail:\n${tailOf(logFile, 40)}`);
				await sleep(500);
			}
		},
		async getExecution(id, includeData = true) {
			// n8n 1.x saves a finished execution's status and its data in two writes: for a moment
			// the row says `success` while the data is still "[]" (n8n logs "Found successful
			// execution where data is empty stringified array"). Read again until the data is there.
			const deadline = Date.now() + 15_000;
			for (;;) {
				const exec = await rest<ExecutionDetails & { data?: unknown }>(
					'GET',
					`/executions/${encodeURIComponent(id)}`,
				);
				const out: ExecutionDetails = { ...exec, id: String(exec.id) };
				if (!includeData) {
					delete out.data;
					return out;
				}
				if (typeof exec.data === 'string') out.data = parseFlatted(exec.data);
				const final = FINAL_STATUSES.has(out.status);
				if (!final || out.data?.resultData || Date.now() > deadline) return out;
				await sleep(250);
			}
		},
		async nodeTypes() {
			const res = await request('GET', '/types/nodes.json');
			if (!res.ok) throw new N8nRestError('GET', '/types/nodes.json', res.status, await res.text());
			return (await res.json()) as any[];
		},
		async credentialTypes() {
			const res = await request('GET', '/types/credentials.json');
			if (!res.ok)
				throw new N8nRestError('GET', '/types/credentials.json', res.status, await res.text());
			return (await res.json()) as any[];
		},
		logTail(lines = 60) {
			return tailOf(logFile, lines);
		},
		stop,
	};
	return server;
}

/**
 * SIGKILL to an n8n process group (the main or worker process and its task runner), as the OOM
 * killer, a host reboot or a container stopped without grace would; resolves once the process is
 * gone. Requests it had in flight die with it. The user folder stays (start n8n on it again).
 */
export async function killN8n(server: N8nServer): Promise<void> {
	const child = server.process;
	const exited = new Promise<void>((resolve) => {
		if (child.exitCode !== null || child.signalCode !== null) resolve();
		else child.once('exit', () => resolve());
	});
	if (child.pid === undefined) throw new Error('n8n has no pid');
	process.kill(-child.pid, 'SIGKILL');
	await exited;
	await server.stop(); // clears what is left of the group; a user folder passed in is kept
}
