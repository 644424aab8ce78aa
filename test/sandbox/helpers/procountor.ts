// Test helpers for the Procountor sandbox tests.
import axios, { AxiosInstance } from 'axios';
import { PROCOUNTOR_SEED, ProcountorSandbox } from '../../../sandbox/procountor';

export const FORM = { 'content-type': 'application/x-www-form-urlencoded' };

/** axios instance that never throws on HTTP status */
export function client(baseURL: string, token?: string): AxiosInstance {
	return axios.create({
		baseURL,
		validateStatus: () => true,
		maxRedirects: 0,
		headers: token ? { authorization: `Bearer ${token}` } : {},
	});
}

export async function m2mToken(sb: ProcountorSandbox, companyId = 1001): Promise<string> {
	const res = await client(sb.apiUrl).post(
		'/oauth/token',
		new URLSearchParams({
			grant_type: 'client_credentials',
			client_id: PROCOUNTOR_SEED.clientId,
			client_secret: PROCOUNTOR_SEED.clientSecret,
			api_key: PROCOUNTOR_SEED.apiKeys[companyId],
			redirect_uri: 'http://localhost/cb',
		}).toString(),
		{ headers: FORM },
	);
	if (res.status !== 200) throw new Error(`token failed ${res.status} ${JSON.stringify(res.data)}`);
	return res.data.access_token;
}

export async function api(sb: ProcountorSandbox, companyId = 1001): Promise<AxiosInstance> {
	return client(sb.apiUrl, await m2mToken(sb, companyId));
}

/** A balanced purchase journal: 100.00 net + 25.50 VAT on 7600 against -125.50 on 1940. */
export function journal(over: Record<string, unknown> = {}): Record<string, any> {
	return {
		type: 'JOURNAL',
		name: 'Card 2026-03-14 Taxi [exp:t1]',
		receiptDate: '2026-03-14',
		vatType: 'PURCHASE',
		vatStatus: 1,
		transactions: [
			{
				transactionType: 'ENTRY',
				account: '7600',
				accountingValue: 100,
				vatPercent: 25.5,
				vatStatus: 1,
				description: 'Taxi',
				dimensionItemValues: [{ dimensionId: 201, itemId: 2011, value: 100 }],
			},
			{
				transactionType: 'ENTRY',
				account: '1940',
				accountingValue: -125.5,
				vatPercent: 0,
				vatStatus: 12,
				description: 'Pleo card',
			},
		],
		...over,
	};
}

export interface Part {
	name: string;
	data: Buffer | string;
	filename?: string;
	contentType?: string;
}

/** hand-built multipart/form-data body (exact control over part headers) */
export function multipart(parts: Part[]): { body: Buffer; contentType: string } {
	const boundary = `----sandboxtest${Math.random().toString(16).slice(2)}`;
	const chunks: Buffer[] = [];
	for (const p of parts) {
		let head = `--${boundary}\r\nContent-Disposition: form-data; name="${p.name}"`;
		if (p.filename) head += `; filename="${p.filename}"`;
		head += '\r\n';
		if (p.contentType) head += `Content-Type: ${p.contentType}\r\n`;
		chunks.push(Buffer.from(`${head}\r\n`), Buffer.from(p.data), Buffer.from('\r\n'));
	}
	chunks.push(Buffer.from(`--${boundary}--\r\n`));
	return { body: Buffer.concat(chunks), contentType: `multipart/form-data; boundary=${boundary}` };
}

export function hasError(data: any, field: string, code: string): boolean {
	return (
		Array.isArray(data?.errors) &&
		data.errors.some((e: any) => e.field === field && String(e.message).startsWith(`${code}:`))
	);
}
