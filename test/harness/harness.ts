// The real-engine test harness: the built package (dist/) is loaded with n8n-core's
// PackageDirectoryLoader, workflows run through WorkflowExecute, dropdowns through
// LoadOptionsContext, triggers through HookContext (activate/deactivate) and
// WebhookContext (deliveries, over a real loopback HTTP server).
import './env';
import { randomUUID } from 'crypto';
import * as path from 'path';
import {
	ExecutionLifecycleHooks,
	HookContext,
	LoadOptionsContext,
	PackageDirectoryLoader,
	WorkflowExecute,
} from 'n8n-core';
import type {
	ICredentialDataDecryptedObject,
	ICredentialType,
	IConnections,
	IDataObject,
	INode,
	INodeExecutionData,
	INodeListSearchResult,
	INodePropertyOptions,
	INodeType,
	INodeTypes,
	IRun,
	IVersionedNodeType,
	IWebhookData,
	IWorkflowExecuteAdditionalData,
	WorkflowExecuteMode,
} from 'n8n-workflow';
import { createRunExecutionData, NodeHelpers, Workflow } from 'n8n-workflow';
import { HarnessCredentialsHelper } from './credentials-helper';

export const PACKAGE_NAME = 'n8n-nodes-pleo-procountor';
const ROOT = path.resolve(__dirname, '../..');

type LoadedPackage = { nodeTypes: INodeTypes; credentialTypes: Record<string, ICredentialType> };
let loaded: Promise<LoadedPackage> | undefined;

/** Loads dist/ exactly as n8n loads an installed community package. */
export function loadPackage(): Promise<LoadedPackage> {
	loaded ??= (async () => {
		const loader = new PackageDirectoryLoader(ROOT);
		await loader.loadAll();
		const byName: Record<string, INodeType | IVersionedNodeType> = {};
		for (const [name, { type }] of Object.entries(loader.nodeTypes)) {
			byName[`${PACKAGE_NAME}.${name}`] = type;
		}
		const credentialTypes: Record<string, ICredentialType> = {};
		for (const [name, { type }] of Object.entries(loader.credentialTypes))
			credentialTypes[name] = type;
		const nodeTypes: INodeTypes = {
			getByName: (t) => must(byName[t], t),
			getByNameAndVersion: (t, v) => NodeHelpers.getVersionedNodeType(must(byName[t], t), v),
			getKnownTypes: () => ({}),
		};
		return { nodeTypes, credentialTypes };
	})();
	return loaded;
}

function must<T>(v: T | undefined, name: string): T {
	if (v === undefined) throw new Error(`harness: unknown node type "${name}"`);
	return v;
}

export interface WorkflowJson {
	name?: string;
	nodes: INode[];
	connections: IConnections;
	staticData?: IDataObject;
}

export interface RunResult {
	run: IRun;
	/** JSON of every item a node output on its first run (main output 0 unless given) */
	json(nodeName: string, output?: number): IDataObject[];
	items(nodeName: string, output?: number): INodeExecutionData[];
	error?: Error;
}

export interface Harness {
	credentials: HarnessCredentialsHelper;
	additionalData: IWorkflowExecuteAdditionalData;
	/** Runs a workflow. `input` feeds items into a node as if a trigger had emitted them. */
	run(
		wf: WorkflowJson,
		opts?: {
			input?: { node: string; items: Array<IDataObject | INodeExecutionData> };
			mode?: WorkflowExecuteMode;
			staticData?: IDataObject;
		},
	): Promise<RunResult>;
	loadOptions(
		node: INode,
		method: string,
		currentNodeParameters?: IDataObject,
	): Promise<INodePropertyOptions[]>;
	listSearch(
		node: INode,
		method: string,
		filter?: string,
		paginationToken?: string,
	): Promise<INodeListSearchResult>;
	workflow(wf: WorkflowJson): Promise<Workflow>;
	webhookData(workflow: Workflow, nodeName: string): IWebhookData;
	/** Runs webhookMethods.default[checkExists|create|delete] of a trigger node. */
	hook(
		workflow: Workflow,
		nodeName: string,
		method: 'checkExists' | 'create' | 'delete',
	): Promise<boolean>;
}

let executionCounter = 0;

/** Plain objects become `{ json }`; objects that already have `json` (and maybe `binary`) are kept. */
function toItem(i: IDataObject | INodeExecutionData): INodeExecutionData {
	return typeof i.json === 'object' && i.json !== null
		? (i as INodeExecutionData)
		: { json: i as IDataObject };
}

export async function createHarness(opts: {
	credentials: Record<string, ICredentialDataDecryptedObject>;
	webhookBaseUrl?: string;
}): Promise<Harness> {
	const { nodeTypes, credentialTypes } = await loadPackage();
	const credentialsHelper = new HarnessCredentialsHelper(credentialTypes, { ...opts.credentials });
	const webhookBaseUrl = opts.webhookBaseUrl ?? 'http://127.0.0.1:5678/webhook';
	const additionalData = {
		credentialsHelper,
		webhookBaseUrl,
		webhookTestBaseUrl: webhookBaseUrl.replace(/webhook$/, 'webhook-test'),
		webhookWaitingBaseUrl: 'http://127.0.0.1:5678/webhook-waiting',
		formWaitingBaseUrl: 'http://127.0.0.1:5678/form-waiting',
		restApiUrl: 'http://127.0.0.1:5678/rest',
		instanceBaseUrl: 'http://127.0.0.1:5678',
		variables: {},
		executionId: 'harness',
		currentNodeParameters: undefined,
		userId: 'harness-user',
	} as unknown as IWorkflowExecuteAdditionalData;

	const workflow = async (wf: WorkflowJson) =>
		new Workflow({
			id: 'harness-workflow',
			name: wf.name ?? 'harness',
			nodes: wf.nodes,
			connections: wf.connections,
			active: false,
			nodeTypes,
			staticData: wf.staticData ?? {},
			settings: { executionOrder: 'v1' },
		});

	const harness: Harness = {
		credentials: credentialsHelper,
		additionalData,
		workflow,
		async run(wf, runOpts = {}) {
			const w = await workflow({ ...wf, staticData: runOpts.staticData ?? wf.staticData });
			const mode = runOpts.mode ?? 'manual';
			const executionId = `exec-${++executionCounter}`;
			const hooks = new ExecutionLifecycleHooks(mode, executionId, {
				id: w.id,
				name: w.name,
				nodes: wf.nodes,
				connections: wf.connections,
				active: false,
				settings: {},
				createdAt: new Date(),
				updatedAt: new Date(),
			} as never);
			const done = new Promise<IRun>((resolve) =>
				hooks.addHandler('workflowExecuteAfter', (r) => resolve(r)),
			);
			const data = { ...additionalData, hooks, executionId } as IWorkflowExecuteAdditionalData;
			if (runOpts.input) {
				const node = must(w.getNode(runOpts.input.node) ?? undefined, runOpts.input.node);
				const runData = createRunExecutionData({
					executionData: {
						nodeExecutionStack: [
							{ node, data: { main: [runOpts.input.items.map(toItem)] }, source: null },
						],
					},
				});
				void new WorkflowExecute(data, mode, runData).processRunExecutionData(w);
			} else {
				void new WorkflowExecute(data, mode).run({ workflow: w });
			}
			const run = await done;
			const items = (nodeName: string, output = 0) =>
				run.data.resultData.runData[nodeName]?.[0]?.data?.main?.[output] ?? [];
			return {
				run,
				items,
				json: (nodeName, output = 0) => items(nodeName, output).map((i) => i.json),
				error: run.data.resultData.error as Error | undefined,
			};
		},
		async loadOptions(node, method, currentNodeParameters) {
			const w = await workflow({ nodes: [node], connections: {} });
			const ctx = new LoadOptionsContext(
				w,
				node,
				{
					...additionalData,
					currentNodeParameters: currentNodeParameters ?? node.parameters,
				} as never,
				'parameters',
			);
			const type = nodeTypes.getByNameAndVersion(node.type, node.typeVersion);
			const fn = type.methods?.loadOptions?.[method];
			if (!fn) throw new Error(`harness: no loadOptions method "${method}"`);
			return await fn.call(ctx);
		},
		async listSearch(node, method, filter, paginationToken) {
			const w = await workflow({ nodes: [node], connections: {} });
			const ctx = new LoadOptionsContext(
				w,
				node,
				{ ...additionalData, currentNodeParameters: node.parameters } as never,
				'parameters',
			);
			const type = nodeTypes.getByNameAndVersion(node.type, node.typeVersion);
			const fn = type.methods?.listSearch?.[method];
			if (!fn) throw new Error(`harness: no listSearch method "${method}"`);
			return await fn.call(ctx, filter, paginationToken);
		},
		webhookData(w, nodeName) {
			const node = must(w.getNode(nodeName) ?? undefined, nodeName);
			const type = nodeTypes.getByNameAndVersion(node.type, node.typeVersion);
			const description = must(type.description.webhooks?.[0], `${nodeName} webhooks`);
			node.webhookId ??= randomUUID();
			return {
				httpMethod: description.httpMethod as never,
				node: node.name,
				path: `${node.webhookId}/${String(description.path)}`,
				webhookDescription: description,
				workflowId: String(w.id),
				webhookId: node.webhookId,
				workflowExecuteAdditionalData: additionalData,
			} as IWebhookData;
		},
		async hook(w, nodeName, method) {
			const node = must(w.getNode(nodeName) ?? undefined, nodeName);
			const type = nodeTypes.getByNameAndVersion(node.type, node.typeVersion);
			const activation = method === 'delete' ? 'manual' : 'activate';
			const ctx = new HookContext(
				w,
				node,
				additionalData,
				'trigger',
				activation as never,
				harness.webhookData(w, nodeName),
			);
			const fn = must(type.webhookMethods?.default?.[method], `${nodeName}.${method}`);
			return await fn.call(ctx);
		},
	};
	return harness;
}

export function node(
	name: string,
	type: string,
	parameters: IDataObject,
	extra: Partial<INode> = {},
): INode {
	return {
		id: randomUUID(),
		name,
		type: type.includes('.') ? type : `${PACKAGE_NAME}.${type}`,
		typeVersion: 1,
		position: [0, 0],
		parameters: parameters as never,
		...extra,
	};
}

/** Connects nodes in a line: a → b → c. */
export function chain(...names: string[]): IConnections {
	const connections: IConnections = {};
	for (let i = 0; i < names.length - 1; i++) {
		connections[names[i]] = { main: [[{ node: names[i + 1], type: 'main' as never, index: 0 }]] };
	}
	return connections;
}
