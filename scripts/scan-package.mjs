#!/usr/bin/env node
// n8n's verification scanner, offline: the lint gate of @n8n/scan-community-package (its
// `analyzePackage`, with its own ESLint config and file patterns) on
//   1. the source folders, as the scanner lints the source checkout that the npm provenance
//      points at (package.json + nodes/ and credentials/), and
//   2. the tarball `npm pack` makes from the current build, extracted (compiled .js and the
//      published package.json), as the scanner lints the published package.
// It also checks that the tarball holds only the build (dist/) and the files npm always adds,
// and prints its file count and sizes.
//
//   node scripts/scan-package.mjs            (after npm run build; .ci/run and CI run it)
//
// The scanner's registry steps (provenance, download) need a published version and the network;
// they run when n8n scans the published package, not here.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import {
	analyzePackage,
	SOURCE_FILE_PATTERNS,
} from '@n8n/scan-community-package/scanner/scanner.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
// what npm puts in every tarball besides `files`
const ALWAYS = /^(package\.json|README(\.md)?|LICEN[CS]E(\.md)?|CHANGELOG\.md)$/i;
const FORBIDDEN =
	/(^|\/)(test|tests|__tests__|sandbox|scripts|bench|examples|coverage)(\/|$)|\.test\.|\.tgz$/;

function run(cmd, args, opts = {}) {
	const r = spawnSync(cmd, args, { cwd: root, encoding: 'utf8', ...opts });
	if (r.status !== 0) {
		throw new Error(`${cmd} ${args.join(' ')} failed (${r.status}): ${r.stderr || r.stdout}`);
	}
	return r.stdout;
}

function report(label, result) {
	if (result.passed) {
		console.log(`scanner lint gate: ${label}: passed`);
		return true;
	}
	console.log(`scanner lint gate: ${label}: FAILED (${result.message})`);
	if (result.details) console.log(result.details);
	return false;
}

async function main() {
	if (!existsSync(path.join(root, 'dist'))) {
		console.error('scan-package: no dist/ (run npm run build first)');
		process.exit(1);
	}
	let ok = report('sources', await analyzePackage(root, SOURCE_FILE_PATTERNS));

	const work = mkdtempSync(path.join(tmpdir(), 'scan-package-'));
	try {
		const packed = JSON.parse(
			// --dry-run=false: under `npm publish --dry-run` (prepublishOnly) npm passes dry-run on
			run('npm', [
				'pack',
				'--json',
				'--ignore-scripts',
				'--dry-run=false',
				'--pack-destination',
				work,
			]),
		)[0];
		const extracted = path.join(work, 'package');
		run('tar', ['-xzf', path.join(work, packed.filename), '-C', work]);
		const files = packed.files.map((f) => f.path);
		const { n8n, main: mainFile } = JSON.parse(
			readFileSync(path.join(root, 'package.json'), 'utf8'),
		);
		const stray = files.filter(
			(f) => (f !== mainFile && !f.startsWith('dist/') && !ALWAYS.test(f)) || FORBIDDEN.test(f),
		);
		const tgz = statSync(path.join(work, packed.filename)).size;
		console.log(
			`tarball ${packed.filename}: ${packed.entryCount} files, ` +
				`${(packed.unpackedSize / 1e6).toFixed(2)} MB unpacked, ${(tgz / 1e3).toFixed(0)} kB packed`,
		);
		if (stray.length > 0) {
			console.log(`tarball: FAILED, files outside the build: ${stray.join(', ')}`);
			ok = false;
		}
		for (const entry of [...n8n.nodes, ...n8n.credentials]) {
			if (!files.includes(entry)) {
				console.log(`tarball: FAILED, package.json n8n entry ${entry} is not in it`);
				ok = false;
			}
		}
		if (!readdirSync(extracted).includes('package.json'))
			throw new Error('no package.json in the tarball');
		ok =
			report('packed tarball', await analyzePackage(extracted, ['**/*.js', 'package.json'])) && ok;
	} finally {
		rmSync(work, { recursive: true, force: true });
	}
	process.exit(ok ? 0 : 1);
}

main().catch((e) => {
	console.error(`scan-package: ${e.stack || e.message}`);
	process.exit(1);
});
