// Shared set-up for the Procountor node's operation files (test/engine/Procountor/<resource>/):
// one Procountor sandbox per file (no rate limit), reset before each test, harnesses with either
// credential type, and journals seeded through the API. The Pleo Export set-up operations
// (test/engine/Procountor/pleoExport/) have a Pleo sandbox beside it: usePleoExportEngine().
import axios from 'axios';
import type { IDataObject, INode, INodeExecutionData } from 'n8n-workflow';
import { startPleoSandbox, type PleoSandbox } from '../../../sandbox/pleo';
import { startProcountorSandbox, type ProcountorSandbox } from '../../../sandbox/procountor';
import { createHarness, node, type Harness, type RunResult } from '../../harness';
import {
	apiToken,
	PC_CREDENTIALS,
	PLEO_CREDENTIALS,
	procountorApiKeyCredentials,
	procountorOAuth2Credentials,
	simpleJournal,
} from './index';
import { pleoCredentials } from './pleo';

export type ProcountorAuth = 'apiKey' | 'oAuth2';

export interface ProcountorEngine {
	sb: ProcountorSandbox;
	/** a fresh harness with the API-key credential, made before each test */
	h: Harness;
	/** A harness with the API-key credential or an OAuth2 credential that has just connected. */
	harnessFor(auth: ProcountorAuth): Promise<Harness>;
	/** Runs one Procountor node (named "Procountor") on one empty item, in `h` (default: this test's). */
	runOne(parameters: IDataObject, auth?: ProcountorAuth, h?: Harness): Promise<RunResult>;
	/** Posts `count` balanced journals through the API; returns them (id, invoiceId, …). */
	seedJournals(count: number): Promise<IDataObject[]>;
}

/** A Procountor node with the credential of `auth`. */
export function procountorNode(
	parameters: IDataObject,
	auth: ProcountorAuth = 'apiKey',
	extra: Partial<INode> = {},
): INode {
	return node(
		'Procountor',
		'procountor',
		{ authentication: auth, ...parameters },
		{
			credentials:
				auth === 'apiKey'
					? { procountorApi: { id: '1', name: 'Procountor key' } }
					: { procountorOAuth2Api: { id: '2', name: 'Procountor OAuth2' } },
			...extra,
		},
	);
}

/**
 * The set-up of a Procountor operation's engine file: the sandbox is started once per file and
 * reset before each test, and `h` is a fresh API-key harness for each test. Call it at the top of
 * the file; read the fields inside the tests.
 */
export function useProcountorEngine(): ProcountorEngine {
	const env = {
		async harnessFor(auth: ProcountorAuth) {
			return await createHarness({
				credentials:
					auth === 'apiKey'
						? { procountorApi: procountorApiKeyCredentials(env.sb) }
						: { procountorOAuth2Api: await procountorOAuth2Credentials(env.sb) },
			});
		},
		async runOne(parameters: IDataObject, auth: ProcountorAuth = 'apiKey', h: Harness = env.h) {
			const n = procountorNode(parameters, auth);
			return await h.run({ nodes: [n], connections: {} }, { input: { node: n.name, items: [{}] } });
		},
		async seedJournals(count: number) {
			const token = await apiToken(env.sb);
			const journals: IDataObject[] = [];
			for (let n = 0; n < count; n++) {
				const r = await axios.post(`${env.sb.apiUrl}/ledgerreceipts`, simpleJournal(n), {
					headers: { Authorization: `Bearer ${token}` },
				});
				journals.push(r.data as IDataObject);
			}
			return journals;
		},
	} as ProcountorEngine;
	beforeAll(async () => {
		env.sb = await startProcountorSandbox({ rateLimitPerSecond: 0 });
	});
	afterAll(async () => env.sb.close());
	beforeEach(async () => {
		env.sb.reset();
		env.h = await env.harnessFor('apiKey');
	});
	return env;
}

export interface PleoExportEngine {
	/** the Procountor sandbox (the books) */
	sb: ProcountorSandbox;
	/** the Pleo sandbox (tag groups, accounts, tax codes, the seeded export job) */
	pleo: PleoSandbox;
	/** a fresh harness with the Procountor API-key and the Pleo credential, made before each test */
	h: Harness;
	/** The export items of the Pleo sandbox's seeded export job, read once per file. */
	exportItems: IDataObject[];
	/** A copy of the seeded export item with this note. */
	byNote(note: string): IDataObject;
	/** Runs one Procountor node (named "Procountor") of resource Pleo Export on the input items. */
	run(parameters: IDataObject, input?: IDataObject[]): Promise<RunResult>;
	/** How many GETs of this path (e.g. /api/coa) the Procountor sandbox had in this test. */
	getsOf(path: string): number;
}

/** What Set Contra Accounts and Map Category added to an output item (`json.procountor`). */
export const procountorOf = (item: INodeExecutionData) => item.json.procountor as IDataObject;

/** An export item as it leaves an earlier step (`step`) that failed it: it must pass untouched. */
export function failedEarlier(item: IDataObject, step: string): IDataObject {
	return {
		...item,
		procountor: {
			failure: { failureReasonType: 'validation_failure', failureReason: 'earlier', step },
		},
	};
}

/**
 * The set-up of a Pleo Export operation's engine file (Set Contra Accounts, Map Category, Import
 * Dimensions as Tags, Import Accounts to Pleo): a Procountor sandbox (no rate limit) and a Pleo
 * sandbox, started once per file, whose seeded export job's items are read once; before each test
 * both sandboxes are reset and `h` is a fresh harness with both credentials. Call it at the top of
 * the file; read the fields inside the tests.
 */
export function usePleoExportEngine(): PleoExportEngine {
	const env = {
		byNote(note: string) {
			const found = env.exportItems.find((i) => i.note === note);
			if (!found) throw new Error(`no export item '${note}'`);
			return structuredClone(found);
		},
		async run(parameters: IDataObject, input: IDataObject[] = [{}]) {
			const n = procountorNode({ resource: 'pleoExport', ...parameters }, 'apiKey', {
				credentials: { ...PC_CREDENTIALS, ...PLEO_CREDENTIALS },
			});
			return await env.h.run(
				{ nodes: [n], connections: {} },
				{ input: { node: n.name, items: input } },
			);
		},
		getsOf(path: string) {
			return env.sb.requests.filter((r) => r.method === 'GET' && r.path === path).length;
		},
	} as PleoExportEngine;
	beforeAll(async () => {
		env.sb = await startProcountorSandbox({ rateLimitPerSecond: 0 });
		env.pleo = await startPleoSandbox();
		const job = await env.pleo.clickExport();
		const r = await axios.get(`${env.pleo.url}/v3/export-items`, {
			params: { job_id: job.id, company_id: env.pleo.companyId, limit: 100 },
			auth: { username: env.pleo.apiKey, password: '' },
		});
		env.exportItems = r.data.data as IDataObject[];
	});
	afterAll(async () => {
		await env.sb.close();
		await env.pleo.close();
	});
	beforeEach(async () => {
		env.sb.reset();
		env.pleo.reset();
		env.h = await createHarness({
			credentials: {
				procountorApi: procountorApiKeyCredentials(env.sb),
				pleoApi: pleoCredentials(env.pleo),
			},
		});
	});
	return env;
}
