// A stub ProcountorClient (an in-memory ledger with hooks for faults) and a stub
// IExecuteFunctions, so that Export Expense runs in milliseconds without a build or a sandbox.
// The reference data is the Procountor sandbox's seed (docs/seed-contract.md).
import type { IDataObject, IExecuteFunctions, INode, INodeExecutionData } from 'n8n-workflow';
import {
	findTagInName,
	idempotencyTag,
	type PleoExportItem,
} from '../../../../../nodes/Procountor/core';
import type { ProcountorClient, RequestOptions } from '../../../../../nodes/Procountor/transport';
import { procountorError } from '../../../../../nodes/Procountor/transport';
import { companyInfo, defaultVats } from '../../../../../sandbox/procountor/masterdata';
import { createSeedState } from '../../../../../sandbox/procountor/seed';
import { cardItem, prepare } from '../core/fixtures';

const NODE: INode = {
	id: 'export',
	name: 'Export Expense',
	type: 'n8n-nodes-pleo-procountor.procountor',
	typeVersion: 1,
	position: [0, 0],
	parameters: {},
};

export interface Journal {
	id: number;
	name: string;
	receiptDate: string;
	status: string;
	invoiceId: number;
	receiptNumber: number;
	created: string;
	body: IDataObject;
	qs?: IDataObject;
	attachments: Array<{ id: number; name: string; referenceType: 'INVOICE'; referenceId: number }>;
}

export interface Call {
	method: string;
	path: string;
}

/** An error as the real client throws it (procountorError over an HTTP or network failure). */
export function httpError(status: number, message = `HTTP ${status}`) {
	return procountorError(stubContext().ctx, {
		message,
		response: { status, data: { errors: [{ status, message }] }, headers: {} },
	});
}

export function networkError(message = 'socket hang up') {
	return procountorError(stubContext().ctx, { message, code: 'ECONNRESET' });
}

type Hook = (call: Call & { body?: unknown }) => void | 'commitThenThrow';

/** Procountor, in memory: journals, attachments, reference data; `hooks` inject faults. */
export class FakeProcountor {
	readonly seed = createSeedState().companies[1001];
	readonly journals: Journal[] = [];
	readonly calls: Call[] = [];
	private nextId = 1000;
	/** called before a request is answered: throw to fail it, or 'commitThenThrow' (POST/upload) */
	hooks: Hook[] = [];
	/** the waits the export asked the client for (they take no time) */
	readonly paused: number[] = [];

	readonly client = {
		// no call of the fake waits for a retry (the pool asks)
		parked: 0,
		onParkedChange: () => () => undefined,
		request: async (method: string, endpoint: string, opts: RequestOptions = {}) =>
			await this.request(method, endpoint, opts),
		getAllPages: async (endpoint: string, qs: IDataObject = {}) => {
			const page = (await this.request('GET', endpoint, { qs })) as { results: unknown[] };
			return page.results;
		},
		uploadAttachment: async (meta: { name: string; referenceId: number }, file: Buffer) =>
			await this.request('POST', '/attachments', { body: { meta, size: file.length } }),
		pause: async (ms: number) => {
			this.paused.push(ms);
		},
	} as unknown as ProcountorClient;

	writes(): Call[] {
		return this.calls.filter((c) => c.method !== 'GET');
	}

	/** A journal of the same expense that "another execution" posted (lower id than ours). */
	addJournal(name: string, receiptDate: string, status = 'UNFINISHED'): Journal {
		const id = this.nextId++;
		const j: Journal = {
			id,
			name,
			receiptDate,
			status,
			invoiceId: id + 50000,
			receiptNumber: id - 999,
			created: '2026-03-15T10:00:00',
			body: {},
			attachments: [],
		};
		this.journals.push(j);
		return j;
	}

	private view(j: Journal): IDataObject {
		const { body: _b, qs: _q, ...rest } = j;
		return { ...rest, attachments: j.attachments.map((a) => ({ ...a })) };
	}

	private async request(method: string, path: string, opts: RequestOptions): Promise<unknown> {
		this.calls.push({ method, path });
		let commitThenThrow = false;
		for (const hook of this.hooks) {
			if (hook({ method, path, body: opts.body }) === 'commitThenThrow') commitThenThrow = true;
		}
		const answer = this.answer(method, path, opts);
		if (commitThenThrow) throw networkError();
		return answer;
	}

	private answer(method: string, path: string, opts: RequestOptions): unknown {
		const qs = opts.qs ?? {};
		const one = /^\/ledgerreceipts\/([\d,]+)$/.exec(path);
		const action = /^\/ledgerreceipts\/(\d+)\/(invalidate|approve)$/.exec(path);
		if (method === 'GET' && path === '/company') return companyInfo(this.seed);
		if (method === 'GET' && path === '/vats/default') return defaultVats(this.seed);
		if (method === 'GET' && path === '/dimensions') return this.seed.dimensions;
		if (method === 'GET' && path === '/fiscalyears') return { fiscalYears: this.seed.fiscalYears };
		if (method === 'GET' && path === '/currencies/exchangerate') return { rate: 11.42 };
		if (method === 'GET' && path === '/ledgerreceipts') {
			const start = String(qs.startDate);
			const end = String(qs.endDate);
			const rows = this.journals.filter((j) => j.receiptDate >= start && j.receiptDate <= end);
			return { results: rows.map((j) => this.view(j)), meta: { totalCount: rows.length } };
		}
		if (method === 'GET' && one) {
			const ids = one[1].split(',').map(Number);
			const rows = this.journals.filter((j) => ids.includes(j.id)).map((j) => this.view(j));
			return ids.length === 1 ? (rows[0] ?? {}) : { results: rows };
		}
		if (method === 'POST' && path === '/ledgerreceipts') {
			const body = opts.body as IDataObject;
			const j = this.addJournal(String(body.name), String(body.receiptDate));
			j.body = body;
			j.qs = opts.qs;
			return this.view(j);
		}
		if (method === 'PUT' && action) {
			const j = this.journals.find((x) => x.id === Number(action[1]));
			if (!j) throw httpError(404, 'not found');
			if (action[2] === 'invalidate') {
				if (j.status === 'INVALIDATED') throw httpError(409, 'already INVALIDATED');
				j.status = 'INVALIDATED';
			} else j.status = 'APPROVED';
			return this.view(j);
		}
		if (method === 'POST' && path === '/attachments') {
			const { meta } = opts.body as { meta: { name: string; referenceId: number } };
			const j = this.journals.find((x) => x.invoiceId === meta.referenceId);
			if (!j) throw httpError(404, 'no such invoice');
			j.attachments.push({
				id: this.nextId++,
				name: meta.name,
				referenceType: 'INVOICE',
				referenceId: j.invoiceId,
			});
			return { id: this.nextId };
		}
		if (method === 'GET' && path === '/attachments') {
			const rows = this.journals
				.filter((j) => qs.referenceId === undefined || j.invoiceId === Number(qs.referenceId))
				.flatMap((j) => j.attachments);
			return { results: rows, meta: { totalCount: rows.length } };
		}
		throw new Error(`stub: no route for ${method} ${path}`);
	}

	/** The journals of an expense that count (not invalidated). */
	validJournalsOf(accountingEntryId: string): Journal[] {
		const tag = idempotencyTag(accountingEntryId);
		return this.journals.filter((j) => j.status !== 'INVALIDATED' && findTagInName(j.name) === tag);
	}
}

export interface StubOptions {
	options?: IDataObject;
	continueOnFail?: boolean;
	/** receipt bytes per URL (default: a 1 kB file) */
	files?: Record<string, Buffer | Error>;
}

export function stubContext(o: StubOptions = {}) {
	const downloads: string[] = [];
	const ctx = {
		getNode: () => NODE,
		getNodeParameter: (name: string, _i: number, fallback?: unknown) =>
			name === 'options' ? (o.options ?? {}) : fallback,
		continueOnFail: () => o.continueOnFail === true,
		helpers: {
			httpRequest: async (req: { url: string }) => {
				downloads.push(req.url);
				const f = o.files?.[req.url];
				if (f instanceof Error) throw f;
				return { statusCode: 200, body: f ?? Buffer.alloc(1000, 1) };
			},
			getBinaryDataBuffer: async () => Buffer.alloc(500, 2),
		},
	} as unknown as IExecuteFunctions;
	return { ctx, downloads };
}

/** An enriched card expense (after Set Contra Accounts and Map Category), with one receipt URL. */
export function expense(n: number, overrides: Partial<PleoExportItem> = {}): INodeExecutionData {
	const id = `ae-${String(n).padStart(4, '0')}-0000-4000-8000-000000000000`;
	const item = prepare(
		cardItem({
			accountingEntryId: id,
			files: [{ url: `https://files.example/${n}.pdf`, type: 'application/pdf', size: 1000 }],
			...overrides,
		}),
	);
	return { json: item as IDataObject };
}
