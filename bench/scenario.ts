// One bench scenario per process (so peak RSS is the scenario's own). Usage:
//   node -r ts-node/register/transpile-only bench/scenario.ts <chain|baseline|memory|dimsync> '<json options>'
// Prints one line `BENCH_RESULT {json}` and exits; every server it starts is closed first.
import * as http from 'http';
import type { AddressInfo } from 'net';
import { startPleoSandbox, type PleoSandbox } from '../sandbox/pleo';
import { startProcountorSandbox, type ProcountorSandbox } from '../sandbox/procountor';
import { createHarness, node } from '../test/harness';
import { procountorApiKeyCredentials } from '../test/engine/helpers';
import { baselineExport } from './baseline';
import { callStats, exportItemsOf, exportWorkflow, mb, rssSampler } from './common';

interface Options {
	items?: number;
	latencyMs?: number;
	rateLimit?: number;
	requestsPerSecond?: number;
	dimItems?: number;
	concurrency?: number;
}

async function withSandboxes<T>(
	o: { rateLimit: number; latencyMs: number; items: number; tagCap?: number },
	fn: (pc: ProcountorSandbox, pleo: PleoSandbox) => Promise<T>,
): Promise<T> {
	const pc = await startProcountorSandbox({ rateLimitPerSecond: o.rateLimit });
	const pleo = await startPleoSandbox({ activeTagCapPerGroup: o.tagCap });
	try {
		pc.setFaults({ latencyMs: o.latencyMs });
		return await fn(pc, pleo);
	} finally {
		await pc.close();
		await pleo.close();
	}
}

async function generatedJob(pleo: PleoSandbox, n: number) {
	const ids = pleo.addExpenses(n);
	const job = await pleo.clickExport({ accountingEntryIds: ids });
	return await exportItemsOf(pleo, job.id);
}

async function exportScenario(kind: 'chain' | 'baseline' | 'memory', o: Options) {
	const items = o.items ?? 500;
	const latencyMs = o.latencyMs ?? 150;
	const rateLimit = o.rateLimit ?? 20;
	return await withSandboxes({ rateLimit, latencyMs, items }, async (pc, pleo) => {
		const input = await generatedJob(pleo, items);
		pc.requests.length = 0;
		const startRss = process.memoryUsage().rss;
		const rss = rssSampler(50);
		const t0 = Date.now();
		let ok = 0;
		let failed = 0;
		if (kind === 'baseline') {
			({ ok, failed } = await baselineExport(pc, input));
		} else {
			const h = await createHarness({ credentials: { procountorApi: procountorApiKeyCredentials(pc) } });
			const wf = exportWorkflow({
				...(o.requestsPerSecond ? { requestsPerSecond: o.requestsPerSecond } : {}),
				...(o.concurrency ? { concurrency: o.concurrency } : {}),
			});
			const r = await h.run(wf, { input: { node: 'Set Contra Accounts', items: input } });
			if (r.error) throw r.error;
			const out = r.json('Export Expense');
			ok = out.filter((x) => x.status === 'successful').length;
			failed = out.length - ok;
		}
		const ms = Date.now() - t0;
		const peak = rss.stop();
		const s = callStats(pc.requests);
		const receipts = pc.state.companies[1001].ledgerReceipts.length;
		const attachments = pc.state.companies[1001].attachments.length;
		return {
			kind,
			items,
			latencyMs,
			rateLimit,
			ok,
			failed,
			journals: receipts,
			attachments,
			seconds: ms / 1000,
			expensesPerSecond: items / (ms / 1000),
			calls: s.calls,
			callsPerExpense: s.calls / items,
			writesPerExpense: s.writes / items,
			requestsPerSecond: s.requestsPerSecond,
			ratioToLimit: rateLimit > 0 ? s.requestsPerSecond / rateLimit : null,
			rateLimited429: s.rateLimited,
			peakRssMb: mb(peak),
			/** RSS with the engine, both sandboxes and the input items loaded, before the export */
			startRssMb: mb(startRss),
		};
	});
}

/** A loopback proxy in front of the Pleo sandbox that counts calls by method. */
async function countingProxy(target: string) {
	const counts = { calls: 0, writes: 0 };
	const server = http.createServer((req, res) => {
		counts.calls++;
		if (req.method !== 'GET') counts.writes++;
		const up = http.request(`${target}${req.url ?? '/'}`, { method: req.method, headers: req.headers }, (r) => {
			res.writeHead(r.statusCode ?? 502, r.headers);
			r.pipe(res);
		});
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
	return await withSandboxes({ rateLimit: 0, latencyMs: 0, items: 0, tagCap: dimItems + 100 }, async (pc, pleo) => {
		const dim = pc.state.companies[1001].dimensions.find((d) => d.id === 201)!;
		for (let k = 0; k < dimItems; k++) {
			dim.items.push({ id: 100000 + k, codeName: `CC${String(k).padStart(5, '0')}`, description: `Kustannuspaikka ${k}` });
		}
		const proxy = await countingProxy(pleo.url);
		try {
			const h = await createHarness({
				credentials: {
					procountorApi: procountorApiKeyCredentials(pc),
					pleoApi: { apiKey: pleo.apiKey, environment: 'custom', baseUrl: proxy.url, companyId: pleo.companyId },
				},
			});
			const n = node(
				'Import Dimensions as Tags',
				'procountor',
				{ authentication: 'apiKey', resource: 'pleoExport', operation: 'importDimensionsAsTags', dimensionIds: [201], dryRun: false },
				{ credentials: { procountorApi: { id: '1', name: 'Procountor key' }, pleoApi: { id: '3', name: 'Pleo key' } } },
			);
			const runs = [];
			for (const label of ['first', 'second']) {
				const before = { ...proxy.counts, writeCount: pleo.state.writeCount, pc: pc.requests.length };
				const t0 = Date.now();
				const r = await h.run({ nodes: [n], connections: {} }, { input: { node: n.name, items: [{}] } });
				if (r.error) throw r.error;
				runs.push({
					run: label,
					seconds: (Date.now() - t0) / 1000,
					pleoCalls: proxy.counts.calls - before.calls,
					pleoWrites: proxy.counts.writes - before.writes,
					pleoStateWrites: pleo.state.writeCount - before.writeCount,
					procountorCalls: pc.requests.length - before.pc,
				});
			}
			const group = [...pleo.state.tagGroups.values()].find((g) => g.code === 'KUSTANNUSPAIKKA');
			const activeTags = [...pleo.state.tags.values()].filter((t) => t.groupId === group?.id && !t.archived).length;
			return { kind: 'dimsync', dimItems, activeTags, runs, peakRssMb: mb(process.memoryUsage().rss) };
		} finally {
			await proxy.close();
		}
	});
}

async function main() {
	const [kind, json] = process.argv.slice(2);
	const o = (json ? JSON.parse(json) : {}) as Options;
	let result: unknown;
	if (kind === 'chain' || kind === 'baseline' || kind === 'memory') result = await exportScenario(kind, o);
	else if (kind === 'dimsync') result = await dimSyncScenario(o);
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
