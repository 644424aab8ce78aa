// Shared set-up for the Procountor node's operation files (test/engine/Procountor/<resource>/):
// one Procountor sandbox per file (no rate limit), reset before each test, harnesses with either
// credential type, and journals seeded through the API.
import axios from 'axios';
import type { IDataObject, INode } from 'n8n-workflow';
import { startProcountorSandbox, type ProcountorSandbox } from '../../../sandbox/procountor';
import { createHarness, node, type Harness, type RunResult } from '../../harness';
import {
	apiToken,
	procountorApiKeyCredentials,
	procountorOAuth2Credentials,
	simpleJournal,
} from './index';

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
