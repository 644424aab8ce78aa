// The unit tier's way to run one operation (the Airtable v2 pattern): a fake IExecuteFunctions
// that answers getNodeParameter from a plain object, and a stub client whose requests are
// answered from a route table ("METHOD /path" → value, or a function of the request options).
// Each operation test calls `execute.call(ctx, client, items)` exactly as the routers do.
import type {
	IBinaryData,
	IDataObject,
	IExecuteFunctions,
	INode,
	INodeExecutionData,
} from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import type { PleoRequestOptions, PleoResponse } from '../../../nodes/Pleo/transport';
import { PleoClient, pleoApiError } from '../../../nodes/Pleo/transport';
import type { ProcountorClient, RequestOptions } from '../../../nodes/Procountor/transport';
import { procountorError } from '../../../nodes/Procountor/transport';
import type { OperationExecute } from '../../../nodes/shared/perItem';

export const NODE: INode = {
	id: 'node-1',
	name: 'Under Test',
	type: 'n8n-nodes-pleo-procountor.test',
	typeVersion: 1,
	position: [0, 0],
	parameters: {},
};

type Params = IDataObject | ((itemIndex: number) => IDataObject);

export interface FakeOptions {
	/** the node's parameters, the same for every item or per item */
	params?: Params;
	items?: INodeExecutionData[];
	continueOnFail?: boolean;
	credentials?: Record<string, IDataObject>;
	/** the plain httpRequest helper (pre-signed downloads) */
	httpRequest?: (options: IDataObject) => Promise<unknown>;
	/** what httpRequestWithAuthentication answers (the real PleoClient's way out) */
	httpRequestWithAuthentication?: (
		credentialType: string,
		options: IDataObject,
	) => Promise<unknown>;
}

function dig(params: IDataObject, name: string): unknown {
	let v: unknown = params;
	for (const part of name.split('.')) {
		if (!v || typeof v !== 'object') return undefined;
		v = (v as IDataObject)[part];
	}
	return v;
}

export type FakeContext = IExecuteFunctions & { getNodeParameter: jest.Mock };

/** A fake IExecuteFunctions: parameters, input items, Continue On Fail, binary helpers. */
export function fakeContext(opts: FakeOptions = {}): FakeContext {
	const items: INodeExecutionData[] = opts.items ?? [{ json: {} }];
	const paramsOf = (i: number): IDataObject =>
		typeof opts.params === 'function' ? opts.params(i) : (opts.params ?? {});
	const getNodeParameter = jest.fn((...args: unknown[]) => {
		const [name, i, fallback, options] = args as [
			string,
			number,
			unknown,
			{ extractValue?: boolean } | undefined,
		];
		let v = dig(paramsOf(i), name);
		if (v === undefined) {
			// n8n throws for an unknown parameter without a fallback
			if (args.length < 3) throw new Error(`Could not get parameter "${name}"`);
			v = fallback;
		}
		if (options?.extractValue && v && typeof v === 'object' && 'value' in (v as IDataObject)) {
			v = (v as IDataObject).value;
		}
		return v;
	});
	const binaryOf = (i: number, property: string): IBinaryData => {
		const b = items[i]?.binary?.[property];
		if (!b)
			throw new NodeOperationError(
				NODE,
				`This operation expects the node's input data to contain a binary file '${property}', but none was found [item ${i}]`,
			);
		return b;
	};
	const ctx = {
		getNode: () => NODE,
		getNodeParameter,
		getInputData: () => items,
		continueOnFail: () => opts.continueOnFail === true,
		logger: { debug: jest.fn(), info: jest.fn(), warn: jest.fn(), error: jest.fn() },
		getCredentials: async (type: string) => {
			const c = opts.credentials?.[type];
			if (!c) throw new Error(`no credentials of type ${type}`);
			return c;
		},
		helpers: {
			httpRequest: jest.fn(
				opts.httpRequest ??
					(async () => {
						throw new Error('httpRequest was not expected');
					}),
			),
			httpRequestWithAuthentication: jest.fn(async function (
				credentialType: string,
				options: IDataObject,
			) {
				if (!opts.httpRequestWithAuthentication)
					throw new Error('httpRequestWithAuthentication was not expected');
				return await opts.httpRequestWithAuthentication(credentialType, options);
			}),
			assertBinaryData: binaryOf,
			getBinaryDataBuffer: async (i: number, property: string) =>
				Buffer.from(binaryOf(i, property).data, 'base64'),
			prepareBinaryData: async (buffer: Buffer, fileName?: string, mimeType?: string) =>
				({
					data: buffer.toString('base64'),
					fileName,
					mimeType: mimeType ?? 'application/octet-stream',
					fileSize: String(buffer.length),
				}) as IBinaryData,
		},
	};
	return ctx as unknown as FakeContext;
}

/** A binary property as n8n's input items carry it. */
export function binaryFile(
	content: Buffer | string,
	fileName: string,
	mimeType: string,
): IBinaryData {
	const buffer = Buffer.isBuffer(content) ? content : Buffer.from(content);
	return { data: buffer.toString('base64'), fileName, mimeType, fileSize: String(buffer.length) };
}

/** What a route answers: a value, or a function of the request's options (qs, body, …). */
type Responder =
	((options: any) => unknown) | object | string | number | boolean | null | undefined;
export type Routes = Record<string, Responder>;

export interface Call {
	method: string;
	path: string;
	options: IDataObject;
}

async function answer(
	routes: Routes,
	calls: Call[],
	method: string,
	path: string,
	options: IDataObject,
) {
	calls.push({ method, path, options });
	const key = `${method} ${path}`;
	if (!(key in routes)) throw new Error(`unexpected request ${key}`);
	const r = routes[key];
	const value = typeof r === 'function' ? await (r as (o: IDataObject) => unknown)(options) : r;
	return value === undefined ? value : structuredClone(value);
}

const take = <T>(list: T[], limit?: number) => (limit === undefined ? list : list.slice(0, limit));

export type StubProcountor = ProcountorClient & {
	calls: Call[];
	request: jest.Mock;
	getAllPages: jest.Mock;
	uploadAttachment: jest.Mock;
	pause: jest.Mock;
};

/**
 * A ProcountorClient stand-in. `getAllPages(endpoint, qs, limit)` answers from the route
 * "GET <endpoint>" (the whole list) and applies the limit as the real pager does.
 */
export function stubProcountor(routes: Routes = {}): StubProcountor {
	const calls: Call[] = [];
	const stats = { calls: 0, retries: 0, rateLimited: 0 };
	const client = {
		calls,
		stats,
		// no call of the stub ever waits for a retry (the pool asks)
		parked: 0,
		onParkedChange: () => () => undefined,
		request: jest.fn(async (method: string, path: string, options: RequestOptions = {}) => {
			stats.calls++;
			return await answer(routes, calls, method, path, options as IDataObject);
		}),
		getAllPages: jest.fn(async (endpoint: string, qs: IDataObject = {}, limit?: number) => {
			stats.calls++;
			const all = (await answer(routes, calls, 'GET', endpoint, { qs, limit })) as unknown[];
			return take(all, limit);
		}),
		uploadAttachment: jest.fn(async (meta: IDataObject, file: Buffer, mimeType: string) => {
			stats.calls++;
			return await answer(routes, calls, 'POST', '/attachments', { meta, file, mimeType });
		}),
		// the waits between calls take no time; `pause.mock.calls` has them
		pause: jest.fn(async (_ms: number) => undefined),
	};
	return client as unknown as StubProcountor;
}

export type StubPleo = PleoClient & {
	calls: Call[];
	companyId: jest.Mock;
	request: jest.Mock;
	requestFull: jest.Mock;
	getAllPages: jest.Mock;
};

/**
 * A PleoClient stand-in: `companyId()` is the override or 'company-1'; `getAllPages` answers
 * from the route (the whole list) and applies `limit` as the real pager does.
 */
export function stubPleo(routes: Routes = {}, ctx?: IExecuteFunctions): StubPleo {
	const calls: Call[] = [];
	const client = {
		calls,
		ctx,
		companyId: jest.fn(async (override?: string) => (override ?? '').trim() || 'company-1'),
		request: jest.fn(async (method: string, path: string, options: PleoRequestOptions = {}) => {
			return await answer(routes, calls, method, path, options as IDataObject);
		}),
		requestFull: jest.fn(
			async (method: string, path: string, options: PleoRequestOptions = {}) =>
				({
					statusCode: 200,
					body: await answer(routes, calls, method, path, options as IDataObject),
					headers: {},
				}) as PleoResponse,
		),
		getAllPages: jest.fn(
			async (
				method: string,
				path: string,
				options: PleoRequestOptions & { limit?: number } = {},
			) => {
				const all = (await answer(
					routes,
					calls,
					method,
					path,
					options as IDataObject,
				)) as unknown[];
				return take(all, options.limit);
			},
		),
	};
	return client as unknown as StubPleo;
}

/** The error the Procountor client throws for an HTTP failure (Procountor's error body). */
export function procountorApiError(status: number, message: string, field?: string) {
	return procountorError({ getNode: () => NODE } as unknown as IExecuteFunctions, {
		message: `Request failed with status code ${status}`,
		response: { status, data: { errors: [{ status, field, message }] }, headers: {} },
	});
}

/** The error the Pleo transport throws for an HTTP failure (Pleo's `{type, message}` body). */
export function pleoApiErrorOf(status: number, message: string, type = 'VALIDATION') {
	return pleoApiError.call(
		{ getNode: () => NODE } as unknown as IExecuteFunctions,
		status,
		{ type, message },
		{
			method: 'GET',
			path: '/test',
		},
	);
}

/** Runs an operation as its router does. */
export async function run<Client>(
	op: { execute: OperationExecute<Client> },
	ctx: IExecuteFunctions,
	client: Client,
): Promise<INodeExecutionData[]> {
	return await op.execute.call(ctx, client, ctx.getInputData());
}

/** The input items `n` empty items (or the given JSONs). */
export function inputs(...jsons: IDataObject[]): INodeExecutionData[] {
	return jsons.map((json) => ({ json }));
}

/** The item index each output item is paired with. */
export function pairing(out: INodeExecutionData[]): unknown[] {
	return out.map((o) => o.pairedItem);
}

/** A resource locator value as the editor stores it. */
export const rl = (value: string, mode = 'id') => ({ __rl: true, mode, value });

/** A non-2xx answer for `pleoHttp` routes. */
export const status = (statusCode: number, body: unknown = {}) => ({ __status: statusCode, body });

export const PLEO_CREDENTIALS = {
	pleoApi: {
		environment: 'custom',
		baseUrl: 'http://pleo.test',
		companyId: 'company-1',
		apiKey: 'k',
	},
};

/**
 * For operations tested through the real PleoClient (Export Job, whose helpers in
 * helpers/exportJobs.ts rely on its status handling and retries, and the Procountor node's
 * operations that call Pleo): what httpRequestWithAuthentication answers, from routes
 * "METHOD /path" → body (200) or `status()`. `pleoClientOver` builds that client; `pleoContext` a
 * context for the operations that make their own.
 */
export function pleoHttp(routes: Routes, calls: Call[] = []) {
	return async (_type: string, options: IDataObject) => {
		const url = new URL(String(options.url));
		const r = await answer(routes, calls, String(options.method), url.pathname, {
			qs: options.qs,
			body: options.body,
		});
		if (r && typeof r === 'object' && '__status' in (r as IDataObject)) {
			const s = r as { __status: number; body: unknown };
			return { statusCode: s.__status, body: s.body, headers: {} };
		}
		return { statusCode: 200, body: r, headers: {} };
	};
}

/** One page of a Pleo list with no next page: how `pleoHttp` routes answer a cursor-paged read. */
export const pleoPage = (data: unknown[]) => ({
	data,
	pagination: { hasNextPage: false, endCursor: null },
});

/**
 * A context whose Pleo requests reach `pleoHttp(routes, calls)`. The Procountor node's
 * operations that call Pleo too (Import Accounts, Import Dimensions as Tags, Reconcile Exports)
 * make their own PleoClient from the context, as in n8n; with this context it runs over the routes.
 */
export function pleoContext(routes: Routes, opts: FakeOptions = {}) {
	const calls: Call[] = [];
	const ctx = fakeContext({
		...opts,
		credentials: PLEO_CREDENTIALS,
		httpRequestWithAuthentication: pleoHttp(routes, calls),
	});
	return { ctx, calls };
}

/**
 * A real PleoClient over `pleoHttp(routes, calls)`. Its waits (the retries' backoff and the pauses
 * of helpers/exportJobs.ts between job events) take no time: `slept` records them.
 */
export function pleoClientOver(routes: Routes, opts: FakeOptions = {}) {
	const { ctx, calls } = pleoContext(routes, opts);
	const slept: number[] = [];
	const client = new PleoClient(ctx, {
		sleep: async (ms) => {
			slept.push(ms);
		},
	});
	return { ctx, client, calls, slept };
}
