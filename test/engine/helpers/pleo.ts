// Shared set-up for the Pleo engine tests: credentials for the sandbox, node builders, a
// counting loopback proxy (to see how many requests of each kind the nodes send), and
// usePleoEngine(), the set-up of the Pleo node's operation files (test/engine/Pleo/<resource>/).
import { createServer, request as httpRequest, type Server } from 'http';
import type { AddressInfo } from 'net';
import type { ICredentialDataDecryptedObject, IDataObject, INode } from 'n8n-workflow';
import { startPleoSandbox, type PleoSandbox } from '../../../sandbox/pleo';
import { createHarness, node, type Harness, type RunResult } from '../../harness';

export function pleoCredentials(sb: PleoSandbox, baseUrl = sb.url): ICredentialDataDecryptedObject {
	return { apiKey: sb.apiKey, environment: 'custom', baseUrl, companyId: sb.companyId };
}

export function pleoNode(parameters: IDataObject, name = 'Pleo', extra: IDataObject = {}) {
	return node(name, 'pleo', parameters, {
		credentials: { pleoApi: { id: '1', name: 'Pleo key' } },
		...extra,
	});
}

export function pleoTrigger(parameters: IDataObject, name = 'Pleo Trigger') {
	return node(name, 'pleoTrigger', parameters, {
		credentials: { pleoApi: { id: '1', name: 'Pleo key' } },
	});
}

export interface CountingProxy {
	url: string;
	requests: Array<{ method: string; path: string }>;
	count(method: string, pathPrefix: string): number;
	close(): Promise<void>;
}

/** Forwards every request to `target` (loopback) and records method + path. */
export async function startCountingProxy(target: string): Promise<CountingProxy> {
	const to = new URL(target);
	const requests: CountingProxy['requests'] = [];
	const server: Server = createServer((req, res) => {
		const path = req.url ?? '/';
		requests.push({ method: req.method ?? 'GET', path });
		const upstream = httpRequest(
			{ host: to.hostname, port: to.port, method: req.method, path, headers: req.headers },
			(up) => {
				res.writeHead(up.statusCode ?? 502, up.headers);
				up.pipe(res);
			},
		);
		upstream.on('error', () => {
			res.statusCode = 502;
			res.end();
		});
		req.pipe(upstream);
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	return {
		url: `http://127.0.0.1:${port}`,
		requests,
		count: (method, prefix) =>
			requests.filter((r) => r.method === method && r.path.split('?')[0].startsWith(prefix)).length,
		close: () =>
			new Promise<void>((resolve) => {
				server.closeAllConnections?.();
				server.close(() => resolve());
			}),
	};
}

export interface PleoEngine {
	sb: PleoSandbox;
	/** every request the nodes send passes it (`proxy.count(method, pathPrefix)`) */
	proxy: CountingProxy;
	h: Harness;
	/** Runs one Pleo node (named "Pleo") on the input items. */
	runNode(
		parameters: IDataObject,
		input?: IDataObject[],
		extra?: Partial<INode>,
	): Promise<RunResult>;
}

/**
 * The set-up of a Pleo operation's engine file: a Pleo sandbox behind a counting proxy and an
 * n8n-core harness with the Pleo credential, started once per file; before each test the sandbox
 * is reset to its seed without faults and the proxy's record is emptied. Call it at the top of
 * the file; read the fields inside the tests.
 */
export function usePleoEngine(): PleoEngine {
	const env = {
		async runNode(
			parameters: IDataObject,
			input: IDataObject[] = [{}],
			extra: Partial<INode> = {},
		) {
			const n = pleoNode(parameters, 'Pleo', extra as IDataObject);
			return await env.h.run(
				{ nodes: [n], connections: {} },
				{ input: { node: n.name, items: input } },
			);
		},
	} as PleoEngine;
	beforeAll(async () => {
		env.sb = await startPleoSandbox();
		env.proxy = await startCountingProxy(env.sb.url);
		env.h = await createHarness({
			credentials: { pleoApi: pleoCredentials(env.sb, env.proxy.url) },
		});
	});
	afterAll(async () => {
		await env.proxy.close();
		await env.sb.close();
	});
	beforeEach(() => {
		env.sb.reset();
		env.sb.setFaults({
			latencyMs: 0,
			errorRate: 0,
			rateLimitNext: 0,
			retryAfterSeconds: 0,
			fail5xxNext: 0,
		});
		env.proxy.requests.length = 0;
	});
	return env;
}

/**
 * Results for export items as a Procountor export would report them: every `failEvery`th item
 * (the first included) failed, with a reason (the first one 3,000 characters long), the others
 * successful with an external ID and URL.
 */
export function resultsFor(items: IDataObject[], failEvery = 3): IDataObject[] {
	return items.map((item, i) =>
		i % failEvery === 0
			? {
					...item,
					status: 'failed',
					failureReasonType: i === 0 ? 'procountor_said_no' : 'account_unknown',
					failureReason: `Account missing in Procountor ${'!'.repeat(i === 0 ? 3000 : 1)}`,
				}
			: {
					...item,
					status: 'successful',
					externalId: `PC-${1000 + i}`,
					externalUrl: `https://procountor.example/ledger/${1000 + i}`,
					exportedAt: '2026-03-01T10:00:00Z',
				},
	);
}

/** A resource locator parameter (Job, Tag Group, Subscription, …) set by ID. */
export function byId(value: string) {
	return { mode: 'id', value };
}

/** The seeded PROJEKTI tag group, and its ID as a resource locator value. */
export function projectGroup(sb: PleoSandbox) {
	const group = [...sb.state.tagGroups.values()].find((g) => g.code === 'PROJEKTI')!;
	return { group, gid: byId(group.id) };
}

/** Creates the tags P100, P101, … (11 by default) in the PROJEKTI group through Tag › Create. */
export async function createProjectTags(env: PleoEngine, count = 11) {
	const { group, gid } = projectGroup(env.sb);
	const codes = Array.from({ length: count }, (_, i) => ({ code: `P${100 + i}` }));
	const made = await env.runNode(
		{ resource: 'tag', operation: 'create', tagGroupId: gid, code: '={{ $json.code }}' },
		codes,
	);
	return { group, gid, made };
}

/** Creates the tag group "Kohde" (KOHDE) through Tag Group › Create and returns it. */
export async function createTagGroup(env: PleoEngine): Promise<IDataObject & { id: string }> {
	const created = await env.runNode({
		resource: 'tagGroup',
		operation: 'create',
		name: 'Kohde',
		code: 'KOHDE',
	});
	return created.json('Pleo')[0] as IDataObject & { id: string };
}

/** Tax Code › Create parameters for VAT 24 %. */
export const VAT24_TAX_CODE = {
	resource: 'taxCode',
	operation: 'create',
	name: 'VAT 24',
	code: 'VAT24',
	rate: 0.24,
	type: 'inclusive',
};

/** Subscribes an endpoint to events directly at the sandbox (as a Pleo admin would). */
export async function subscribe(sb: PleoSandbox, endpointUrl: string, eventTypes: string[]) {
	const res = await fetch(`${sb.url}/v1/subscriptions`, {
		method: 'POST',
		headers: {
			'content-type': 'application/json',
			authorization: `Basic ${Buffer.from(`${sb.apiKey}:`).toString('base64')}`,
		},
		body: JSON.stringify({ endpointUrl, eventTypes, status: 'ACTIVE' }),
	});
	return ((await res.json()) as { data: { id: string } }).data.id;
}
