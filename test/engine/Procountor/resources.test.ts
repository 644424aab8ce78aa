// The Procountor node's read side, run inside n8n-core's WorkflowExecute against the
// Procountor sandbox, with both credential types.
import axios from 'axios';
import type { IDataObject } from 'n8n-workflow';
import { startProcountorSandbox, type ProcountorSandbox } from '../../../sandbox/procountor';
import { createHarness, node, type Harness } from '../../harness';
import {
	apiToken,
	procountorApiKeyCredentials,
	procountorOAuth2Credentials,
	simpleJournal,
} from '../helpers';

let sb: ProcountorSandbox;

beforeAll(async () => {
	sb = await startProcountorSandbox({ rateLimitPerSecond: 0 });
});
afterAll(async () => sb.close());
beforeEach(() => sb.reset());

async function harnessFor(auth: 'apiKey' | 'oAuth2'): Promise<Harness> {
	return await createHarness({
		credentials:
			auth === 'apiKey'
				? { procountorApi: procountorApiKeyCredentials(sb) }
				: { procountorOAuth2Api: await procountorOAuth2Credentials(sb) },
	});
}

function procountor(parameters: IDataObject, auth: 'apiKey' | 'oAuth2' = 'apiKey', extra = {}) {
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

async function runOne(
	h: Harness,
	parameters: IDataObject,
	auth: 'apiKey' | 'oAuth2' = 'apiKey',
	input?: Array<IDataObject>,
) {
	const n = procountor(parameters, auth);
	return await h.run(
		{ nodes: [n], connections: {} },
		{ input: { node: n.name, items: input ?? [{}] } },
	);
}

describe.each(['apiKey', 'oAuth2'] as const)('with the %s credential', (auth) => {
	test('Company › Get returns the connected company, and keeps working after the tokens expire', async () => {
		const h = await harnessFor(auth);
		const first = await runOne(h, { resource: 'company', operation: 'get' }, auth);
		expect(first.error).toBeUndefined();
		expect(first.json('Procountor')[0]).toMatchObject({
			id: 1001,
			name: 'Pleo Demo Oy',
			companyCurrency: 'EUR',
		});

		sb.expireAllTokens();
		const second = await runOne(h, { resource: 'company', operation: 'get' }, auth);
		expect(second.error).toBeUndefined();
		expect(second.json('Procountor')[0]).toMatchObject({ id: 1001 });
		if (auth === 'apiKey') {
			// one token for the first run, a new one after the 401
			expect(h.credentials.events.preAuthentications).toBe(2);
		} else {
			expect(h.credentials.events.oauthTokenUpdates).toBe(1);
			const stored = h.credentials.store.procountorOAuth2Api.oauthTokenData as IDataObject;
			expect(stored.access_token).toBeTruthy();
		}
		const unauthorized = sb.requests.filter((r) => r.status === 401);
		expect(unauthorized).toHaveLength(1);
	});

	test('Ledger Account › Get Many filters inactive accounts and applies the limit', async () => {
		const h = await harnessFor(auth);
		const all = await runOne(
			h,
			{ resource: 'ledgerAccount', operation: 'getAll', activeOnly: true, returnAll: true },
			auth,
		);
		const codes = all.json('Procountor').map((a) => a.ledgerAccountCode);
		expect(codes).toEqual(expect.arrayContaining(['1940', '2940', '7600']));
		expect(codes).not.toContain('7999');
		const withInactive = await runOne(
			h,
			{ resource: 'ledgerAccount', operation: 'getAll', activeOnly: false, returnAll: true },
			auth,
		);
		expect(withInactive.json('Procountor').map((a) => a.ledgerAccountCode)).toContain('7999');
		const limited = await runOne(
			h,
			{
				resource: 'ledgerAccount',
				operation: 'getAll',
				activeOnly: true,
				returnAll: false,
				limit: 3,
			},
			auth,
		);
		expect(limited.json('Procountor')).toHaveLength(3);
		expect(
			limited.items('Procountor').every((i) => (i.pairedItem as unknown as IDataObject).item === 0),
		).toBe(true);
	});
});

describe('Procountor node (API key)', () => {
	let h: Harness;
	beforeEach(async () => {
		h = await harnessFor('apiKey');
	});

	test('VAT › Get Defaults and Get Country Rates', async () => {
		const d = await runOne(h, { resource: 'vat', operation: 'getDefaults' });
		const defaults = d.json('Procountor')[0] as IDataObject;
		expect(JSON.stringify(defaults)).toContain('25.5');
		const c = await runOne(h, { resource: 'vat', operation: 'getCountryRates', countryCode: 'fi' });
		expect(c.json('Procountor')[0]).toMatchObject({ countryCode: 'FI' });
		expect((c.json('Procountor')[0].vatPercentages as number[]).sort()).toEqual(
			[0, 10, 13.5, 14, 25.5].sort(),
		);
	});

	test('VAT › Get Country Rates rejects a bad country code before calling Procountor', async () => {
		const before = sb.requests.length;
		const r = await runOne(h, {
			resource: 'vat',
			operation: 'getCountryRates',
			countryCode: 'Finland',
		});
		expect(r.error?.message).toMatch(/not a two-letter country code/);
		expect(sb.requests.filter((x) => x.path.includes('/vats')).length).toBe(0);
		expect(sb.requests.length).toBeGreaterThanOrEqual(before);
	});

	test('Dimension › Get Many, Get and Create Item', async () => {
		const all = await runOne(h, {
			resource: 'dimension',
			operation: 'getAll',
			name: '',
			includeInactive: false,
		});
		const names = all.json('Procountor').map((d) => d.name);
		expect(names).toEqual(['Kustannuspaikka', 'Projekti']);
		const cc = all.json('Procountor')[0].items as IDataObject[];
		expect(cc.map((i) => i.codeName)).not.toContain('900');

		const one = await runOne(h, {
			resource: 'dimension',
			operation: 'get',
			dimensionId: { __rl: true, mode: 'id', value: '202' },
		});
		expect(one.json('Procountor')[0]).toMatchObject({ id: 202, name: 'Projekti' });

		const created = await runOne(h, {
			resource: 'dimension',
			operation: 'createItem',
			dimensionId: { __rl: true, mode: 'list', value: '201' },
			codeName: '500',
			additionalFields: { description: 'Asiakaspalvelu' },
		});
		expect(created.error).toBeUndefined();
		expect(
			sb.state.companies[1001].dimensions.find((d) => d.id === 201)!.items.map((i) => i.codeName),
		).toContain('500');

		const duplicate = await runOne(h, {
			resource: 'dimension',
			operation: 'createItem',
			dimensionId: { __rl: true, mode: 'list', value: '201' },
			codeName: '500',
			additionalFields: {},
		});
		expect(duplicate.error?.message).toMatch(/^Procountor: /);
	});

	test('Dimension › Get of an unknown dimension is a clear 404', async () => {
		const r = await runOne(h, {
			resource: 'dimension',
			operation: 'get',
			dimensionId: { __rl: true, mode: 'id', value: '999' },
		});
		expect(r.error).toBeDefined();
		expect((r.error as unknown as IDataObject).httpCode).toBe('404');
	});

	test('Fiscal Year › Get Many, open only', async () => {
		const all = await runOne(h, { resource: 'fiscalYear', operation: 'getAll', openOnly: false });
		expect(all.json('Procountor').length).toBeGreaterThanOrEqual(2);
		const open = await runOne(h, { resource: 'fiscalYear', operation: 'getAll', openOnly: true });
		expect(open.json('Procountor').every((y) => y.isOpen === true)).toBe(true);
		expect(open.json('Procountor').length).toBeLessThan(all.json('Procountor').length);
	});

	test('Ledger Receipt › Get Many pages through more than 200 receipts; Get by one and several IDs', async () => {
		const token = await apiToken(sb);
		const ids: number[] = [];
		for (let n = 0; n < 230; n++) {
			const r = await axios.post(`${sb.apiUrl}/ledgerreceipts`, simpleJournal(n), {
				headers: { Authorization: `Bearer ${token}` },
			});
			ids.push(r.data.id);
		}
		const all = await runOne(h, {
			resource: 'ledgerReceipt',
			operation: 'getAll',
			returnAll: true,
			filters: { types: ['JOURNAL'] },
		});
		expect(all.json('Procountor')).toHaveLength(230);
		const pages = sb.requests.filter(
			(r) => r.method === 'GET' && r.path.startsWith('/api/ledgerreceipts'),
		);
		expect(pages).toHaveLength(2);

		const limited = await runOne(h, {
			resource: 'ledgerReceipt',
			operation: 'getAll',
			returnAll: false,
			limit: 7,
			filters: { startDate: '2026-03-01T00:00:00', endDate: '2026-03-31T00:00:00' },
		});
		expect(limited.json('Procountor')).toHaveLength(7);

		const one = await runOne(h, {
			resource: 'ledgerReceipt',
			operation: 'get',
			ledgerReceiptId: String(ids[0]),
		});
		expect(one.json('Procountor')[0]).toMatchObject({ id: ids[0], type: 'JOURNAL' });
		expect(one.json('Procountor')[0].invoiceId).toBeDefined();
		const several = await runOne(h, {
			resource: 'ledgerReceipt',
			operation: 'get',
			ledgerReceiptId: `${ids[1]}, ${ids[2]}`,
		});
		expect(several.json('Procountor').map((r) => r.id)).toEqual([ids[1], ids[2]]);

		const bad = await runOne(h, {
			resource: 'ledgerReceipt',
			operation: 'get',
			ledgerReceiptId: 'abc',
		});
		expect(bad.error?.message).toMatch(/not a ledger receipt ID/);
	}, 60000);

	test('Attachment › Upload attaches a binary file to the journal invoice; a file without extension is refused', async () => {
		const token = await apiToken(sb);
		const journal = (
			await axios.post(`${sb.apiUrl}/ledgerreceipts`, simpleJournal(1), {
				headers: { Authorization: `Bearer ${token}` },
			})
		).data;
		const pdf = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
		const item = {
			json: {},
			binary: {
				data: { data: pdf.toString('base64'), mimeType: 'application/pdf', fileName: 'kuitti.pdf' },
			},
		};
		const n = procountor({
			resource: 'attachment',
			operation: 'upload',
			ledgerReceiptId: String(journal.id),
			binaryPropertyName: 'data',
			options: {},
		});
		const r = await h.run(
			{ nodes: [n], connections: {} },
			{ input: { node: n.name, items: [item] } },
		);
		expect(r.error).toBeUndefined();
		expect(r.json('Procountor')[0]).toMatchObject({
			name: 'kuitti.pdf',
			referenceType: 'INVOICE',
			referenceId: journal.invoiceId,
		});
		const stored = sb.state.companies[1001].ledgerReceipts.find((x) => x.id === journal.id)!;
		expect(stored.attachments.map((a) => a.name)).toEqual(['kuitti.pdf']);

		const noExt = {
			json: {},
			binary: {
				data: { data: pdf.toString('base64'), mimeType: 'application/pdf', fileName: 'kuitti' },
			},
		};
		const bad = await h.run(
			{ nodes: [n], connections: {} },
			{ input: { node: n.name, items: [noExt] } },
		);
		expect(bad.error?.message).toMatch(/has no extension/);
	});

	test('Continue On Fail turns a failing item into an error item and keeps the others', async () => {
		const n = procountor(
			{ resource: 'ledgerReceipt', operation: 'get', ledgerReceiptId: '={{ $json.id }}' },
			'apiKey',
			{ continueOnFail: true, onError: 'continueRegularOutput' },
		);
		const token = await apiToken(sb);
		const journal = (
			await axios.post(`${sb.apiUrl}/ledgerreceipts`, simpleJournal(1), {
				headers: { Authorization: `Bearer ${token}` },
			})
		).data;
		const r = await h.run(
			{ nodes: [n], connections: {} },
			{ input: { node: n.name, items: [{ id: '424242' }, { id: String(journal.id) }] } },
		);
		const out = r.items('Procountor');
		expect(out).toHaveLength(2);
		expect(out[0].json.error).toBeDefined();
		expect(out[0].pairedItem).toEqual({ item: 0 });
		expect(out[1].json.id).toBe(journal.id);
		expect(out[1].pairedItem).toEqual({ item: 1 });
	});

	test('a disabled API licence reads as a clear message saying what to enable', async () => {
		sb.setFaults({ licenceDisabled: true });
		const r = await runOne(h, { resource: 'company', operation: 'get' });
		expect(r.error?.message).toBe('Procountor API access is not enabled for this company');
		const description = String((r.error as unknown as IDataObject).description);
		expect(description).toMatch(/Allow the usage of invoiceable API clients/);
		// the other causes are named too, and Procountor's own words are kept
		expect(description).toMatch(/lacks the rights for this company or this call/);
		expect(description).toMatch(/Procountor said: API_LICENCE_NOT_ENABLED/);
	});

	test('a bare 403 FORBIDDEN names every likely cause with its fix and keeps the body', async () => {
		sb.setFaults({ bareForbidden: true });
		try {
			const r = await runOne(h, { resource: 'company', operation: 'get' });
			expect(r.error?.message).toBe(
				'Procountor refused the request (403 Forbidden): the "Procountor API" licence is not active; or the user or API client lacks rights for this company or call',
			);
			const description = String((r.error as unknown as IDataObject).description);
			expect(description).toMatch(/\(1\) The "Procountor API" licence is not active/);
			expect(description).toMatch(/Allow the usage of invoiceable API clients/);
			expect(description).toMatch(
				/\(2\) The user \(OAuth2\) or API client \(API key\) lacks the rights/,
			);
			// a read: a closed fiscal year does not forbid it
			expect(description).not.toMatch(/fiscal year/);
			expect(description).toMatch(/Procountor said: FORBIDDEN$/);
		} finally {
			sb.setFaults({ bareForbidden: false });
		}
	});

	test('dropdowns: ledger account search, VAT statuses and percentages, dimension items', async () => {
		const n = procountor({
			resource: 'dimension',
			operation: 'get',
			dimensionId: { __rl: true, mode: 'list', value: '201' },
		});
		const accounts = await h.listSearch(n, 'searchLedgerAccounts', 'employees');
		expect(accounts.results).toEqual([
			{ name: '2940 Velat henkilöstölle (Liabilities to employees)', value: '2940' },
		]);
		const byCode = await h.listSearch(n, 'searchLedgerAccounts', '194');
		expect(byCode.results.map((r) => r.value)).toEqual(['1940']);
		const statuses = await h.loadOptions(n, 'getVatStatuses');
		expect(statuses.map((s) => s.value)).toEqual(expect.arrayContaining([1, 12]));
		expect(statuses.map((s) => s.value)).not.toContain(5); // sales-only status
		const rates = await h.loadOptions(n, 'getVatPercentages');
		expect(rates.map((r) => r.value)).toEqual([25.5, 14, 13.5, 10, 0]);
		const items = await h.loadOptions(n, 'getDimensionItems');
		expect(items.map((i) => i.name)).toContain('900 Lakkautettu (inactive)');
		const dims = await h.listSearch(n, 'searchDimensions', 'proj');
		expect(dims.results).toEqual([{ name: 'Projekti', value: '202' }]);
	});
});
