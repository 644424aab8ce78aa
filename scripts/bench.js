#!/usr/bin/env node
// `npm run bench [-- --quick] [-- --items N] [-- --no-build] [-- --json] [-- --only memory,chain]`
// (`--memory-items N` / `--memory-large-items N`: the sizes of the two memory runs, `memory` and `memoryLarge`)
// Builds the package, compiles bench/ (and what it imports) to plain JavaScript in a temporary
// folder, then runs each bench scenario in its own child process, so peak RSS is per scenario and
// holds neither ts-node nor TypeScript. Each scenario starts both sandboxes in yet another child
// process (bench/sandboxes.ts) and reaches them over HTTP, so the measured process is n8n-core +
// the harness + the nodes only. Prints a table with the targets beside the measured numbers.
// Every scenario closes its servers and its sandbox process and exits.
const { spawn, spawnSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');

const ROOT = path.join(__dirname, '..');
const args = process.argv.slice(2);
const flag = (name) => args.includes(`--${name}`);
const num = (name, dflt) => {
	const i = args.indexOf(`--${name}`);
	const v = i >= 0 ? Number(args[i + 1]) : NaN;
	return Number.isFinite(v) && v > 0 ? v : dflt;
};
const quick = flag('quick');
const items = num('items', quick ? 50 : 500);
const baselineItems = num('baseline-items', Math.min(items, quick ? 20 : 100));
const memoryItems = num('memory-items', quick ? 200 : 2000);
// the same memory run with five times the expenses: the peak must stay flat in the job size
const memoryLargeItems = num('memory-large-items', quick ? 1000 : 10000);
const dimItems = num('dim-items', quick ? 1000 : 10000);
const reconcileItems = num('reconcile-items', quick ? 1000 : 10000);
// the queue-mode scenario: W engine processes with one API client, this many expenses each
const workerItems = num('worker-items', quick ? 40 : 150);
// `--only memory,chain` runs just those scenarios and prints their raw results
const onlyAt = args.indexOf('--only');
const only = onlyAt >= 0 ? String(args[onlyAt + 1] ?? '').split(',') : undefined;

/**
 * Emits bench/scenario.ts, bench/sandboxes.ts and their imports (no type check) into a temporary
 * folder that mirrors the repository. package.json, dist and node_modules there are links to the
 * repository's, so the harness loads the built package from "its" root as before.
 */
function compileBench() {
	const out = fs.mkdtempSync(path.join(os.tmpdir(), 'pleo-procountor-bench-'));
	const tsc = require.resolve('typescript/bin/tsc', { paths: [ROOT] });
	const r = spawnSync(
		process.execPath,
		[
			tsc,
			'--outDir',
			out,
			'--rootDir',
			ROOT,
			'--module',
			'commonjs',
			'--moduleResolution',
			'node',
			'--target',
			'es2022',
			'--esModuleInterop',
			'--resolveJsonModule',
			'--skipLibCheck',
			'--noCheck',
			'--types',
			'node',
			path.join(ROOT, 'bench', 'scenario.ts'),
			path.join(ROOT, 'bench', 'sandboxes.ts'),
		],
		{ cwd: ROOT, encoding: 'utf8' },
	);
	if (r.status !== 0 || !fs.existsSync(path.join(out, 'bench', 'scenario.js'))) {
		fs.rmSync(out, { recursive: true, force: true });
		throw new Error(`compiling bench/ failed:\n${r.stdout}${r.stderr}`);
	}
	for (const name of ['package.json', 'dist', 'node_modules'])
		fs.symlinkSync(path.join(ROOT, name), path.join(out, name));
	return out;
}

function runScenario(buildDir, kind, options) {
	return new Promise((resolve, reject) => {
		const child = spawn(
			process.execPath,
			['--expose-gc', path.join(buildDir, 'bench', 'scenario.js'), kind, JSON.stringify(options)],
			{
				cwd: ROOT,
				env: { ...process.env, N8N_LOG_LEVEL: 'silent' },
				stdio: ['ignore', 'pipe', 'pipe'],
			},
		);
		let out = '';
		let err = '';
		child.stdout.on('data', (d) => (out += d));
		child.stderr.on('data', (d) => (err += d));
		child.on('close', (code) => {
			const line = out.split('\n').find((l) => l.startsWith('BENCH_RESULT '));
			if (code !== 0 || !line)
				reject(new Error(`scenario ${kind} failed (exit ${code}):\n${err || out}`));
			else resolve(JSON.parse(line.slice('BENCH_RESULT '.length)));
		});
	});
}

const f = (x, d = 2) => (x === null || x === undefined ? '–' : Number(x).toFixed(d));
const pct = (x) => (x === null || x === undefined ? '–' : `${(x * 100).toFixed(1)} %`);

async function main() {
	if (!flag('no-build')) {
		process.stdout.write('Building (npm run build)…\n');
		const b = spawnSync('npm', ['run', 'build'], {
			cwd: ROOT,
			stdio: ['ignore', 'ignore', 'inherit'],
			shell: process.platform === 'win32',
		});
		if (b.status !== 0) process.exit(b.status ?? 1);
	}
	const buildDir = compileBench();
	const results = {};
	const steps = [
		['chain', 'chain', { items, latencyMs: 150, rateLimit: 20 }],
		['chain18', 'chain', { items, latencyMs: 150, rateLimit: 20, requestsPerSecond: 18 }],
		['baseline', 'baseline', { items: baselineItems, latencyMs: 150, rateLimit: 20 }],
		['memory', 'memory', { items: memoryItems, latencyMs: 0, rateLimit: 0, budget: 1000 }],
		[
			'memoryLarge',
			'memory',
			{ items: memoryLargeItems, latencyMs: 0, rateLimit: 0, budget: 1000 },
		],
		['dimsync', 'dimsync', { dimItems }],
		['reconcile', 'reconcile', { reconcileItems, latencyMs: 150, rateLimit: 20 }],
		...[1, 2, 3].map((w) => [
			`workers${w}`,
			'workers',
			{ workers: w, items: workerItems, latencyMs: 150, rateLimit: 20 },
		]),
		[
			'workers3budget6',
			'workers',
			{ workers: 3, items: workerItems, latencyMs: 150, rateLimit: 20, budget: 6 },
		],
	];
	try {
		for (const [key, kind, options] of steps) {
			if (only && !only.includes(key)) continue;
			process.stdout.write(`Running ${key} ${JSON.stringify(options)}…\n`);
			results[key] = await runScenario(buildDir, kind, options);
		}
	} finally {
		fs.rmSync(buildDir, { recursive: true, force: true });
	}
	if (flag('json') || only) {
		process.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
		if (results.reconcile) printReconcile(results.reconcile, results.chain);
		printWorkers(results);
		return;
	}
	const c = results.chain;
	const c18 = results.chain18;
	const b = results.baseline;
	const m = results.memory;
	const ml = results.memoryLarge;
	const d = results.dimsync;
	const rows = [
		[
			'Metric',
			'Node chain (defaults)',
			'Node chain (Requests per Second = 18)',
			'Naive serial baseline',
			'Target',
		],
		[
			'Expenses exported (ok / failed)',
			`${c.ok} / ${c.failed}`,
			`${c18.ok} / ${c18.failed}`,
			`${b.ok} / ${b.failed}`,
			'all ok',
		],
		[
			'Expenses per second',
			f(c.expensesPerSecond),
			f(c18.expensesPerSecond),
			f(b.expensesPerSecond),
			'≈ 9.5 (19 req/s ÷ 2)',
		],
		[
			'Procountor calls per expense (all)',
			f(c.callsPerExpense),
			f(c18.callsPerExpense),
			f(b.callsPerExpense),
			'→ 2 + fixed lookups',
		],
		[
			'Procountor writes per expense',
			f(c.writesPerExpense),
			f(c18.writesPerExpense),
			f(b.writesPerExpense),
			'2 (journal + 1 receipt)',
		],
		[
			'Achieved requests/s',
			f(c.requestsPerSecond),
			f(c18.requestsPerSecond),
			f(b.requestsPerSecond),
			'≥ 18',
		],
		[
			'Ratio to the 20 req/s limit',
			pct(c.ratioToLimit),
			pct(c18.ratioToLimit),
			pct(b.ratioToLimit),
			'≥ 90 %',
		],
		[
			'429s caused by us',
			String(c.rateLimited429),
			String(c18.rateLimited429),
			String(b.rateLimited429),
			'0',
		],
		[
			'Peak RSS of the engine process (MB)',
			f(c.peakRssMb, 1),
			f(c18.peakRssMb, 1),
			f(b.peakRssMb, 1),
			'–',
		],
		['Wall time (s)', f(c.seconds, 1), f(c18.seconds, 1), f(b.seconds, 1), '–'],
	];
	const table = (rs) =>
		rs
			.map((r, i) => `| ${r.join(' | ')} |${i === 0 ? `\n|${r.map(() => '---').join('|')}|` : ''}`)
			.join('\n');
	process.stdout.write(
		`\nExport: ${c.items} generated expenses (baseline: ${b.items}), each with one receipt; Procountor sandbox latency ${c.latencyMs} ms, rate limit ${c.rateLimit} req/s.\n\n`,
	);
	process.stdout.write(`${table(rows)}\n\n`);
	process.stdout.write(
		`${table([
			['Run', 'Measured', 'Target'],
			[
				`Memory: ${m.items} expenses in one execution, peak RSS of the engine process`,
				`${f(m.peakRssMb, 1)} MB (${m.ok} ok, ${f(m.seconds, 1)} s)`,
				'≤ 250 MB',
			],
			[
				`Memory: ${ml.items} expenses in one execution, peak RSS of the engine process`,
				`${f(ml.peakRssMb, 1)} MB (${ml.ok} ok, ${f(ml.seconds, 1)} s; before ${f(ml.startRssMb, 1)} MB)`,
				'≤ 300 MB',
			],
			[
				'Memory: same process before the export (n8n-core, nodes, harness, input items)',
				`${f(m.startRssMb, 1)} MB`,
				'–',
			],
			["Memory: the export's own cost (peak − before)", `${f(m.deltaRssMb, 1)} MB`, '–'],
			[
				'Memory: V8 heap used before / right after / live after the export (forced GC)',
				`${f(m.startHeapMb, 1)} / ${f(m.endHeapMb, 1)} / ${f(m.liveEndHeapMb, 1)} MB`,
				'–',
			],
			[
				`Memory: ${ml.items} expenses, V8 heap used before / at the peak / live after the export`,
				`${f(ml.startHeapMb, 1)} / ${f(ml.peakHeapUsedMb, 1)} / ${f(ml.liveEndHeapMb, 1)} MB`,
				'–',
			],
			['Memory: the sandbox process (not counted above)', `${f(m.sandboxRssMb, 1)} MB`, '–'],
			[
				`Dimension sync, ${d.dimItems} items: first run Pleo calls / writes`,
				`${d.runs[0].pleoCalls} / ${d.runs[0].pleoWrites} (${f(d.runs[0].seconds, 1)} s)`,
				'–',
			],
			[
				'Dimension sync: second run (no changes) Pleo calls / writes',
				`${d.runs[1].pleoCalls} / ${d.runs[1].pleoWrites} (${f(d.runs[1].seconds, 1)} s)`,
				'writes = 0',
			],
		])}\n\n`,
	);
	printReconcile(results.reconcile, c);
	printWorkers(results);
	process.stdout.write(
		`Machine: ${os.cpus().length} cores (${os.cpus()[0]?.model ?? '?'}), ${Math.round(os.totalmem() / 2 ** 30)} GB, Node ${process.version}, ${new Date().toISOString().slice(0, 10)}\n`,
	);
}

/** The queue-mode scenario: W processes, one API client, one sandbox (issue 21). */
function printWorkers(results) {
	const runs = Object.entries(results).filter(([key]) => key.startsWith('workers'));
	if (!runs.length) return;
	const one = results.workers1;
	const rows = [
		[
			'Processes',
			'Budget per process',
			'Expenses/s together',
			'vs 1 process',
			'Requests in the busiest second (after the first 2 s)',
			'429s (share of calls)',
			'Calls per expense',
			'Expenses with exactly one valid journal',
		],
		...runs.map(([, r]) => [
			String(r.workers),
			r.budget ? `${r.budget} (credential)` : '19 (default)',
			f(r.expensesPerSecond),
			one ? pct(r.expensesPerSecond / one.expensesPerSecond) : '–',
			`${r.busiestSecond} (${r.busiestSecondAfter2s})`,
			`${r.rateLimited429} (${pct(r.rateLimitedShare)})`,
			f(r.callsPerExpense, 3),
			`${r.expensesWithExactlyOneValidJournal} / ${r.workers * r.itemsPerWorker}`,
		]),
	];
	const table = (rs) =>
		rs
			.map(
				(row, i) =>
					`| ${row.join(' | ')} |${i === 0 ? `\n|${row.map(() => '---').join('|')}|` : ''}`,
			)
			.join('\n');
	const r0 = runs[0][1];
	process.stdout.write(
		`\nQueue mode: W engine processes, each exporting ${r0.itemsPerWorker} expenses at once with one API client; Procountor sandbox latency ${r0.latencyMs} ms, rate limit ${r0.rateLimit} req/s.\n\n${table(rows)}\n\n`,
	);
}

/** Reconcile Exports beside the export's own figures (the export extrapolated to the same month). */
function printReconcile(r, c) {
	const per1000 = (calls) => f((calls / r.items) * 1000, 1);
	const exportCalls = c ? Math.round(c.callsPerExpense * r.items) : undefined;
	const exportSeconds = c ? r.items / c.expensesPerSecond : undefined;
	const rows = [
		[
			'Metric',
			`Reconcile Exports, ${r.items} expenses (one month)`,
			c
				? `Export chain (${c.items} measured, × ${r.items / c.items} for the same month)`
				: 'Export chain (not run)',
			'Target',
		],
		[
			'API calls (Pleo + Procountor)',
			`${r.pleoCalls + r.procountorCalls} (${r.pleoCalls} + ${r.procountorCalls}; token ${r.procountorTokenCalls})`,
			exportCalls === undefined ? '–' : `≈ ${exportCalls} Procountor`,
			'O(pages), not O(expenses)',
		],
		[
			'Calls per 1,000 expenses',
			per1000(r.pleoCalls + r.procountorCalls),
			c ? f(c.callsPerExpense * 1000, 0) : '–',
			'≈ 10 Pleo + 10 Procountor (pages of 100 / 200)',
		],
		[
			'Writes',
			String(r.procountorWrites),
			c ? `≈ ${Math.round(c.writesPerExpense * r.items)}` : '–',
			'0 (read only)',
		],
		[
			'Calls the node reports (summary.calls)',
			`${r.reportedCalls.total} (${r.reportedCalls.pleo} + ${r.reportedCalls.procountor})`,
			'–',
			'equal to the logs',
		],
		[
			'Wall time (s)',
			f(r.seconds, 1),
			exportSeconds === undefined ? '–' : `≈ ${f(exportSeconds, 0)}`,
			'–',
		],
		[
			'Peak RSS of the engine process (MB)',
			`${f(r.peakRssMb, 1)} (before: ${f(r.startRssMb, 1)})`,
			c ? f(c.peakRssMb, 1) : '–',
			'–',
		],
		['Planted discrepancies found exactly', r.findingsMatchPlanted ? 'yes' : 'NO', '–', 'yes'],
		[
			'Findings per kind',
			Object.entries(r.counts)
				.filter(([, n]) => n > 0)
				.map(([k, n]) => `${k} ${n}`)
				.join(', '),
			'–',
			'one of each planted (2 orphans)',
		],
	];
	const table = (rs) =>
		rs
			.map(
				(row, i) =>
					`| ${row.join(' | ')} |${i === 0 ? `\n|${row.map(() => '---').join('|')}|` : ''}`,
			)
			.join('\n');
	process.stdout.write(
		`\nReconcile Exports: March 2026 with ${r.items} exported expenses, one of each discrepancy planted; Procountor latency ${r.latencyMs} ms, rate limit ${r.rateLimit} req/s.\n\n${table(rows)}\n\n`,
	);
}

main().catch((e) => {
	process.stderr.write(`${e.stack || e}\n`);
	process.exit(1);
});
