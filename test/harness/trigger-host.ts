// Hosts trigger nodes the way an n8n main process does: activation runs the node's
// webhookMethods (checkExists → create), deliveries arrive over real HTTP on loopback
// and go through WebhookContext + the node's webhook(), and accepted deliveries start
// a workflow execution in WorkflowExecute.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'http';
import type { AddressInfo } from 'net';
import { WebhookContext } from 'n8n-core';
import type { IDataObject, INodeExecutionData, IWebhookData, Workflow } from 'n8n-workflow';
import type { Harness, RunResult, WorkflowJson } from './harness';

interface Registration {
	wf: WorkflowJson;
	workflow: Workflow;
	nodeName: string;
	webhookData: IWebhookData;
}

export interface TriggerHost {
	url: string;
	/** every delivery the host answered: status and whether it started an execution */
	deliveries: Array<{ path: string; status: number; started: boolean; response?: unknown }>;
	executions: RunResult[];
	activate(wf: WorkflowJson, triggerNode: string): Promise<Workflow>;
	deactivate(triggerNode: string): Promise<void>;
	webhookUrl(triggerNode: string): string;
	waitForExecutions(count: number, timeoutMs?: number): Promise<RunResult[]>;
	close(): Promise<void>;
}

/** Minimal express-like response, enough for n8n trigger nodes. */
function wrapResponse(res: ServerResponse) {
	const wrapper = {
		statusCode: 200,
		headersSent: false,
		status(code: number) {
			wrapper.statusCode = code;
			return wrapper;
		},
		setHeader(name: string, value: string) {
			res.setHeader(name, value);
			return wrapper;
		},
		send(body?: unknown) {
			if (!res.headersSent) res.statusCode = wrapper.statusCode;
			if (body !== undefined)
				res.write(typeof body === 'string' || Buffer.isBuffer(body) ? body : JSON.stringify(body));
			wrapper.headersSent = true;
			return wrapper;
		},
		json(body: unknown) {
			res.setHeader('content-type', 'application/json');
			return wrapper.send(JSON.stringify(body));
		},
		end(body?: unknown) {
			if (!wrapper.headersSent) wrapper.send(body);
			res.end();
			return wrapper;
		},
	};
	return wrapper;
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
	const chunks: Buffer[] = [];
	for await (const c of req) chunks.push(c as Buffer);
	return Buffer.concat(chunks);
}

export async function startTriggerHost(harness: Harness): Promise<TriggerHost> {
	const registrations = new Map<string, Registration>();
	const byNode = new Map<string, Registration>();
	const deliveries: TriggerHost['deliveries'] = [];
	const executions: RunResult[] = [];
	const pending: Array<Promise<unknown>> = [];

	const server: Server = createServer((req, res) => {
		void (async () => {
			const url = new URL(req.url ?? '/', 'http://127.0.0.1');
			const key = url.pathname.replace(/^\/webhook\//, '');
			const reg = registrations.get(key);
			const raw = await readBody(req);
			if (!reg || !url.pathname.startsWith('/webhook/')) {
				res.statusCode = 404;
				res.end(JSON.stringify({ code: 404, message: 'The requested webhook is not registered.' }));
				deliveries.push({ path: url.pathname, status: 404, started: false });
				return;
			}
			let body: unknown = {};
			try {
				body = raw.length ? JSON.parse(raw.toString('utf8')) : {};
			} catch {
				body = {};
			}
			const headers = req.headers;
			const httpRequest = Object.assign(req, {
				body,
				rawBody: raw,
				query: Object.fromEntries(url.searchParams),
				params: {},
				header: (name: string) => headers[name.toLowerCase()],
			});
			const httpResponse = wrapResponse(res);
			const node = reg.workflow.getNode(reg.nodeName)!;
			const ctx = new WebhookContext(
				reg.workflow,
				node,
				{ ...harness.additionalData, httpRequest, httpResponse } as never,
				'webhook',
				reg.webhookData,
				[],
				null,
			);
			const type = reg.workflow.nodeTypes.getByNameAndVersion(node.type, node.typeVersion);
			try {
				const result = await type.webhook!.call(ctx);
				if (result.noWebhookResponse) {
					if (!res.writableEnded) res.end();
					deliveries.push({ path: url.pathname, status: httpResponse.statusCode, started: false });
					return;
				}
				const started = Array.isArray(result.workflowData) && result.workflowData.length > 0;
				res.statusCode = 200;
				res.setHeader('content-type', 'application/json');
				// like n8n: the node's webhookResponse is the body when nothing starts
				const response = result.webhookResponse ?? {
					message: started ? 'Workflow was started' : 'Webhook call received',
				};
				res.end(JSON.stringify(response));
				deliveries.push({ path: url.pathname, status: 200, started, response });
				if (started) {
					const items = (result.workflowData as INodeExecutionData[][])[0].map(
						(i) => i.json as IDataObject,
					);
					const p = harness
						.run(reg.wf, { input: { node: reg.nodeName, items }, mode: 'webhook' })
						.then((r) => executions.push(r));
					pending.push(p);
				}
			} catch (error) {
				res.statusCode = 500;
				res.end(JSON.stringify({ message: (error as Error).message }));
				deliveries.push({ path: url.pathname, status: 500, started: false });
			}
		})();
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	const url = `http://127.0.0.1:${port}`;
	(harness.additionalData as unknown as IDataObject).webhookBaseUrl = `${url}/webhook`;
	(harness.additionalData as unknown as IDataObject).webhookTestBaseUrl = `${url}/webhook-test`;

	return {
		url,
		deliveries,
		executions,
		async activate(wf, triggerNode) {
			const workflow = await harness.workflow(wf);
			const webhookData = harness.webhookData(workflow, triggerNode);
			const exists = await harness.hook(workflow, triggerNode, 'checkExists');
			if (!exists) await harness.hook(workflow, triggerNode, 'create');
			const reg = {
				wf: { ...wf, nodes: workflow.nodes ? Object.values(workflow.nodes) : wf.nodes },
				workflow,
				nodeName: triggerNode,
				webhookData,
			};
			registrations.set(webhookData.path, reg);
			byNode.set(triggerNode, reg);
			return workflow;
		},
		async deactivate(triggerNode) {
			const reg = byNode.get(triggerNode);
			if (!reg) return;
			await harness.hook(reg.workflow, triggerNode, 'delete');
			registrations.delete(reg.webhookData.path);
			byNode.delete(triggerNode);
		},
		webhookUrl(triggerNode) {
			const reg = byNode.get(triggerNode);
			if (!reg) throw new Error(`${triggerNode} is not active`);
			return `${url}/webhook/${reg.webhookData.path}`;
		},
		async waitForExecutions(count, timeoutMs = 30000) {
			const start = Date.now();
			while (executions.length < count) {
				if (Date.now() - start > timeoutMs) {
					throw new Error(`timed out waiting for ${count} executions (have ${executions.length})`);
				}
				await Promise.race([Promise.all(pending), new Promise((r) => setTimeout(r, 25))]);
			}
			return executions;
		},
		async close() {
			await Promise.allSettled(pending);
			await new Promise<void>((resolve) => server.close(() => resolve()));
		},
	};
}
