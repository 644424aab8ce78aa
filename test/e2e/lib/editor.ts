/// <reference lib="dom" />
// n8n's editor in a headless browser (the Chromium of @sparticuz/chromium, see ./browser), logged
// in as the N8nServer's owner: the workflow canvas and a node's parameter panel as a user sees
// them, with screenshots. What a panel should show is worked out from the node description the
// server hands to the editor, with n8n-workflow's own display rules (displayOptions).
import { promises as fs } from 'fs';
import * as path from 'path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { NodeHelpers, type INodeProperties, type INodeTypeDescription } from 'n8n-workflow';

import { launchBrowser } from './browser';
import { PACKAGE_NAME, type N8nServer } from './n8n';

export interface ImageView {
	src: string;
	/** Width of the loaded image (0 = broken). */
	naturalWidth: number;
}

export interface CanvasView {
	file: string;
	/** The nodes rendered on the canvas (sticky notes aside), with their icon image if any. */
	nodes: Array<{ name: string; icon: ImageView | null }>;
}

export interface PanelView {
	file: string;
	/** The node name in the panel's header. */
	title: string;
	/** The parameter labels shown in the Parameters tab (in order, without the required mark). */
	labels: string[];
	/** What the Operation select shows. */
	operation: string;
	/** The icon image in the panel's header. */
	icon: ImageView | null;
	/** Labels the panel cuts off (their text is wider than the space the label gets). */
	truncatedLabels: string[];
	/** The whole visible text of the Parameters tab (notices, selected values, labels). */
	text: string;
}

export interface EditorSession {
	page: Page;
	/** The canvas of a workflow, after the nodes and our icons have loaded; screenshot to `file`. */
	showWorkflow(workflowId: string, file: string): Promise<CanvasView>;
	/** Double-clicks a node on the open canvas and reads its parameter panel; screenshot to `file`. */
	openNodePanel(nodeName: string, file: string): Promise<PanelView>;
	/** Closes the open panel (Escape), back to the canvas. */
	closePanel(): Promise<void>;
	close(): Promise<void>;
}

export async function openEditor(
	n8n: N8nServer,
	opts: { width?: number; height?: number } = {},
): Promise<EditorSession> {
	const browser: Browser = await launchBrowser();
	let context: BrowserContext;
	let page: Page;
	try {
		context = await browser.newContext({
			viewport: { width: opts.width ?? 1680, height: opts.height ?? 900 },
			deviceScaleFactor: 1,
		});
		// n8n binds the session cookie to the browser id the frontend keeps in localStorage
		await context.addInitScript((id: string) => {
			window.localStorage.setItem('n8n-browserId', id);
		}, n8n.browserId);
		const [name, ...rest] = n8n.cookie.split('=');
		await context.addCookies([{ name, value: rest.join('='), domain: '127.0.0.1', path: '/' }]);
		page = await context.newPage();
	} catch (e) {
		await browser.close();
		throw e;
	}

	const ourImagesLoaded = () =>
		page
			.waitForFunction(
				(pkg: string) =>
					Array.from(document.images)
						.filter((img) => img.src.includes(pkg))
						.every((img) => img.complete),
				PACKAGE_NAME,
				{ timeout: 20_000 },
			)
			.catch(() => undefined);

	const screenshot = async (file: string) => {
		await fs.mkdir(path.dirname(file), { recursive: true });
		await page.screenshot({ path: file });
	};

	return {
		page,
		async showWorkflow(workflowId, file) {
			await page.goto(`${n8n.url}/workflow/${encodeURIComponent(workflowId)}`, {
				waitUntil: 'domcontentloaded',
			});
			await page.waitForSelector('[data-test-id="canvas-node"]', { timeout: 90_000 });
			await page.waitForLoadState('networkidle', { timeout: 30_000 }).catch(() => undefined);
			// close anything popping up over the canvas, then let the canvas fit and the icons load
			await page.keyboard.press('Escape').catch(() => undefined);
			await ourImagesLoaded();
			await page.waitForTimeout(1000);
			await screenshot(file);
			const nodes = await page.$$eval('[data-test-id="canvas-node"]', (els) =>
				els
					.filter((el) => !el.querySelector('[data-test-id="sticky"]'))
					.map((el) => {
						const img = el.querySelector('img');
						return {
							name: el.getAttribute('data-node-name') ?? el.textContent?.trim() ?? '',
							icon: img ? { src: img.src, naturalWidth: img.naturalWidth } : null,
						};
					}),
			);
			return { file, nodes };
		},
		async openNodePanel(nodeName, file) {
			const node = page.locator(
				`[data-test-id="canvas-node"][data-node-name="${nodeName.replace(/"/g, '\\"')}"]`,
			);
			await node.dblclick();
			const ndv = page.locator('[data-test-id="ndv"]');
			await ndv.waitFor({ state: 'visible', timeout: 30_000 });
			await page
				.locator('[data-test-id="node-parameters"]')
				.first()
				.waitFor({ state: 'visible', timeout: 30_000 });
			await ourImagesLoaded();
			await page.waitForTimeout(500);
			await screenshot(file);
			return ndv
				.evaluate((root, pkg) => {
					const text = (el: Element | null | undefined) =>
						(el?.textContent ?? '').replace(/\s+/g, ' ').trim();
					const params = root.querySelector('[data-test-id="node-parameters"]') ?? root;
					const labels = Array.from(params.querySelectorAll('label.n8n-input-label'))
						.map((label) => text(label.querySelector('[class*="title"]') ?? label))
						.map((t) => t.replace(/\s*\*$/, ''))
						.filter(Boolean);
					// cut off = some element of the label clips its text (CSS ellipsis or overflow)
					const clips = (el: Element) => {
						const style = getComputedStyle(el);
						return (
							(style.textOverflow === 'ellipsis' || style.overflow !== 'visible') &&
							el.scrollWidth > el.clientWidth + 1
						);
					};
					const truncatedLabels = Array.from(params.querySelectorAll('label.n8n-input-label'))
						.filter((label) => [label, ...Array.from(label.querySelectorAll('*'))].some(clips))
						.map((label) =>
							text(label.querySelector('[class*="title"]') ?? label).replace(/\s*\*$/, ''),
						);
					// resource locators in list mode show the cached name in an input's value
					const values = Array.from(params.querySelectorAll('input'))
						.map((i) => (i as HTMLInputElement).value)
						.filter(Boolean);
					const titleEl =
						root.querySelector('[data-test-id="node-title-container"] input') ??
						root.querySelector('[data-test-id="node-title-container"]');
					const title = titleEl instanceof HTMLInputElement ? titleEl.value.trim() : text(titleEl);
					const opInput = root.querySelector(
						'[data-test-id="parameter-input-operation"] input',
					) as HTMLInputElement | null;
					const operation =
						opInput?.value ||
						text(root.querySelector('[data-test-id="parameter-input-operation"]'));
					// the header's icon, not those of the neighbours floating at the sides
					const img = Array.from(root.querySelectorAll('img')).find(
						(i) => i.src.includes(pkg as string) && !i.closest('[data-test-id="floating-node"]'),
					);
					return {
						title,
						labels,
						operation,
						icon: img ? { src: img.src, naturalWidth: img.naturalWidth } : null,
						truncatedLabels,
						text: [text(params), ...values].join(' | '),
					};
				}, PACKAGE_NAME)
				.then((v) => ({ file, ...v }));
		},
		async closePanel() {
			await page.keyboard.press('Escape');
			await page
				.locator('[data-test-id="ndv"]')
				.waitFor({ state: 'hidden', timeout: 10_000 })
				.catch(() => undefined);
		},
		async close() {
			await browser.close();
		},
	};
}

/** Parameters n8n's panel shows elsewhere: in the credential select and the header's action. */
const FOLDED_INTO_HEADER = new Set(['authentication', 'resource']);
const NOT_LABELLED = new Set(['hidden', 'notice', 'callout', 'button']);

/**
 * The labels the parameter panel of a node must show: the display names of its top-level
 * parameters that n8n-workflow's display rules make visible for the node's values (defaults
 * filled in), and of the fields of each filled-in fixed-collection row. `resource` and
 * `authentication` are left out (n8n folds them into the header and the credential select).
 */
export function expectedPanelLabels(
	description: INodeTypeDescription,
	node: { parameters: Record<string, unknown>; typeVersion: number },
): string[] {
	const nodeRef = { typeVersion: node.typeVersion } as Parameters<
		typeof NodeHelpers.displayParameter
	>[2];
	const values =
		NodeHelpers.getNodeParameters(
			description.properties,
			node.parameters as never,
			true,
			false,
			nodeRef as never,
			description,
		) ?? {};
	const shown = (p: INodeProperties, at: Record<string, unknown>) =>
		NodeHelpers.displayParameter(at as never, p, nodeRef, description, values);
	const labels: string[] = [];
	for (const p of description.properties) {
		if (NOT_LABELLED.has(p.type) || FOLDED_INTO_HEADER.has(p.name) || !p.displayName) continue;
		if (!shown(p, values)) continue;
		labels.push(p.displayName);
		if (p.type !== 'fixedCollection') continue;
		const value = (values[p.name] ?? {}) as Record<string, unknown>;
		for (const group of (p.options ?? []) as Array<{ name: string; values?: INodeProperties[] }>) {
			const rows = value[group.name];
			for (const row of (Array.isArray(rows) ? rows : rows ? [rows] : []) as Array<
				Record<string, unknown>
			>) {
				for (const field of group.values ?? []) {
					if (NOT_LABELLED.has(field.type) || !field.displayName) continue;
					if (shown(field, row)) labels.push(field.displayName);
				}
			}
		}
	}
	return labels;
}
