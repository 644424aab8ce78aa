// The bench process's side of bench/sandboxes.ts: starts that child process and talks to both
// sandboxes over HTTP only (their APIs and their /_sandbox/* admin endpoints), so no sandbox code
// or state lives in the process whose memory is measured.
import { spawn, type ChildProcess } from 'child_process';
import { readFileSync } from 'fs';
import * as path from 'path';
import type { IDataObject } from 'n8n-workflow';
import type { SandboxesOptions, SandboxesReady } from './sandboxes';

export interface RequestLogEntry {
	method: string;
	path: string;
	status: number;
	clientId?: string;
	at: number;
}

export interface RemoteSandboxes extends SandboxesReady {
	/** Procountor's request log (API calls only, admin calls are not logged) */
	procountorRequests(): Promise<RequestLogEntry[]>;
	setProcountorFaults(faults: IDataObject): Promise<void>;
	/** GET /_sandbox/state of the Procountor sandbox */
	procountorState(): Promise<{
		companies: Record<
			string,
			{ journals: Array<{ name: string; status: string; attachments: string[] }> }
		>;
	}>;
	/** GET /_sandbox/state of the Pleo sandbox */
	pleoState(): Promise<
		IDataObject & { writeCount: number; tagGroups: Array<IDataObject & { tags: IDataObject[] }> }
	>;
	/** POST /_sandbox/expenses: n generated expenses with one receipt each; their accounting entry ids */
	addPleoExpenses(n: number): Promise<string[]>;
	/** POST /_sandbox/export: the bookkeeper clicks Export for these entries; the job */
	clickPleoExport(accountingEntryIds: string[]): Promise<IDataObject & { id: string }>;
	/** resident set size of the sandbox process in bytes (Linux /proc), or undefined */
	rss(): number | undefined;
	close(): Promise<void>;
}

async function http<T>(
	method: string,
	url: string,
	body?: unknown,
	headers: Record<string, string> = {},
): Promise<T> {
	const res = await fetch(url, {
		method,
		headers: { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
		body: body !== undefined ? JSON.stringify(body) : undefined,
	});
	const text = await res.text();
	if (res.status >= 300) throw new Error(`${method} ${url}: ${res.status} ${text.slice(0, 500)}`);
	return (text ? JSON.parse(text) : undefined) as T;
}

function sandboxCommand(): string[] {
	// compiled (scripts/bench.js) → sandboxes.js beside this file; under ts-node → sandboxes.ts
	if (__filename.endsWith('.ts'))
		return ['-r', 'ts-node/register/transpile-only', path.join(__dirname, 'sandboxes.ts')];
	return [path.join(__dirname, 'sandboxes.js')];
}

export async function startRemoteSandboxes(o: SandboxesOptions): Promise<RemoteSandboxes> {
	const child: ChildProcess = spawn(process.execPath, [...sandboxCommand(), JSON.stringify(o)], {
		stdio: ['pipe', 'pipe', 'pipe'],
		env: { ...process.env, TS_NODE_PROJECT: process.env.TS_NODE_PROJECT ?? 'tsconfig.dev.json' },
	});
	let err = '';
	child.stderr?.on('data', (d) => (err += d));
	const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
	const ready = await new Promise<SandboxesReady>((resolve, reject) => {
		let out = '';
		const onData = (d: Buffer) => {
			out += d.toString('utf8');
			const line = out.split('\n').find((l) => l.startsWith('SANDBOXES_READY '));
			if (line) {
				child.stdout?.off('data', onData);
				resolve(JSON.parse(line.slice('SANDBOXES_READY '.length)) as SandboxesReady);
			}
		};
		child.stdout?.on('data', onData);
		child.once('exit', (code) =>
			reject(new Error(`sandbox process exited (${code}) before it was ready:\n${err}`)),
		);
	});
	child.stdout?.resume();
	return {
		...ready,
		procountorRequests: () =>
			http<RequestLogEntry[]>('GET', `${ready.procountorUrl}/_sandbox/requests`),
		setProcountorFaults: async (faults) => {
			await http('POST', `${ready.procountorUrl}/_sandbox/faults`, faults);
		},
		procountorState: () => http('GET', `${ready.procountorUrl}/_sandbox/state`),
		pleoState: () => http('GET', `${ready.pleoUrl}/_sandbox/state`),
		addPleoExpenses: async (n) => {
			const r = await http<{ data: { accountingEntryIds: string[] } }>(
				'POST',
				`${ready.pleoUrl}/_sandbox/expenses`,
				{ count: n },
			);
			return r.data.accountingEntryIds;
		},
		clickPleoExport: async (accountingEntryIds) => {
			const r = await http<{ data: IDataObject & { id: string } }>(
				'POST',
				`${ready.pleoUrl}/_sandbox/export`,
				{ accountingEntryIds },
			);
			return r.data;
		},
		rss: () => {
			try {
				const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${ready.pid}/status`, 'utf8'));
				return m ? Number(m[1]) * 1024 : undefined;
			} catch {
				return undefined;
			}
		},
		close: async () => {
			child.stdin?.end();
			await exited;
		},
	};
}
