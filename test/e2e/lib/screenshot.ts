/// <reference lib="dom" />
// A screenshot of a workflow open in n8n's editor, taken with the system Chromium (Debian package
// `chromium`, installed by scripts/install-debian-packages.sh) through playwright-core. The browser
// reuses the owner session of the N8nServer (cookie + the browser id it is bound to).
import { promises as fs } from 'fs';
import * as path from 'path';
import { chromium } from 'playwright-core';

import type { N8nServer } from './n8n';

export const CHROMIUM_PATH = '/usr/bin/chromium';
const CHROMIUM_ARGS = [
	'--no-sandbox',
	'--disable-gpu',
	'--disable-quic',
	'--no-first-run',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync',
];

export interface WorkflowScreenshot {
	file: string;
	/** Names of the nodes rendered on the canvas. */
	nodeNames: string[];
	/** The icon images of our package's nodes (src and size once loaded; 0 = broken). */
	ourIcons: Array<{ src: string; naturalWidth: number }>;
}

export async function screenshotWorkflow(
	n8n: N8nServer,
	workflowId: string,
	file: string,
	opts: { width?: number; height?: number; packageName?: string } = {},
): Promise<WorkflowScreenshot> {
	const packageName = opts.packageName ?? 'n8n-nodes-pleo-procountor';
	const browser = await chromium.launch({
		executablePath: CHROMIUM_PATH,
		headless: true,
		args: CHROMIUM_ARGS,
	});
	try {
		const context = await browser.newContext({
			viewport: { width: opts.width ?? 1680, height: opts.height ?? 900 },
			deviceScaleFactor: 1,
		});
		// n8n binds the session cookie to the browser id the frontend keeps in localStorage
		await context.addInitScript((id: string) => {
			window.localStorage.setItem('n8n-browserId', id);
		}, n8n.browserId);
		const [name, ...rest] = n8n.cookie.split('=');
		await context.addCookies([{ name, value: rest.join('='), domain: '127.0.0.1', path: '/' }]);
		const page = await context.newPage();
		await page.goto(`${n8n.url}/workflow/${encodeURIComponent(workflowId)}`, {
			waitUntil: 'domcontentloaded',
		});
		await page.waitForSelector('[data-test-id="canvas-node"]', { timeout: 90_000 });
		await page.waitForLoadState('networkidle', { timeout: 30_000 }).catch(() => undefined);
		// close anything popping up over the canvas, then let the canvas fit and the icons load
		await page.keyboard.press('Escape').catch(() => undefined);
		await page
			.waitForFunction(
				(pkg: string) =>
					Array.from(document.images)
						.filter((img) => img.src.includes(pkg))
						.every((img) => img.complete),
				packageName,
				{ timeout: 20_000 },
			)
			.catch(() => undefined);
		await page.waitForTimeout(1000);
		await fs.mkdir(path.dirname(file), { recursive: true });
		await page.screenshot({ path: file });
		const nodeNames = await page.$$eval('[data-test-id="canvas-node"]', (els) =>
			els.map((el) => el.getAttribute('data-node-name') ?? el.textContent?.trim() ?? ''),
		);
		const ourIcons = await page.$$eval(
			'img',
			(imgs, pkg) =>
				(imgs as HTMLImageElement[])
					.filter((img) => img.src.includes(pkg as string))
					.map((img) => ({ src: img.src, naturalWidth: img.naturalWidth })),
			packageName,
		);
		await context.close();
		return { file, nodeNames, ourIcons };
	} finally {
		await browser.close();
	}
}
