// The package in n8n's real editor, as a user sees it, in a headless Chromium that comes from the
// npm registry (@sparticuz/chromium, see lib/browser.ts; no system browser, no root): the export
// workflow's canvas with our node names and icons, and the parameter panels of Export Expense and
// Map Category with their header, operation and the parameter labels the node description makes
// visible for the example's values. Screenshots: .artifacts/editor-*.png.
//
// Run it alone: npm run build && npx jest --selectProjects e2e --runInBand -- test/e2e/editor.test.ts
import { promises as fs } from 'fs';
import * as path from 'path';
import type { INodeTypeDescription } from 'n8n-workflow';

import { startPleoSandbox, type PleoSandbox } from '../../sandbox/pleo';
import { startProcountorSandbox, type ProcountorSandbox } from '../../sandbox/procountor';
import {
	ARTIFACTS_DIR,
	EXAMPLE_FILES,
	PACKAGE_NAME,
	createSandboxCredentials,
	loadExample,
	packPackage,
	startN8n,
	type ExampleWorkflow,
	type N8nServer,
} from './lib';
import { expectedPanelLabels, openEditor, type EditorSession } from './lib/editor';

jest.setTimeout(180_000);

let n8n: N8nServer;
let pc: ProcountorSandbox;
let pleo: PleoSandbox;
let editor: EditorSession;
let workflow: ExampleWorkflow;
let workflowId: string;
let nodeTypes: INodeTypeDescription[];

beforeAll(async () => {
	pc = await startProcountorSandbox();
	pleo = await startPleoSandbox();
	n8n = await startN8n({ packageTgz: await packPackage(), logName: 'n8n-editor' });
	const refs = await createSandboxCredentials(n8n, { pleoUrl: pleo.url, procountorUrl: pc.url });
	workflow = loadExample(EXAMPLE_FILES.exportWebhook, refs);
	workflowId = await n8n.importWorkflow(workflow);
	nodeTypes = await n8n.nodeTypes();
	editor = await openEditor(n8n);
}, 300_000);

afterAll(async () => {
	await editor?.close();
	await n8n?.stop();
	await pc?.close();
	await pleo?.close();
}, 30_000);

const ours = () => workflow.nodes.filter((n) => n.type.startsWith(`${PACKAGE_NAME}.`));

function descriptionOf(node: { type: string; typeVersion: number }): INodeTypeDescription {
	const d = nodeTypes.find(
		(t) =>
			t.name === node.type &&
			(Array.isArray(t.version) ? t.version : [t.version]).includes(node.typeVersion),
	);
	if (!d) throw new Error(`n8n does not serve ${node.type} v${node.typeVersion}`);
	return d;
}

/** The icon file the editor loads for a node type (iconUrl, the light one if themed). */
function iconFile(d: INodeTypeDescription): string {
	const url = (d as { iconUrl?: string | { light: string } }).iconUrl;
	const file = typeof url === 'string' ? url : url?.light;
	if (!file) throw new Error(`${d.name} has no iconUrl`);
	return file;
}

const sizeOf = async (file: string) => (await fs.stat(file)).size;

describe('the editor', () => {
	it('shows the export workflow with every node and our icons (.artifacts/editor-export-workflow.png)', async () => {
		const file = path.join(ARTIFACTS_DIR, 'editor-export-workflow.png');
		const canvas = await editor.showWorkflow(workflowId, file);
		expect(await sizeOf(file)).toBeGreaterThan(20_000);
		const expected = workflow.nodes
			.filter((n) => n.type !== 'n8n-nodes-base.stickyNote')
			.map((n) => n.name)
			.sort();
		expect(canvas.nodes.map((n) => n.name).sort()).toEqual(expected);
		expect(expected).toEqual(
			expect.arrayContaining([
				'Pleo Trigger',
				'Set Contra Accounts',
				'Map Category',
				'Export Expense',
				'Report Results',
			]),
		);
		for (const node of ours()) {
			const shown = canvas.nodes.find((n) => n.name === node.name);
			// the node's own SVG, loaded (not the fallback letter, not a broken image)
			expect({ node: node.name, src: shown?.icon?.src }).toEqual({
				node: node.name,
				src: expect.stringMatching(new RegExp(`${escape(iconFile(descriptionOf(node)))}$`)),
			});
			expect(shown?.icon?.naturalWidth).toBeGreaterThan(0);
		}
	});

	it.each(['Export Expense', 'Map Category'])(
		'opens the %s panel: its name, icon, operation and parameter labels',
		async (name) => {
			const node = workflow.nodes.find((n) => n.name === name)!;
			const description = descriptionOf(node);
			const file = path.join(
				ARTIFACTS_DIR,
				`editor-panel-${name.toLowerCase().replace(/\W+/g, '-')}.png`,
			);
			const panel = await editor.openNodePanel(name, file);
			try {
				expect(await sizeOf(file)).toBeGreaterThan(20_000);
				expect(panel.title).toBe(name);
				expect(panel.icon?.src).toMatch(new RegExp(`${escape(iconFile(description))}$`));
				expect(panel.icon?.naturalWidth).toBeGreaterThan(0);
				// the Operation select shows the operation's display name
				const operation = description.properties
					.filter((p) => p.name === 'operation')
					.flatMap((p) => (p.options ?? []) as Array<{ name: string; value: unknown }>)
					.find((o) => o.value === node.parameters.operation);
				expect(operation).toBeDefined();
				expect(panel.operation).toBe(operation!.name);
				// every label the description makes visible for these values, fixed-collection rows too
				const expected = expectedPanelLabels(description, node);
				expect(expected.length).toBeGreaterThan(1);
				expect(panel.labels).toEqual(expect.arrayContaining(expected));
				for (const label of new Set(expected)) {
					expect({ label, times: panel.labels.filter((l) => l === label).length }).toEqual({
						label,
						times: expected.filter((l) => l === label).length,
					});
				}
			} finally {
				await editor.closePanel();
			}
		},
	);

	it('Set Contra Accounts shows the accounts by name, Reimbursement Account says optional, no label is cut off', async () => {
		const panel = await editor.openNodePanel(
			'Set Contra Accounts',
			path.join(ARTIFACTS_DIR, 'editor-panel-set-contra-accounts.png'),
		);
		try {
			expect(panel.text).toContain('1940 Pleo-tili (Pleo card account)');
			expect(panel.text).toContain('2940 Velat henkilöstölle (Liabilities to employees)');
			expect(panel.text).not.toMatch(/By Code\s*1940/);
			expect(panel.labels).toContain('Reimbursement Account (Optional)');
			expect(panel.truncatedLabels).toEqual([]);
		} finally {
			await editor.closePanel();
		}
	});

	it('Map Category labels are not cut off', async () => {
		const panel = await editor.openNodePanel(
			'Map Category',
			path.join(ARTIFACTS_DIR, 'editor-panel-map-category-labels.png'),
		);
		try {
			expect(panel.truncatedLabels).toEqual([]);
			expect(panel.labels).toContain('Pleo Account or Category');
		} finally {
			await editor.closePanel();
		}
	});

	it('the Pleo Trigger panel says what publishing and "Start Job and Output Export Items" do', async () => {
		const panel = await editor.openNodePanel(
			'Pleo Trigger',
			path.join(ARTIFACTS_DIR, 'editor-panel-pleo-trigger.png'),
		);
		try {
			expect(panel.text).toContain(
				'Publishing this workflow registers a webhook subscription in Pleo',
			);
			expect(panel.text).toContain('unpublishing removes it');
			expect(panel.text).toContain('the trigger claims the export job');
		} finally {
			await editor.closePanel();
		}
	});
});

function escape(s: string): string {
	return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
