import type { PleoSandbox } from '../../../sandbox/pleo';

export interface ApiResponse<T = any> {
	status: number;
	headers: Headers;
	body: T;
}

/** Calls the Pleo sandbox API with the seeded API key as HTTP Basic. */
export async function pleoApi<T = any>(
	sb: PleoSandbox,
	method: string,
	path: string,
	body?: unknown,
	opts: { auth?: string | null } = {},
): Promise<ApiResponse<T>> {
	const headers: Record<string, string> = {};
	const auth =
		opts.auth === undefined
			? `Basic ${Buffer.from(`${sb.apiKey}:`).toString('base64')}`
			: opts.auth;
	if (auth) headers.authorization = auth;
	if (body !== undefined) headers['content-type'] = 'application/json;charset=UTF-8';
	const res = await fetch(`${sb.url}${path}`, {
		method,
		headers,
		body: body === undefined ? undefined : JSON.stringify(body),
	});
	const text = await res.text();
	return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : undefined };
}

/** Follows `after=<endCursor>` until hasNextPage is false. */
export async function pleoAll<T = any>(
	sb: PleoSandbox,
	method: string,
	path: string,
	body?: unknown,
): Promise<{ items: T[]; pages: number }> {
	const items: T[] = [];
	let after: string | null = null;
	let pages = 0;
	for (;;) {
		const sep = path.includes('?') ? '&' : '?';
		const res: ApiResponse = await pleoApi(
			sb,
			method,
			after ? `${path}${sep}after=${after}` : path,
			body,
		);
		if (res.status !== 200)
			throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(res.body)}`);
		pages++;
		items.push(...res.body.data);
		if (!res.body.pagination.hasNextPage) break;
		after = res.body.pagination.endCursor;
	}
	return { items, pages };
}
