// Shared set-up for engine tests: sandboxes on random loopback ports and credentials pointing at them.
import axios from 'axios';
import type { ICredentialDataDecryptedObject, INode } from 'n8n-workflow';
import { chain, node, type WorkflowJson } from '../../harness';
import { PROCOUNTOR_SEED, type ProcountorSandbox } from '../../../sandbox/procountor';

export function procountorApiKeyCredentials(
	sb: ProcountorSandbox,
	companyId = 1001,
): ICredentialDataDecryptedObject {
	return {
		environment: 'custom',
		baseUrl: sb.url,
		clientId: PROCOUNTOR_SEED.clientId,
		clientSecret: PROCOUNTOR_SEED.clientSecret,
		apiKey: PROCOUNTOR_SEED.apiKeys[companyId],
	};
}

/**
 * Runs Procountor's authorization-code flow against the sandbox the way a browser
 * would (login form → redirect with code → token exchange) and returns the OAuth2
 * credential data n8n would hold after "Connect".
 */
export async function procountorOAuth2Credentials(
	sb: ProcountorSandbox,
	companyId = 1001,
): Promise<ICredentialDataDecryptedObject> {
	const redirectUri = 'http://127.0.0.1:5678/rest/oauth2-credential/callback';
	const state = 'state-123';
	const form = new URLSearchParams({
		response_type: 'code',
		client_id: PROCOUNTOR_SEED.clientId,
		redirect_uri: redirectUri,
		state,
		username: PROCOUNTOR_SEED.username,
		password: PROCOUNTOR_SEED.password,
		company: String(companyId),
	});
	const login = await axios.post(`${sb.url}/login`, form.toString(), {
		headers: { 'content-type': 'application/x-www-form-urlencoded' },
		maxRedirects: 0,
		validateStatus: (s) => s === 302,
	});
	const location = new URL(String(login.headers.location));
	expect(location.searchParams.get('state')).toBe(state);
	const token = await axios.post(
		`${sb.url}/api/oauth/token`,
		new URLSearchParams({
			grant_type: 'authorization_code',
			code: String(location.searchParams.get('code')),
			redirect_uri: redirectUri,
			client_id: PROCOUNTOR_SEED.clientId,
			client_secret: PROCOUNTOR_SEED.clientSecret,
		}).toString(),
		{ headers: { 'content-type': 'application/x-www-form-urlencoded' } },
	);
	return {
		environment: 'custom',
		baseUrl: sb.url,
		clientId: PROCOUNTOR_SEED.clientId,
		clientSecret: PROCOUNTOR_SEED.clientSecret,
		oauthTokenData: token.data,
	};
}

/** A valid, balanced journal body for seeding receipts through the API. */
export function simpleJournal(n: number, receiptDate = '2026-03-14') {
	return {
		type: 'JOURNAL',
		name: `Seeded journal ${n}`,
		receiptDate,
		vatType: 'PURCHASE',
		vatStatus: 12,
		transactions: [
			{
				transactionType: 'ENTRY',
				account: '6800',
				accountingValue: 10,
				vatPercent: 0,
				vatStatus: 12,
			},
			{
				transactionType: 'ENTRY',
				account: '1940',
				accountingValue: -10,
				vatPercent: 0,
				vatStatus: 12,
			},
		],
	};
}

export async function apiToken(sb: ProcountorSandbox, companyId = 1001): Promise<string> {
	const r = await axios.post(
		`${sb.url}/api/oauth/token`,
		new URLSearchParams({
			grant_type: 'client_credentials',
			client_id: PROCOUNTOR_SEED.clientId,
			client_secret: PROCOUNTOR_SEED.clientSecret,
			api_key: PROCOUNTOR_SEED.apiKeys[companyId],
		}).toString(),
		{ headers: { 'content-type': 'application/x-www-form-urlencoded' } },
	);
	return r.data.access_token as string;
}

/** Credential references of the engine tests' nodes (the harness holds the data under these types). */
export const PC_CREDENTIALS = { procountorApi: { id: '1', name: 'Procountor key' } };
export const PLEO_CREDENTIALS = { pleoApi: { id: '2', name: 'Pleo key' } };

/** A resource locator parameter (a ledger account, …) set by ID, as the editor stores it. */
export const rl = (value: string) => ({ __rl: true, mode: 'id', value });

/**
 * The export flow as a user builds it: Pleo Trigger (start job) → Set Contra Accounts (1940 /
 * 2940 / 1910) → Map Category (Pleo codes) → Export Expense → Report Results → Complete Job.
 */
export function exportFlowWorkflow(): WorkflowJson {
	const base = { authentication: 'apiKey', resource: 'pleoExport' };
	const PC = PC_CREDENTIALS;
	const PLEO = PLEO_CREDENTIALS;
	const nodes: INode[] = [
		node(
			'Pleo Trigger',
			'pleoTrigger',
			{ events: ['v1.export-job.created'], startJob: true },
			{ credentials: PLEO },
		),
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
			{ credentials: PC },
		),
		node(
			'Map Category',
			'procountor',
			{ ...base, operation: 'mapCategory', unmappedPolicy: 'usePleoCode' },
			{ credentials: PC },
		),
		node(
			'Export Expense',
			'procountor',
			{ ...base, operation: 'exportExpense', options: {} },
			{ credentials: PC },
		),
		node(
			'Report Results',
			'pleo',
			{ resource: 'exportItem', operation: 'reportResults' },
			{ credentials: PLEO },
		),
		node(
			'Complete Job',
			'pleo',
			{ resource: 'exportJob', operation: 'complete', outcome: 'auto' },
			{ credentials: PLEO },
		),
	];
	return {
		nodes,
		connections: chain(
			'Pleo Trigger',
			'Set Contra Accounts',
			'Map Category',
			'Export Expense',
			'Report Results',
			'Complete Job',
		),
	};
}
