import { randomBytes } from 'crypto';
import * as http from 'http';
import type { AddressInfo } from 'net';

import { PleoCore } from './core';
import { fileContent, verifyFileSig } from './files';
import { paginate, parseJson, readBody, sendError, sendJson } from './http-util';
import { plantDiscrepancy, type PlantRequest } from './plant';
import { dispatch } from './routes';
import { PLEO_SEED, createSeedState } from './seed';
import type { Delivery, ExpenseType, ExportJob, PleoState } from './state';
import { PleoApiError, createPrng, iso } from './util';
import { WebhookDispatcher, signWebhook } from './webhooks';
import { RequestHold, holdRuleFrom } from '../hold';

export { PLEO_SEED, PleoApiError, signWebhook };
export { PLANT_KINDS, type PlantKind } from './plant';
export type { PlantRequest };
export { taxAmountOf, ITEM_FAILURE_REASONS, JOB_FAILURE_REASONS } from './core';
export type * from './state';

export interface PleoSandboxOptions {
	port?: number;
	host?: string;
	now?: () => number;
	clockSpeed?: number;
	webhookRetryDelaysMs?: number[];
	activeTagCapPerGroup?: number;
	generatedExpenses?: number;
	seed?: number;
	receiptFiles?: boolean;
	quiet?: boolean;
}

export interface PleoFaults {
	/** Added latency (ms) on every API and file request. */
	latencyMs: number;
	/** Share (0..1) of API calls answered 503 (seeded PRNG). */
	errorRate: number;
	/** The next N API calls get 429 with Retry-After. */
	rateLimitNext: number;
	retryAfterSeconds: number;
	/** The next N API calls get 503. */
	fail5xxNext: number;
	/** The next N job events (POST /v3/export-job-events) get 503, unapplied. */
	fail5xxEventsNext: number;
}

export interface AddExpensesOptions {
	types?: ExpenseType[];
	receiptFiles?: boolean;
}

export interface PleoSandbox {
	url: string;
	port: number;
	apiKey: string;
	companyId: string;
	faults: PleoFaults;
	setFaults(p: Partial<PleoFaults>): void;
	/** Freezes the API at a chosen request until released (../hold.ts); off unless armed. */
	hold: RequestHold;
	state: PleoState;
	clickExport(opts?: { accountingEntryIds?: string[] }): Promise<ExportJob>;
	addExpenses(n: number, opts?: AddExpensesOptions): string[];
	/** Plants a discrepancy on one expense (see plant.ts); also POST /_sandbox/expenses/<id>/plant. */
	plant(accountingEntryId: string, request: PlantRequest): void;
	advanceClock(ms: number): void;
	/** Current sandbox clock (ms), including clockSpeed and advanceClock. */
	clock(): number;
	deliveries: Delivery[];
	waitForDeliveries(): Promise<void>;
	/** Sends a webhook message again (deliveryId = webhook-id), same webhook-id, fresh signature. */
	redeliver(deliveryId: string): Promise<void>;
	/** The current job's view (expiresIn computed), or undefined. */
	getJob(id: string): ExportJob | undefined;
	reset(): void;
	close(): Promise<void>;
}

const NO_FAULTS: PleoFaults = {
	latencyMs: 0,
	errorRate: 0,
	rateLimitNext: 0,
	retryAfterSeconds: 1,
	fail5xxNext: 0,
	fail5xxEventsNext: 0,
};

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export async function startPleoSandbox(opts: PleoSandboxOptions = {}): Promise<PleoSandbox> {
	const host = opts.host ?? '127.0.0.1';
	const realNow = opts.now ?? Date.now;
	const speed = opts.clockSpeed ?? 1;
	const seed = opts.seed ?? 42;
	const quiet = opts.quiet ?? true;
	const receiptFiles = opts.receiptFiles ?? true;
	const baseReal = realNow();
	let offset = 0;
	const clock = (): number => baseReal + (realNow() - baseReal) * speed + offset;
	const log = (msg: string): void => {
		if (!quiet) console.log(`[pleo-sandbox] ${msg}`);
	};
	const fileSecret = randomBytes(32).toString('hex');
	let url = '';
	let faultRnd = createPrng(seed);

	const seedState = (): PleoState =>
		createSeedState({ generatedExpenses: opts.generatedExpenses ?? 0, seed, receiptFiles });
	const core = new PleoCore(seedState(), {
		clock,
		baseUrl: () => url,
		fileSecret,
		seed,
		receiptFiles,
	});
	core.activeTagCap = opts.activeTagCapPerGroup ?? 1000;
	const dispatcher = new WebhookDispatcher({
		retryDelaysMs: opts.webhookRetryDelaysMs ?? [1000, 5000, 30000],
		now: realNow,
		getState: () => core.state,
		log,
	});
	const faults: PleoFaults = { ...NO_FAULTS };
	const hold = new RequestHold();

	const clickExport = async (o: { accountingEntryIds?: string[] } = {}): Promise<ExportJob> => {
		const ids = o.accountingEntryIds ?? core.queuedExpenseIds();
		const rec = core.createJob(ids, true, core.state.employees[0]?.id ?? null);
		const view = core.jobView(rec);
		core.event('webhook_published', rec.job.id, { eventType: 'v1.export-job.created' });
		dispatcher.publish('v1.export-job.created', view);
		return view;
	};

	const summary = (): Record<string, unknown> => {
		core.expireJobs();
		const s = core.state;
		return {
			now: iso(clock()),
			company: s.company,
			queue: core.queuedExpenseIds(),
			expenses: [...s.expenses.values()].map((e) => ({
				id: e.id,
				type: e.type,
				note: e.note,
				exportStatus: e.exportStatus,
			})),
			jobs: [...s.jobs.values()].map((r) => ({ ...core.jobView(r), items: r.items })),
			subscriptions: [...s.subscriptions.values()].map(({ secretKey: _s, ...rest }) => rest),
			deliveries: s.deliveries,
			tagGroups: [...s.tagGroups.values()].map((g) => ({
				...g,
				tags: [...s.tags.values()].filter((t) => t.groupId === g.id),
			})),
			accounts: [...s.accounts.values()],
			taxCodes: [...s.taxCodes.values()],
			events: s.events,
			writeCount: s.writeCount,
			faults,
		};
	};

	const handleAdmin = async (
		method: string,
		path: string,
		body: unknown,
		query: URLSearchParams,
	): Promise<{ status: number; body?: unknown }> => {
		const b = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>;
		if (method === 'POST' && path === '/_sandbox/export') {
			const ids = Array.isArray(b.accountingEntryIds)
				? (b.accountingEntryIds as string[])
				: undefined;
			return { status: 201, body: { data: await clickExport({ accountingEntryIds: ids }) } };
		}
		if (method === 'GET' && path === '/_sandbox/state') return { status: 200, body: summary() };
		if (method === 'POST' && path === '/_sandbox/faults') {
			sandbox.setFaults(b as Partial<PleoFaults>);
			return { status: 200, body: { data: faults } };
		}
		if (method === 'GET' && path === '/_sandbox/faults')
			return { status: 200, body: { data: faults } };
		if (method === 'GET' && path === '/_sandbox/hold') return { status: 200, body: hold.status() };
		if (method === 'POST' && path === '/_sandbox/hold/release') {
			hold.release();
			return { status: 200, body: hold.status() };
		}
		if (method === 'POST' && path === '/_sandbox/hold') {
			try {
				void hold.arm(holdRuleFrom(b));
			} catch (e) {
				throw new PleoApiError(400, 'INVALID_REQUEST_BODY', (e as Error).message);
			}
			return { status: 200, body: hold.status() };
		}
		if (method === 'POST' && path === '/_sandbox/clock') {
			const ms = Number(b.advanceMs ?? 0);
			if (!Number.isFinite(ms))
				throw new PleoApiError(400, 'INVALID_REQUEST_BODY', 'advanceMs must be a number');
			sandbox.advanceClock(ms);
			return { status: 200, body: { data: { now: iso(clock()) } } };
		}
		if (method === 'POST' && path === '/_sandbox/expenses') {
			const count = Number(b.count ?? 1);
			if (!Number.isInteger(count) || count < 0 || count > 100000) {
				throw new PleoApiError(400, 'INVALID_REQUEST_BODY', 'count must be an integer 0..100000');
			}
			return { status: 201, body: { data: { accountingEntryIds: sandbox.addExpenses(count) } } };
		}
		if (method === 'POST' && path === '/_sandbox/reset') {
			sandbox.reset();
			return { status: 204 };
		}
		if (method === 'GET' && path === '/_sandbox/deliveries')
			return { status: 200, body: { data: core.state.deliveries } };
		const re = /^\/_sandbox\/deliveries\/([^/]+)\/redeliver$/.exec(path);
		if (method === 'POST' && re) {
			const id = decodeURIComponent(re[1]);
			if (!core.state.deliveries.some((d) => d.id === id))
				throw new PleoApiError(404, 'DELIVERY_NOT_FOUND', `delivery ${id} not found`);
			void sandbox.redeliver(id).catch(() => undefined);
			return { status: 202 };
		}
		const pl = /^\/_sandbox\/expenses\/([^/]+)\/plant$/.exec(path);
		if (method === 'POST' && pl) {
			const e = plantDiscrepancy(core, decodeURIComponent(pl[1]), b);
			return {
				status: 200,
				body: { data: { expense: e, accountingEntry: core.accountingEntry(e) } },
			};
		}
		const ex = /^\/_sandbox\/expenses\/([^/]+)$/.exec(path);
		if (method === 'GET' && ex) {
			const e = core.state.expenses.get(decodeURIComponent(ex[1]));
			if (!e) throw new PleoApiError(404, 'NOT_FOUND', 'expense not found');
			return {
				status: 200,
				body: { data: { expense: e, accountingEntry: core.accountingEntry(e) } },
			};
		}
		if (method === 'GET' && path === '/_sandbox/jobs') {
			core.expireJobs();
			return {
				status: 200,
				body: paginate(
					[...core.state.jobs.values()].map((r) => core.jobView(r)),
					query,
					100,
					1000,
				),
			};
		}
		throw new PleoApiError(404, 'NOT_FOUND', `no such sandbox endpoint: ${method} ${path}`);
	};

	const serveFile = (res: http.ServerResponse, id: string, query: URLSearchParams): void => {
		const file = core.state.files.get(id);
		const expires = Number(query.get('expires'));
		const sig = query.get('sig') ?? '';
		if (!file || !Number.isInteger(expires) || !verifyFileSig(fileSecret, id, expires, sig)) {
			throw new PleoApiError(403, 'FORBIDDEN', 'invalid or missing file signature');
		}
		if (Math.floor(clock() / 1000) > expires)
			throw new PleoApiError(403, 'FORBIDDEN', 'the file URL has expired');
		const content = fileContent(file);
		res.writeHead(200, {
			'content-type': file.mimeType,
			'content-length': String(content.length),
			'content-disposition': `inline; filename="${file.name}"`,
		});
		res.end(content);
	};

	const applyFaults = async (method: string, path: string): Promise<void> => {
		if (faults.fail5xxEventsNext > 0 && method === 'POST' && path === '/v3/export-job-events') {
			faults.fail5xxEventsNext--;
			throw new PleoApiError(503, 'SERVICE_UNAVAILABLE', 'the service is temporarily unavailable');
		}
		if (faults.rateLimitNext > 0) {
			faults.rateLimitNext--;
			throw new PleoApiError(429, 'TOO_MANY_REQUESTS', 'rate limit exceeded', {
				'retry-after': String(faults.retryAfterSeconds),
			});
		}
		if (faults.fail5xxNext > 0) {
			faults.fail5xxNext--;
			throw new PleoApiError(503, 'SERVICE_UNAVAILABLE', 'the service is temporarily unavailable');
		}
		if (faults.errorRate > 0 && faultRnd() < faults.errorRate) {
			throw new PleoApiError(
				503,
				'SERVICE_UNAVAILABLE',
				'the service is temporarily unavailable (injected)',
			);
		}
	};

	const checkAuth = (req: http.IncomingMessage): void => {
		const h = req.headers.authorization ?? '';
		const m = /^Basic\s+(\S+)$/i.exec(h);
		if (m) {
			const decoded = Buffer.from(m[1], 'base64').toString('utf8');
			if (decoded === `${core.state.apiKey}:`) return;
		}
		throw new PleoApiError(
			401,
			'UNAUTHORIZED',
			'missing or invalid API key (use HTTP Basic with the key as username and an empty password)',
		);
	};

	const handle = async (req: http.IncomingMessage, res: http.ServerResponse): Promise<void> => {
		const method = (req.method ?? 'GET').toUpperCase();
		const u = new URL(req.url ?? '/', 'http://sandbox.local');
		const path = u.pathname.replace(/\/+$/, '') || '/';
		try {
			const raw = await readBody(req);
			if (path.startsWith('/_sandbox/')) {
				const r = await handleAdmin(method, path, parseJson(raw), u.searchParams);
				sendJson(res, r.status, r.body);
				return;
			}
			if (faults.latencyMs > 0) await sleep(faults.latencyMs);
			const fm = /^\/_files\/([^/]+)$/.exec(path);
			if (fm && (method === 'GET' || method === 'HEAD')) {
				serveFile(res, decodeURIComponent(fm[1]), u.searchParams);
				return;
			}
			const gate = await hold.gate(method, path, res);
			if (gate === 'gone') return;
			await applyFaults(method, path);
			checkAuth(req);
			const body = parseJson(raw);
			const r = dispatch(core, { method, path, query: u.searchParams, body });
			if (gate === 'commit-then-hold' && !(await hold.answer(res))) return;
			sendJson(res, r.status, r.body);
		} catch (err) {
			if (err instanceof PleoApiError) {
				sendError(res, err);
			} else {
				log(`internal error: ${(err as Error).stack ?? String(err)}`);
				sendError(
					res,
					new PleoApiError(
						500,
						'INTERNAL_SERVER_ERROR',
						(err as Error).message ?? 'internal error',
					),
				);
			}
		} finally {
			log(`${method} ${req.url} → ${res.statusCode}`);
		}
	};

	const server = http.createServer((req, res) => {
		void handle(req, res);
	});
	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(opts.port ?? 0, host, () => {
			server.off('error', reject);
			resolve();
		});
	});
	const port = (server.address() as AddressInfo).port;
	url = `http://${host}:${port}`;

	const sandbox: PleoSandbox = {
		url,
		port,
		apiKey: PLEO_SEED.apiKey,
		companyId: PLEO_SEED.companyId,
		faults,
		hold,
		setFaults(p: Partial<PleoFaults>): void {
			for (const k of Object.keys(NO_FAULTS) as Array<keyof PleoFaults>) {
				const v = p[k];
				if (v !== undefined) {
					if (typeof v !== 'number' || !Number.isFinite(v) || v < 0)
						throw new PleoApiError(400, 'INVALID_REQUEST_BODY', `${k} must be a number >= 0`);
					faults[k] = v;
				}
			}
		},
		get state(): PleoState {
			return core.state;
		},
		get deliveries(): Delivery[] {
			return core.state.deliveries;
		},
		clickExport,
		addExpenses(n: number, o?: AddExpensesOptions): string[] {
			return core.addExpenses(n, o);
		},
		plant(accountingEntryId: string, request: PlantRequest): void {
			plantDiscrepancy(core, accountingEntryId, request);
		},
		advanceClock(ms: number): void {
			offset += ms;
		},
		clock,
		waitForDeliveries: () => dispatcher.waitForIdle(),
		redeliver: (id: string) => dispatcher.redeliver(id),
		getJob(id: string): ExportJob | undefined {
			core.expireJobs();
			const r = core.state.jobs.get(id);
			return r ? core.jobView(r) : undefined;
		},
		reset(): void {
			dispatcher.clear();
			core.state = seedState();
			Object.assign(faults, NO_FAULTS);
			hold.release();
			faultRnd = createPrng(seed);
		},
		async close(): Promise<void> {
			dispatcher.close();
			await new Promise<void>((resolve) => {
				server.close(() => resolve());
				server.closeAllConnections();
				hold.release();
			});
		},
	};
	log(`listening on ${url}`);
	return sandbox;
}
