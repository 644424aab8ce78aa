// One bench scenario per process (so peak RSS is the scenario's own). Usage (scripts/bench.js
// compiles bench/ first, so neither ts-node nor TypeScript is loaded here):
//   node --expose-gc <build>/bench/scenario.js <chain|baseline|memory|dimsync> '<json options>'
// Both sandboxes run in a child process (bench/sandboxes.ts) and are reached over HTTP only, so
// this process holds n8n-core, the harness and the nodes and nothing else. Prints one line
// `BENCH_RESULT {json}` and exits; the sandbox process and every server are closed first.
import * as http from 'http';
import type { AddressInfo } from 'net';
import type { ICredentialDataDecryptedObject, IDataObject } from 'n8n-workflow';
import { createHarness, node } from '../test/harness';
import { baselineExport } from './baseline';
import { callStats, exportItemsOf, exportWorkflow, mb, rssSampler } from './common';
import { startRemoteSandboxes, type RemoteSandboxes } from './remote';
import type { SandboxesOptions } from './sandboxes';
import { workerProcess, workersScenario, type WorkersOptions } from './workers';

interface Options {
	items?: number;
	latencyMs?: number;
	rateLimit?: number;
	/** Export Expense's own Requests per Second (a lower cap for that node) */
	requestsPerSecond?: number;
	/** the credential's Requests per Second (the API client's budget) */
	budget?: number;
	dimItems?: number;
	concurrency?: number;
	reconcileItems?: number;
}

async function withSandboxes<T>(
	o: SandboxesOptions & { latencyMs: number },
	fn: (sb: RemoteSandboxes) => Promise<T>,
): Promise<T> {
	const sb = await startRemoteSandboxes({
		rateLimit: o.rateLimit,
		tagCap: o.tagCap,
		dimItems: o.dimItems,
		reconcileExpenses: o.reconcileExpenses,
	});
	try {
		await sb.setProcountorFaults({ latencyMs: o.latencyMs });
		return await fn(sb);
	} finally {
		await sb.close();
	}
}

function procountorCredentials(
	sb: RemoteSandboxes,
	budget?: number,
): ICredentialDataDecryptedObject {
	return {
		...(budget ? { requestsPerSecond: budget } : {}),
		environment: 'custom',
		baseUrl: sb.procountorUrl,
		clientId: sb.procountorClientId,
		clientSecret: sb.procountorClientSecret,
		apiKey: sb.procountorApiKey,
	};
}

async function generatedJob(sb: RemoteSandboxes, n: number) {
	const ids = await sb.addPleoExpenses(n);
	const job = await sb.clickPleoExport(ids);
	return await exportItemsOf({ url: sb.pleoUrl, apiKey: sb.pleoApiKey }, job.id);
}

function collectGarbage(): void {
	const gc = (globalThis as { gc?: () => void }).gc;
	if (gc) {
		gc();
		gc();
	}
}

async function exportScenario(kind: 'chain' | 'baseline' | 'memory', o: Options) {
	const items = o.items ?? 500;
	const latencyMs = o.latencyMs ?? 150;
	const rateLimit = o.rateLimit ?? 20;
	return await withSandboxes({ rateLimit, latencyMs }, async (sb) => {
		const input = await generatedJob(sb, items);
		const requestsBefore = (await sb.procountorRequests()).length;
		// the engine and the nodes are loaded before the baseline, so the delta is the export's own
		const h =
			kind === 'baseline'
				? undefined
				: await createHarness({
						credentials: { procountorApi: procountorCredentials(sb, o.budget) },
					});
		const wf = exportWorkflow({
			...(o.requestsPerSecond ? { requestsPerSecond: o.requestsPerSecond } : {}),
			...(o.concurrency ? { concurrency: o.concurrency } : {}),
		});
		collectGarbage();
		const startRss = process.memoryUsage().rss;
		const startHeap = process.memoryUsage().heapUsed;
		const rss = rssSampler(50);
		const t0 = Date.now();
		let ok = 0;
		let failed = 0;
		if (!h) {
			({ ok, failed } = await baselineExport(sb, input));
		} else {
			const r = await h.run(wf, { input: { node: 'Set Contra Accounts', items: input } });
			if (r.error) throw r.error;
			const out = r.json('Export Expense');
			ok = out.filter((x) => x.status === 'successful').length;
			failed = out.length - ok;
		}
		const ms = Date.now() - t0;
		const peak = rss.stop();
		const endHeap = process.memoryUsage().heapUsed;
		// after the peak is taken: what the run still holds once V8 has collected (the outputs of
		// the three nodes included); the peak itself is set by when V8 collects, see performance.md
		collectGarbage();
		const liveEndHeap = process.memoryUsage().heapUsed;
		const sandboxRss = sb.rss();
		const s = callStats((await sb.procountorRequests()).slice(requestsBefore));
		const company = (await sb.procountorState()).companies['1001'];
		return {
			kind,
			items,
			latencyMs,
			rateLimit,
			ok,
			failed,
			journals: company.journals.length,
			attachments: company.journals.reduce((n, j) => n + j.attachments.length, 0),
			seconds: ms / 1000,
			expensesPerSecond: items / (ms / 1000),
			calls: s.calls,
			callsPerExpense: s.calls / items,
			writesPerExpense: s.writes / items,
			requestsPerSecond: s.requestsPerSecond,
			ratioToLimit: rateLimit > 0 ? s.requestsPerSecond / rateLimit : null,
			rateLimited429: s.rateLimited,
			/** peak RSS of this process (engine + nodes; the sandboxes run in another process) */
			peakRssMb: mb(peak),
			/** RSS of this process with the engine and nodes loaded and the input items fetched, before the export */
			startRssMb: mb(startRss),
			deltaRssMb: mb(peak - startRss),
			/** V8 heap in use before and right after the export (run data still referenced) */
			startHeapMb: mb(startHeap),
			endHeapMb: mb(endHeap),
			/** V8 heap in use after the export once garbage is collected (forced GC; run data still referenced) */
			liveEndHeapMb: mb(liveEndHeap),
			/** peaks while exporting: V8 heap used / reserved, memory outside the heap (Buffers) */
			peakHeapUsedMb: mb(rss.peak.heapUsed),
			peakHeapTotalMb: mb(rss.peak.heapTotal),
			peakExternalMb: mb(rss.peak.external),
			peakArrayBuffersMb: mb(rss.peak.arrayBuffers),
			sandboxRssMb: sandboxRss === undefined ? null : mb(sandboxRss),
		};
	});
}

/** The harness with Procountor and Pleo credentials, Pleo reached through `pleoUrl` (a proxy). */
async function harnessWithPleoProxy(sb: RemoteSandboxes, pleoUrl: string) {
	return await createHarness({
		credentials: {
			procountorApi: procountorCredentials(sb),
			pleoApi: {
				apiKey: sb.pleoApiKey,
				environment: 'custom',
				baseUrl: pleoUrl,
				companyId: sb.pleoCompanyId,
			},
		},
	});
}
const BOTH_CREDENTIALS = {
	procountorApi: { id: '1', name: 'Procountor key' },
	pleoApi: { id: '3', name: 'Pleo key' },
};

/** A loopback proxy in front of the Pleo sandbox that counts calls by method. */
async function countingProxy(target: string) {
	const counts = { calls: 0, writes: 0 };
	const server = http.createServer((req, res) => {
		counts.calls++;
		if (req.method !== 'GET') counts.writes++;
		const up = http.request(
			`${target}${req.url ?? '/'}`,
			{ method: req.method, headers: req.headers },
			(r) => {
				res.writeHead(r.statusCode ?? 502, r.headers);
				r.pipe(res);
			},
		);
		up.on('error', () => {
			res.writeHead(502);
			res.end();
		});
		req.pipe(up);
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
	return {
		url,
		counts,
		close: () => new Promise<void>((resolve) => server.close(() => resolve())),
	};
}

async function dimSyncScenario(o: Options) {
	const dimItems = o.dimItems ?? 10000;
	return await withSandboxes(
		{ rateLimit: 0, latencyMs: 0, tagCap: dimItems + 100, dimItems },
		async (sb) => {
			const proxy = await countingProxy(sb.pleoUrl);
			try {
				const h = await harnessWithPleoProxy(sb, proxy.url);
				const n = node(
					'Import Dimensions as Tags',
					'procountor',
					{
						authentication: 'apiKey',
						resource: 'pleoExport',
						operation: 'importDimensionsAsTags',
						dimensionIds: [201],
						dryRun: false,
					},
					{ credentials: BOTH_CREDENTIALS },
				);
				const runs = [];
				for (const label of ['first', 'second']) {
					const before = {
						...proxy.counts,
						writeCount: (await sb.pleoState()).writeCount,
						pc: (await sb.procountorRequests()).length,
					};
					const t0 = Date.now();
					const r = await h.run(
						{ nodes: [n], connections: {} },
						{ input: { node: n.name, items: [{}] } },
					);
					if (r.error) throw r.error;
					const seconds = (Date.now() - t0) / 1000;
					runs.push({
						run: label,
						seconds,
						pleoCalls: proxy.counts.calls - before.calls,
						pleoWrites: proxy.counts.writes - before.writes,
						pleoStateWrites: (await sb.pleoState()).writeCount - before.writeCount,
						procountorCalls: (await sb.procountorRequests()).length - before.pc,
					});
				}
				const group = (await sb.pleoState()).tagGroups.find((g) => g.code === 'KUSTANNUSPAIKKA');
				const activeTags = (group?.tags ?? []).filter((t) => !t.archived).length;
				return {
					kind: 'dimsync',
					dimItems,
					activeTags,
					runs,
					peakRssMb: mb(process.memoryUsage().rss),
				};
			} finally {
				await proxy.close();
			}
		},
	);
}

/**
 * Reconcile Exports over a month of `reconcileItems` exported expenses (March 2026) with one of
 * each discrepancy planted, Procountor at the chain's latency and rate limit. Counts the calls on
 * both sides (Pleo through a counting proxy, Procountor from its request log).
 */
async function reconcileScenario(o: Options) {
	const items = o.reconcileItems ?? 10000;
	const latencyMs = o.latencyMs ?? 150;
	const rateLimit = o.rateLimit ?? 20;
	return await withSandboxes({ rateLimit, latencyMs, reconcileExpenses: items }, async (sb) => {
		const proxy = await countingProxy(sb.pleoUrl);
		try {
			const h = await harnessWithPleoProxy(sb, proxy.url);
			const n = node(
				'Reconcile Exports',
				'procountor',
				{
					authentication: 'apiKey',
					resource: 'pleoExport',
					operation: 'reconcileExports',
					from: '2026-03-01',
					to: '2026-03-31',
					contraAccounts: '1940, 2940, 1910',
					output: 'findingsAndSummary',
					options: { timeZone: 'Europe/Helsinki' },
				},
				{ credentials: BOTH_CREDENTIALS },
			);
			const requestsBefore = (await sb.procountorRequests()).length;
			collectGarbage();
			const startRss = process.memoryUsage().rss;
			const rss = rssSampler(50);
			const t0 = Date.now();
			const r = await h.run(
				{ nodes: [n], connections: {} },
				{ input: { node: n.name, items: [{}] } },
			);
			if (r.error) throw r.error;
			const ms = Date.now() - t0;
			const peak = rss.stop();
			const out = r.json('Reconcile Exports');
			const summary = out.find((x) => x.type === 'summary') as IDataObject & {
				counts: Record<string, number>;
				calls: { pleo: number; procountor: number; total: number };
			};
			const found: Record<string, string[]> = {};
			for (const f of out.filter((x) => x.type === 'finding')) {
				const key = String(f.kind);
				const id =
					(f.accountingEntryId as string | null) ??
					String(
						((f.journals as IDataObject[])[0].name as string).match(/\[P:[A-Z2-7]{10}\]/)?.[0],
					);
				(found[key] ??= []).push(id);
			}
			const planted = sb.planted ?? {};
			const sorted = (x: Record<string, string[]>) =>
				JSON.stringify(
					Object.keys(x)
						.sort()
						.map((k) => [k, [...x[k]].sort()]),
				);
			const pcLog = (await sb.procountorRequests()).slice(requestsBefore);
			return {
				kind: 'reconcile',
				items,
				latencyMs,
				rateLimit,
				seconds: ms / 1000,
				pleoCalls: proxy.counts.calls,
				procountorCalls: pcLog.filter((x) => !x.path.includes('/oauth/')).length,
				procountorTokenCalls: pcLog.filter((x) => x.path.includes('/oauth/')).length,
				procountorWrites: pcLog.filter((x) => x.method !== 'GET' && !x.path.includes('/oauth/'))
					.length,
				reportedCalls: summary.calls,
				counts: summary.counts,
				findingsMatchPlanted: sorted(found) === sorted(planted),
				planted,
				peakRssMb: mb(peak),
				startRssMb: mb(startRss),
				deltaRssMb: mb(peak - startRss),
			};
		} finally {
			await proxy.close();
		}
	});
}

async function main() {
	const [kind, json] = process.argv.slice(2);
	const o = (json ? JSON.parse(json) : {}) as Options;
	let result: unknown;
	if (kind === 'chain' || kind === 'baseline' || kind === 'memory')
		result = await exportScenario(kind, o);
	else if (kind === 'dimsync') result = await dimSyncScenario(o);
	else if (kind === 'reconcile') result = await reconcileScenario(o);
	else if (kind === 'workers') result = await workersScenario(__filename, o as WorkersOptions);
	else if (kind === 'exporter') result = await workerProcess(JSON.parse(json));
	else throw new Error(`unknown scenario ${kind}`);
	process.stdout.write(`BENCH_RESULT ${JSON.stringify(result)}\n`);
}

main().then(
	() => process.exit(0),
	(e) => {
		process.stderr.write(`${(e as Error)?.stack ?? String(e)}\n`);
		process.exit(1);
	},
);
