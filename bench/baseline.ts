// A naive serial exporter, only for comparison in the bench: one request at a time, every lookup
// (company, VAT, dimensions, chart of accounts) re-read for every expense, no throttle, no
// idempotency search. It builds the same journal with the same core so the work is comparable.
import axios from 'axios';
import type { IDataObject } from 'n8n-workflow';
import {
	buildJournal,
	resolveContra,
	resolveLines,
	vatInfoOf,
	type PleoExportItem,
} from '../nodes/Procountor/core';
import type { SandboxesReady } from './sandboxes';

export async function baselineExport(
	sb: SandboxesReady,
	items: IDataObject[],
): Promise<{ ok: number; failed: number }> {
	const http = axios.create({ baseURL: sb.procountorApiUrl, validateStatus: () => true });
	const tok = await http.post(
		'/oauth/token',
		new URLSearchParams({
			grant_type: 'client_credentials',
			client_id: sb.procountorClientId,
			client_secret: sb.procountorClientSecret,
			api_key: sb.procountorApiKey,
		}).toString(),
		{ headers: { 'content-type': 'application/x-www-form-urlencoded' } },
	);
	const headers = { authorization: `Bearer ${tok.data.access_token as string}` };
	let ok = 0;
	let failed = 0;
	for (const raw of items) {
		const item = raw as PleoExportItem;
		const company = (await http.get('/company', { headers })).data;
		const vats = (await http.get('/vats/default', { headers })).data;
		const dims = (await http.get('/dimensions', { headers })).data;
		const coa = (await http.get('/coa', { headers })).data;
		const contra = resolveContra(item, {
			cardAccount: '1940',
			outOfPocketAccount: '2940',
			reimbursementAccount: '1910',
		});
		if (!contra.ok) {
			failed++;
			continue;
		}
		const percentages = (vats.vatInformation ?? []).flatMap(
			(v: IDataObject) => v.percentages ?? [],
		);
		const lines = resolveLines(
			item,
			{ accountRows: [], taxRows: [] },
			'usePleoCode',
			(coa.ledgerAccounts ?? []).map((a: IDataObject) => ({
				code: a.ledgerAccountCode,
				name: a.name,
				active: a.active,
			})),
			{
				percentages: percentages.map((p: IDataObject) => p.vatPercent),
				statuses: (vats.vatStatuses ?? []).map((s: IDataObject) => ({
					status: s.vatStatus,
					purchase: s.purchase,
					sales: s.sales,
				})),
				reverseCharge: vatInfoOf(vats).reverseCharge,
			},
		);
		if (!lines.ok) {
			failed++;
			continue;
		}
		const wallet = String(item.amount?.inWalletCurrency?.currency ?? 'EUR');
		let rate: string | undefined;
		if (wallet !== company.companyCurrency) {
			const day = String(item.date).slice(0, 10);
			const r = await http.get('/currencies/exchangerate', {
				headers,
				params: {
					baseCurrency: company.companyCurrency,
					currency: wallet,
					day,
					rateType: 'PROCOUNTOR_ACCOUNTING_EXCHANGE_RATE',
				},
			});
			rate = String(r.data.rate);
		}
		const built = buildJournal(
			{ ...item, procountor: { contra: contra.contra, lines: lines.lines } },
			{
				companyCurrency: company.companyCurrency,
				timeZone: 'Europe/Helsinki',
				dimensions: dims.dimensions ?? dims,
				unknownTags: 'fail',
				rate,
				vatRates: percentages.map((p: IDataObject) => p.vatPercent),
				noVatStatus: 12,
			},
		);
		if (!built.ok) {
			failed++;
			continue;
		}
		const posted = await http.post('/ledgerreceipts?createReconciliation=true', built.journal, {
			headers,
		});
		if (posted.status !== 200) {
			failed++;
			continue;
		}
		for (const [n, f] of (item.files ?? []).entries()) {
			const file = await axios.get(String(f.url), { responseType: 'arraybuffer' });
			const form = new FormData();
			const meta = {
				name: `receipt-${n}.jpg`,
				referenceType: 'INVOICE',
				referenceId: posted.data.invoiceId,
			};
			form.append('meta', new Blob([JSON.stringify(meta)], { type: 'application/json' }));
			form.append('file', new Blob([file.data]), meta.name);
			await http.post('/attachments', form, { headers });
		}
		ok++;
	}
	return { ok, failed };
}
