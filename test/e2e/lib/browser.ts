// The browser of the editor tests: the Chromium that the npm package @sparticuz/chromium ships
// (brotli-compressed headless shell + the NSS/expat libraries it needs + fonts + SwiftShader), so
// the test needs no system browser, no root and no download from a vendor CDN. The package's own
// executablePath() unpacks into a folder shared by every user of /tmp and only adds the libraries
// on Amazon Linux; this helper unpacks everything once per package version and user into its own
// folder (atomically: unpacked beside it, then renamed) and hands the libraries to the browser
// through LD_LIBRARY_PATH, so the binary needs nothing from the system but glibc.
//
// E2E_CHROMIUM=/path/to/chrome uses another Chromium instead (same flags).
import { promises as fs, createReadStream, createWriteStream, existsSync, readFileSync } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { pipeline } from 'stream/promises';
import * as zlib from 'zlib';
import { chromium, type Browser } from 'playwright-core';

const PACKAGE = '@sparticuz/chromium';

export interface BrowserInstall {
	executablePath: string;
	args: string[];
	env: Record<string, string>;
	/** Where it came from, for messages. */
	source: string;
}

function packageDir(): string {
	// its exports hide package.json: walk up from the entry point
	let dir = path.dirname(require.resolve(PACKAGE));
	while (!existsSync(path.join(dir, 'package.json')) || !/[\\/]chromium$/.test(dir)) {
		const up = path.dirname(dir);
		if (up === dir) throw new Error(`${PACKAGE} not found (npm ci installs it)`);
		dir = up;
	}
	return dir;
}

/** Flags for a headless editor session (mostly @sparticuz/chromium's own recommendations). */
function browserArgs(): string[] {
	const pkgArgs = (require(PACKAGE) as { args: string[] }).args;
	// Playwright sets the headless mode itself; --single-process makes n8n's editor (many
	// workers, large bundles) crash-prone outside Lambda.
	const drop = [/^--headless/, /^--single-process$/];
	return [
		...pkgArgs.filter((a) => !drop.some((d) => d.test(a))),
		'--disable-dev-shm-usage',
		'--no-first-run',
		'--disable-background-networking',
		'--disable-component-update',
		'--disable-sync',
		'--disable-quic',
	];
}

async function unbrotli(file: string, to: string, mode?: number): Promise<void> {
	await pipeline(
		createReadStream(file),
		zlib.createBrotliDecompress(),
		createWriteStream(to, mode ? { mode } : {}),
	);
}

async function untarBrotli(file: string, dir: string): Promise<void> {
	// tar-fs is @sparticuz/chromium's own dependency
	const tar = require(require.resolve('tar-fs', { paths: [packageDir()] })) as {
		extract(dir: string): NodeJS.WritableStream;
	};
	await fs.mkdir(dir, { recursive: true });
	await pipeline(createReadStream(file), zlib.createBrotliDecompress(), tar.extract(dir));
}

let installing: Promise<BrowserInstall> | undefined;

/**
 * Unpacks @sparticuz/chromium (first call per version and user: ~10 s, ~220 MB under the
 * temp folder) and returns how to launch it.
 */
export function installBrowser(): Promise<BrowserInstall> {
	installing ??= doInstall().catch((e) => {
		installing = undefined;
		throw e;
	});
	return installing;
}

async function doInstall(): Promise<BrowserInstall> {
	const args = browserArgs();
	if (process.env.E2E_CHROMIUM) {
		return { executablePath: process.env.E2E_CHROMIUM, args, env: {}, source: 'E2E_CHROMIUM' };
	}
	const pkg = packageDir();
	const version = JSON.parse(readFileSync(path.join(pkg, 'package.json'), 'utf8')).version;
	const uid = typeof process.getuid === 'function' ? process.getuid() : 0;
	const dir = path.join(os.tmpdir(), `sparticuz-chromium-${version}-uid${uid}`);
	const exe = path.join(dir, 'chromium');
	if (!existsSync(path.join(dir, '.complete'))) {
		const tmp = `${dir}.${process.pid}.${Date.now()}`;
		await fs.mkdir(tmp, { recursive: true });
		try {
			const bin = path.join(pkg, 'bin');
			await unbrotli(path.join(bin, 'chromium.br'), path.join(tmp, 'chromium'), 0o755);
			await untarBrotli(path.join(bin, 'al2023.tar.br'), tmp); // lib/: libnss3, libnspr4, libexpat
			// libEGL/libGLESv2 (SwiftShader): Chromium loads them from its own folder
			await untarBrotli(path.join(bin, 'swiftshader.tar.br'), tmp);
			await untarBrotli(path.join(bin, 'fonts.tar.br'), path.join(tmp, 'fontconfig'));
			// the shipped fonts.conf points at Lambda's folders: point it at this one (and at the
			// system fonts, where there are any)
			await fs.writeFile(
				path.join(tmp, 'fontconfig', 'fonts.conf'),
				[
					'<?xml version="1.0"?>',
					'<!DOCTYPE fontconfig SYSTEM "fonts.dtd">',
					'<fontconfig>',
					`  <dir>${path.join(dir, 'fontconfig', 'fonts')}</dir>`,
					'  <dir>/usr/share/fonts</dir>',
					`  <cachedir>${path.join(dir, 'fontconfig', 'cache')}</cachedir>`,
					'</fontconfig>',
					'',
				].join('\n'),
			);
			await fs.writeFile(path.join(tmp, '.complete'), `${PACKAGE}@${version}\n`);
			await fs.rm(dir, { recursive: true, force: true });
			await fs.rename(tmp, dir).catch(async (e) => {
				// another process won the race: use its copy
				if (!existsSync(path.join(dir, '.complete'))) throw e;
			});
		} finally {
			await fs.rm(tmp, { recursive: true, force: true });
		}
	}
	const libs = [path.join(dir, 'lib'), dir];
	if (process.env.LD_LIBRARY_PATH) libs.push(process.env.LD_LIBRARY_PATH);
	return {
		executablePath: exe,
		args,
		env: {
			LD_LIBRARY_PATH: libs.join(':'),
			FONTCONFIG_PATH: path.join(dir, 'fontconfig'),
		},
		source: `${PACKAGE}@${version}`,
	};
}

/** Launches the headless browser (playwright-core). */
export async function launchBrowser(): Promise<Browser> {
	const b = await installBrowser();
	try {
		return await chromium.launch({
			executablePath: b.executablePath,
			args: b.args,
			headless: true,
			env: { ...process.env, ...b.env } as Record<string, string>,
		});
	} catch (e) {
		throw new Error(
			`could not start the browser from ${b.source} (${b.executablePath}): ${(e as Error).message}`,
		);
	}
}
