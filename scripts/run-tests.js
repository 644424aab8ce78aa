#!/usr/bin/env node
// `npm test`: everything CI runs. Builds the package, then runs the jest projects
// one after another (unit, engine, e2e) and ends with one plain summary line:
//   "N passed, N failed"
// The e2e project runs once per n8n version of the matrix (scripts/n8n-versions.json: 2.41.1 and
// 1.123.81), each after `scripts/install-n8n.sh <version>`, with N8N_E2E_VERSION telling the suite
// which n8n to start. Per-version times go to .artifacts/e2e-matrix.json.
// Options: --only=unit,engine   run a subset of the projects
//          --n8n=2.41.1         run the e2e project on these n8n versions only (comma-separated)
const { spawnSync } = require('child_process');
const fs = require('fs');
const path = require('path');

const root = path.resolve(__dirname, '..');
const only = (process.argv.find((a) => a.startsWith('--only=')) || '').slice(7);
const projects = only ? only.split(',') : ['unit', 'engine', 'e2e'];
const matrix = require('./n8n-versions.json');
const allVersions = matrix.versions.map((v) => v.n8n);
const n8nArg = (process.argv.find((a) => a.startsWith('--n8n=')) || '').slice(6);
const versions = n8nArg ? n8nArg.split(',').filter(Boolean) : allVersions;
const unknown = versions.filter((v) => !allVersions.includes(v));
if (unknown.length > 0 || versions.length === 0) {
	console.error(`--n8n=${n8nArg}: not in the matrix (${allVersions.join(', ')})`);
	console.log('0 passed, 1 failed');
	process.exit(1);
}
const artifacts = path.join(root, '.artifacts');
fs.mkdirSync(artifacts, { recursive: true });

function run(cmd, args, opts = {}) {
	const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', ...opts });
	return r.status === null ? 1 : r.status;
}

let passed = 0;
let failed = 0;
let exitCode = 0;

if (projects.some((p) => p !== 'unit')) {
	if (run('npm', ['run', 'build', '--silent']) !== 0) {
		console.error('build failed');
		console.log('0 passed, 1 failed');
		process.exit(1);
	}
}

/** One jest run of a project; adds its counts to the totals. */
function runProject(project, label, file, env) {
	const out = path.join(artifacts, file);
	fs.rmSync(out, { force: true });
	const args = ['jest', '--selectProjects', project, '--json', `--outputFile=${out}`];
	if (project === 'e2e') args.push('--runInBand');
	console.log(`\n=== ${label} ===`);
	const code = run('npx', args, { env: { ...process.env, ...env } });
	let counts = { passed: 0, failed: 0, skipped: 0 };
	if (fs.existsSync(out)) {
		const r = JSON.parse(fs.readFileSync(out, 'utf8'));
		counts = {
			passed: r.numPassedTests,
			failed: r.numFailedTests,
			skipped: r.numPendingTests + r.numTodoTests,
		};
		if (r.numTotalTests === 0) {
			console.error(`${label}: ran no test`);
			exitCode = 1;
		}
		if (r.numFailedTestSuites > 0 && r.numFailedTests === 0) counts.failed += r.numFailedTestSuites;
	} else {
		counts.failed += 1;
	}
	passed += counts.passed;
	failed += counts.failed;
	if (code !== 0) exitCode = 1;
	return counts;
}

const e2eTimes = [];
for (const project of projects) {
	if (project !== 'e2e') {
		runProject(project, `${project} tests`, `jest-${project}.json`, {});
		continue;
	}
	for (const version of versions) {
		const installStart = Date.now();
		if (run('bash', ['scripts/install-n8n.sh', version]) !== 0) {
			console.error(`installing n8n ${version} for the e2e suite failed`);
			failed += 1;
			exitCode = 1;
			continue;
		}
		const installS = Math.round((Date.now() - installStart) / 1000);
		const start = Date.now();
		const counts = runProject(project, `e2e tests on n8n ${version}`, `jest-e2e-${version}.json`, {
			N8N_E2E_VERSION: version,
		});
		const seconds = Math.round((Date.now() - start) / 1000);
		e2eTimes.push({ n8n: version, installSeconds: installS, e2eSeconds: seconds, ...counts });
	}
}

if (e2eTimes.length > 0) {
	fs.writeFileSync(
		path.join(artifacts, 'e2e-matrix.json'),
		JSON.stringify(e2eTimes, null, '\t') + '\n',
	);
	console.log('\ne2e matrix:');
	for (const t of e2eTimes) {
		console.log(
			`  n8n ${t.n8n}: ${t.passed} passed, ${t.failed} failed, ${t.skipped} skipped in ${t.e2eSeconds} s (install check ${t.installSeconds} s)`,
		);
	}
}

console.log(`\n${passed} passed, ${failed} failed`);
process.exit(exitCode || (failed > 0 ? 1 : 0));
