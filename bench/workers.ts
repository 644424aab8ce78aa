// The queue-mode bench (issue 21): W engine processes export at the same time with one Procountor
// API client against one Procountor sandbox (20 requests per sliding second per client), as n8n
// workers that run exports side by side do. No process knows W.
//   workers: the orchestrator. Starts the sandboxes, queues W × items expenses in one Pleo export
//            job, starts W `exporter` processes, lets them load, then sends them all `go` at once.
//            Reads the sandbox's request log and state afterwards.
//   exporter: one engine process: the Set Contra Accounts → Map Category → Export Expense chain on
//            its slice of the job's items, with the credential's Requests per Second = `budget`.
//            (Not called `worker`: n8n-core takes argv[2] = 'worker' for its own worker process.)
import { spawn } from 'child_process';
import * as path from 'path';
import type { ICredentialDataDecryptedObject } from 'n8n-workflow';
import { findTagInName, idempotencyTag } from '../nodes/Procountor/core';
import { createHarness } from '../test/harness';
import { exportItemsOf, exportWorkflow } from './common';
import { startRemoteSandboxes, type RequestLogEntry } from './remote';

export interface WorkersOptions {
	/** engine processes */
	workers?: number;
	/** expenses per process */
	items?: number;
	latencyMs?: number;
	rateLimit?: number;
	/** the credential's Requests per Second in every process (default: the credential's default) */
	budget?: number;
}

interface WorkerTask {
	credentials: ICredentialDataDecryptedObject;
	pleo: { url: string; apiKey: string };
	jobId: string;
	from: number;
	to: number;
}

interface WorkerResult {
	ok: number;
	failed: number;
	/** epoch ms: when `go` came and when the export finished */
	startedAt: number;
	endedAt: number;
	failures: string[];
	/** [seconds since go, this process's rate] once a second */
	rates: Array<[number, number]>;
}

/** Most requests in any one-second window (t − 1000, t] that begins at or after `from`. */
export function busiestSecond(at: number[], from = -Infinity): number {
	const sorted = [...at].sort((a, b) => a - b);
	let max = 0;
	let lo = 0;
	for (let hi = 0; hi < sorted.length; hi++) {
		while (sorted[lo] <= sorted[hi] - 1000) lo++;
		if (sorted[hi] - 1000 >= from) max = Math.max(max, hi - lo + 1);
	}
	return max;
}

/** One worker process: loads the engine, says READY, waits for `go` on stdin, exports, reports. */
export async function workerProcess(task: WorkerTask): Promise<WorkerResult> {
	const h = await createHarness({ credentials: { procountorApi: task.credentials } });
	const input = (await exportItemsOf(task.pleo, task.jobId)).slice(task.from, task.to);
	const wf = exportWorkflow();
	process.stdout.write('WORKER_READY\n');
	await new Promise<void>((resolve) => {
		let buf = '';
		process.stdin.on('data', (d: Buffer) => {
			buf += d.toString('utf8');
			if (buf.includes('go')) resolve();
		});
	});
	const startedAt = Date.now();
	// the process's own rate for the API client, once a second (the module n8n-core loaded)
	const transport = (await import(
		path.join(process.cwd(), 'dist/nodes/Procountor/transport/index.js')
	)) as { apiClientRates?: () => Array<{ rate: number; decreases: number }> };
	const rates: Array<[number, number]> = [];
	const sampler = setInterval(() => {
		const now = transport.apiClientRates?.()[0];
		if (now) rates.push([Math.round((Date.now() - startedAt) / 100) / 10, now.rate]);
	}, 1000);
	const r = await h.run(wf, { input: { node: 'Set Contra Accounts', items: input } });
	clearInterval(sampler);
	const endedAt = Date.now();
	if (r.error) throw r.error;
	const out = r.json('Export Expense');
	const failed = out.filter((x) => x.status !== 'successful');
	return {
		ok: out.length - failed.length,
		failed: failed.length,
		startedAt,
		endedAt,
		failures: failed.slice(0, 3).map((x) => String(x.failureReason ?? JSON.stringify(x))),
		rates,
	};
}

function startWorker(scenarioJs: string, task: WorkerTask) {
	const child = spawn(process.execPath, [scenarioJs, 'exporter', JSON.stringify(task)], {
		stdio: ['pipe', 'pipe', 'pipe'],
		env: { ...process.env, N8N_LOG_LEVEL: 'silent' },
	});
	let out = '';
	let err = '';
	let onReady: () => void = () => undefined;
	const ready = new Promise<void>((resolve) => (onReady = resolve));
	child.stdout.on('data', (d: Buffer) => {
		out += d.toString('utf8');
		if (out.includes('WORKER_READY')) onReady();
	});
	child.stderr.on('data', (d: Buffer) => (err += d.toString('utf8')));
	const done = new Promise<WorkerResult>((resolve, reject) => {
		child.on('close', (code) => {
			const line = out.split('\n').find((l) => l.startsWith('BENCH_RESULT '));
			if (code !== 0 || !line) reject(new Error(`worker failed (exit ${code}):\n${err || out}`));
			else resolve(JSON.parse(line.slice('BENCH_RESULT '.length)) as WorkerResult);
		});
	});
	return { ready, done, go: () => child.stdin.end('go\n') };
}

/** The orchestrator: W worker processes, one API client, one sandbox. */
export async function workersScenario(scenarioJs: string, o: WorkersOptions) {
	const workers = o.workers ?? 3;
	const items = o.items ?? 150;
	const latencyMs = o.latencyMs ?? 150;
	const rateLimit = o.rateLimit ?? 20;
	const sb = await startRemoteSandboxes({ rateLimit });
	try {
		await sb.setProcountorFaults({ latencyMs });
		const ids = await sb.addPleoExpenses(workers * items);
		const job = await sb.clickPleoExport(ids);
		const credentials: ICredentialDataDecryptedObject = {
			environment: 'custom',
			baseUrl: sb.procountorUrl,
			clientId: sb.procountorClientId,
			clientSecret: sb.procountorClientSecret,
			apiKey: sb.procountorApiKey,
			...(o.budget ? { requestsPerSecond: o.budget } : {}),
		};
		const procs = Array.from({ length: workers }, (_, k) =>
			startWorker(scenarioJs, {
				credentials,
				pleo: { url: sb.pleoUrl, apiKey: sb.pleoApiKey },
				jobId: job.id,
				from: k * items,
				to: (k + 1) * items,
			}),
		);
		await Promise.all(procs.map((p) => p.ready));
		const before = (await sb.procountorRequests()).length;
		const go = Date.now();
		for (const p of procs) p.go();
		const results = await Promise.all(procs.map((p) => p.done));
		const end = Math.max(...results.map((r) => r.endedAt));
		const log: RequestLogEntry[] = (await sb.procountorRequests()).slice(before);
		const at = log.map((x) => x.at);
		const first = Math.min(...at);
		const state = await sb.procountorState();
		const journals = state.companies['1001'].journals;
		// every expense exactly one valid (not invalidated) journal, carrying its receipt
		const valid = new Map<string, number>();
		let withoutReceipt = 0;
		for (const j of journals) {
			if (j.status === 'INVALIDATED') continue;
			const tag = findTagInName(j.name);
			if (!tag) continue;
			valid.set(tag, (valid.get(tag) ?? 0) + 1);
			if (!j.attachments.length) withoutReceipt++;
		}
		const exactlyOne = ids.filter((id) => valid.get(idempotencyTag(id)) === 1).length;
		const calls = log.length;
		const rateLimited = log.filter((x) => x.status === 429).length;
		return {
			workers,
			itemsPerWorker: items,
			budget: o.budget ?? null,
			latencyMs,
			rateLimit,
			ok: results.reduce((n, r) => n + r.ok, 0),
			failed: results.reduce((n, r) => n + r.failed, 0),
			failures: results.flatMap((r) => r.failures).slice(0, 3),
			seconds: (end - go) / 1000,
			/** each process's own export time */
			workerSeconds: results.map((r) => (r.endedAt - r.startedAt) / 1000),
			/** each process's rate once a second */
			workerRates: results.map((r) => r.rates.map(([t, rate]) => `${t}:${rate}`).join(' ')),
			expensesPerSecond: (workers * items) / ((end - go) / 1000),
			calls,
			callsPerExpense: calls / (workers * items),
			rateLimited429: rateLimited,
			rateLimitedShare: calls ? rateLimited / calls : 0,
			busiestSecond: busiestSecond(at),
			/** the busiest second of those that begin two seconds or more after the first request */
			busiestSecondAfter2s: busiestSecond(at, first + 2000),
			/** the requests Procountor saw in the second before each of the first three 429s */
			before429: log
				.filter((x) => x.status === 429)
				.slice(0, 3)
				.map((x) => ({
					at: x.at - first,
					before: log
						.filter((y) => y.at > x.at - 1000 && y.at <= x.at)
						.map((y) => `${y.at - first} ${y.method} ${y.path} ${y.status}`),
				})),
			expensesWithExactlyOneValidJournal: exactlyOne,
			validJournalsWithoutReceipt: withoutReceipt,
		};
	} finally {
		await sb.close();
	}
}
