// Shared bench helpers: a tiny Pleo API client, a peak-RSS sampler, request-log statistics and
// the Set Contra Accounts → Map Category → Export Expense workflow.
import type { IDataObject, INode } from 'n8n-workflow';
import { chain, node, type WorkflowJson } from '../test/harness';
import type { RequestLogEntry } from './remote';

/** where a Pleo sandbox answers and its API key */
export interface PleoEndpoint {
	url: string;
	apiKey: string;
}

export async function pleoGet<T = IDataObject>(pleo: PleoEndpoint, path: string): Promise<T> {
	const res = await fetch(`${pleo.url}${path}`, {
		headers: { authorization: `Basic ${Buffer.from(`${pleo.apiKey}:`).toString('base64')}` },
	});
	if (res.status !== 200) throw new Error(`GET ${path}: ${res.status} ${await res.text()}`);
	return (await res.json()) as T;
}

/** Every export item of a job (cursor pagination), each with its jobId like the trigger adds. */
export async function exportItemsOf(pleo: PleoEndpoint, jobId: string): Promise<IDataObject[]> {
	const out: IDataObject[] = [];
	let after: string | null = null;
	for (;;) {
		const q: string = `/v3/export-items?job_id=${jobId}${after ? `&after=${after}` : ''}`;
		const page = await pleoGet<{
			data: IDataObject[];
			pagination?: { hasNextPage?: boolean; endCursor?: string };
		}>(pleo, q);
		out.push(...page.data.map((i) => ({ ...i, jobId })));
		if (!page.pagination?.hasNextPage || !page.pagination.endCursor) break;
		after = page.pagination.endCursor;
	}
	return out;
}

/** Samples process RSS every `everyMs` and keeps the peak (and the peaks of V8's heap and of Buffers). */
export function rssSampler(everyMs = 50) {
	const peak = { rss: 0, heapUsed: 0, heapTotal: 0, external: 0, arrayBuffers: 0 };
	const sample = () => {
		const m = process.memoryUsage();
		peak.rss = Math.max(peak.rss, m.rss);
		peak.heapUsed = Math.max(peak.heapUsed, m.heapUsed);
		peak.heapTotal = Math.max(peak.heapTotal, m.heapTotal);
		peak.external = Math.max(peak.external, m.external);
		peak.arrayBuffers = Math.max(peak.arrayBuffers, m.arrayBuffers);
	};
	sample();
	const t = setInterval(sample, everyMs);
	t.unref();
	return {
		stop(): number {
			clearInterval(t);
			sample();
			return peak.rss;
		},
		peak,
	};
}

export interface CallStats {
	calls: number;
	tokenCalls: number;
	rateLimited: number;
	writes: number;
	/** achieved API requests per second between the first and the last request */
	requestsPerSecond: number;
	spanMs: number;
}

export function callStats(log: RequestLogEntry[]): CallStats {
	const calls = log.length;
	const at = log.map((r) => r.at);
	const spanMs = calls > 1 ? Math.max(...at) - Math.min(...at) : 0;
	return {
		calls,
		tokenCalls: log.filter((r) => r.path.includes('/oauth/')).length,
		rateLimited: log.filter((r) => r.status === 429).length,
		writes: log.filter((r) => r.method !== 'GET' && !r.path.includes('/oauth/')).length,
		requestsPerSecond: spanMs > 0 ? ((calls - 1) * 1000) / spanMs : 0,
		spanMs,
	};
}

const CREDS = { procountorApi: { id: '1', name: 'Procountor key' } };
const rl = (value: string) => ({ __rl: true, mode: 'id', value });

/** The export chain as three Procountor nodes, the way a user builds it. */
export function exportWorkflow(
	exportOptions: IDataObject = {},
	nodeExtra: Partial<INode> = {},
): WorkflowJson {
	const base = { authentication: 'apiKey', resource: 'pleoExport' };
	const nodes = [
		node(
			'Set Contra Accounts',
			'procountor',
			{
				...base,
				operation: 'setContraAccounts',
				cardAccount: rl('1940'),
				outOfPocketAccount: rl('2940'),
				reimbursementAccount: rl('1910'),
			},
			{ credentials: CREDS, ...nodeExtra },
		),
		node(
			'Map Category',
			'procountor',
			{ ...base, operation: 'mapCategory', unmappedPolicy: 'usePleoCode' },
			{
				credentials: CREDS,
				...nodeExtra,
			},
		),
		node(
			'Export Expense',
			'procountor',
			{ ...base, operation: 'exportExpense', options: exportOptions },
			{
				credentials: CREDS,
				...nodeExtra,
			},
		),
	];
	return { nodes, connections: chain('Set Contra Accounts', 'Map Category', 'Export Expense') };
}

export const mb = (bytes: number) => Math.round((bytes / 1024 / 1024) * 10) / 10;
