#!/usr/bin/env node
// `npm test`: everything CI runs. Builds the package, then runs the jest projects
// one after another (unit, engine, e2e) and ends with one plain summary line:
//   "N passed, N failed"
// Options: --only=unit,engine   run a subset (the e2e project needs scripts/install-n8n.sh,
//                               which it runs itself when n8n is missing).
const { spawnSync } = require('child_process');
const fs = require('fs');
const path = require('path');

const root = path.resolve(__dirname, '..');
const only = (process.argv.find((a) => a.startsWith('--only=')) || '').slice(7);
const projects = only ? only.split(',') : ['unit', 'engine', 'e2e'];
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

for (const project of projects) {
	if (project === 'e2e' && run('bash', ['scripts/install-n8n.sh']) !== 0) {
		console.error('installing n8n for the e2e suite failed');
		failed += 1;
		exitCode = 1;
		continue;
	}
	const out = path.join(artifacts, `jest-${project}.json`);
	fs.rmSync(out, { force: true });
	const args = ['jest', '--selectProjects', project, '--json', `--outputFile=${out}`];
	if (project === 'e2e') args.push('--runInBand');
	console.log(`\n=== ${project} tests ===`);
	const code = run('npx', args);
	if (fs.existsSync(out)) {
		const r = JSON.parse(fs.readFileSync(out, 'utf8'));
		passed += r.numPassedTests;
		failed += r.numFailedTests;
		if (r.numTotalTests === 0) {
			console.error(`project ${project} ran no test`);
			exitCode = 1;
		}
		if (r.numFailedTestSuites > 0 && r.numFailedTests === 0) failed += r.numFailedTestSuites;
	} else {
		failed += 1;
	}
	if (code !== 0) exitCode = 1;
}

console.log(`\n${passed} passed, ${failed} failed`);
process.exit(exitCode || (failed > 0 ? 1 : 0));
