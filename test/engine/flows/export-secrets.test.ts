// "No secret reaches an output or a log": run the whole export flow, including calls
// that fail (a 401 after a bad token, a Procountor 400, a Pleo 409), capture everything
// the nodes output or throw and everything written to the console, and look for the
// API keys, client secret, access tokens and the webhook signing secret.
import axios from 'axios';
import type { IDataObject } from 'n8n-workflow';
import {
	PROCOUNTOR_SEED,
	startProcountorSandbox,
	type ProcountorSandbox,
} from '../../../sandbox/procountor';
import { startPleoSandbox, type PleoSandbox } from '../../../sandbox/pleo';
import {
	createHarness,
	node,
	startTriggerHost,
	type Harness,
	type TriggerHost,
} from '../../harness';
import { exportFlowWorkflow, procountorApiKeyCredentials } from '../helpers';

let pc: ProcountorSandbox;
let pleo: PleoSandbox;
let h: Harness;
let host: TriggerHost;
const logged: string[] = [];
const spies: jest.SpyInstance[] = [];

const PC = { procountorApi: { id: '1', name: 'Procountor key' } };
const PLEO = { pleoApi: { id: '2', name: 'Pleo key' } };

const workflow = exportFlowWorkflow;

beforeAll(async () => {
	for (const level of ['log', 'info', 'warn', 'error', 'debug'] as const) {
		spies.push(
			jest
				.spyOn(console, level)
				.mockImplementation((...args: unknown[]) => void logged.push(args.map(String).join(' '))),
		);
	}
	pc = await startProcountorSandbox();
	pleo = await startPleoSandbox({ webhookRetryDelaysMs: [50, 100] });
	h = await createHarness({
		credentials: {
			procountorApi: procountorApiKeyCredentials(pc),
			pleoApi: {
				apiKey: pleo.apiKey,
				environment: 'custom',
				baseUrl: pleo.url,
				companyId: pleo.companyId,
			},
		},
	});
	host = await startTriggerHost(h);
	await host.activate(workflow(), 'Pleo Trigger');
});
afterAll(async () => {
	await host?.close();
	await pc?.close();
	await pleo?.close();
	for (const s of spies) s.mockRestore();
});

test('no API key, client secret, token or webhook secret appears in outputs, errors or logs', async () => {
	await pleo.clickExport();
	await pleo.waitForDeliveries();
	const [exportRun] = await host.waitForExecutions(1);

	// failing calls: tokens expire mid-way (401 → refetch), Procountor rejects a journal, Pleo answers 409
	pc.expireAllTokens();
	const journal = node(
		'Get',
		'procountor',
		{
			authentication: 'apiKey',
			resource: 'ledgerReceipt',
			operation: 'get',
			ledgerReceiptId: '424242',
		},
		{ credentials: PC },
	);
	const notFound = await h.run(
		{ nodes: [journal], connections: {} },
		{ input: { node: 'Get', items: [{}] } },
	);
	expect(notFound.error).toBeDefined();
	const tagGroup = node(
		'Tag Group',
		'pleo',
		{
			resource: 'tagGroup',
			operation: 'create',
			name: 'Kustannuspaikka',
			code: 'KUSTANNUSPAIKKA',
			additionalFields: {},
		},
		{ credentials: PLEO },
	);
	const conflict = await h.run(
		{ nodes: [tagGroup], connections: {} },
		{ input: { node: 'Tag Group', items: [{}] } },
	);
	expect(conflict.error).toBeDefined();
	pc.setFaults({ licenceDisabled: true });
	const licence = await h.run(
		{ nodes: [journal], connections: {} },
		{ input: { node: 'Get', items: [{}] } },
	);
	expect(licence.error).toBeDefined();
	pc.setFaults({ licenceDisabled: false });

	const stored = h.credentials.store.procountorApi as IDataObject;
	const subs = (
		await axios.get(`${pleo.url}/v1/subscriptions`, {
			params: { company_id: pleo.companyId },
			auth: { username: pleo.apiKey, password: '' },
		})
	).data.data as IDataObject[];
	const secret = (
		await axios.get(`${pleo.url}/v1/subscriptions/${subs[0].id}/secret`, {
			auth: { username: pleo.apiKey, password: '' },
		})
	).data.data.secretKey as string;
	const secrets = [
		PROCOUNTOR_SEED.clientSecret,
		PROCOUNTOR_SEED.apiKeys[1001],
		String(stored.accessToken),
		pleo.apiKey,
		Buffer.from(`${pleo.apiKey}:`).toString('base64'),
		secret,
		secret.replace(/^whsec_/, ''),
	];
	expect(String(stored.accessToken).length).toBeGreaterThan(10);

	const everything =
		JSON.stringify([exportRun.run, notFound.run, conflict.run, licence.run], (_k, v) =>
			v instanceof Error
				? {
						...v,
						message: v.message,
						description: (v as unknown as IDataObject).description,
						stack: v.stack,
					}
				: v,
		) + logged.join('\n');
	// the failures really are in what we search
	expect(everything).toContain('Procountor API access is not enabled');
	expect(everything).toContain('424242');
	expect(everything).toContain('successful');
	for (const s of secrets) expect(everything).not.toContain(s);
});
