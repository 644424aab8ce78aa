import type { IncomingMessage, ServerResponse } from 'http';

import { PleoApiError, decodeCursor, encodeCursor } from './util';

export interface Pagination {
	startCursor: string | null;
	endCursor: string | null;
	hasNextPage: boolean;
	hasPreviousPage: boolean;
	total: number;
}

export interface Page<T> {
	data: T[];
	pagination: Pagination;
}

/** Cursor paging over an in-memory list (`limit`, `after`, `before`, `offset`). */
export function paginate<T>(
	items: T[],
	query: URLSearchParams,
	defaultLimit = 20,
	maxLimit = 100,
): Page<T> {
	const rawLimit = query.get('limit');
	let limit = defaultLimit;
	if (rawLimit !== null && rawLimit !== '') {
		limit = Number(rawLimit);
		if (!Number.isInteger(limit) || limit < 1 || limit > maxLimit) {
			throw new PleoApiError(
				400,
				'INVALID_PAGINATION',
				`limit must be an integer between 1 and ${maxLimit}`,
			);
		}
	}
	let start = 0;
	const after = query.get('after');
	const before = query.get('before');
	const offset = query.get('offset');
	if (after) {
		const o = decodeCursor(after);
		if (o === null) throw new PleoApiError(400, 'INVALID_CURSOR', 'after is not a valid cursor');
		start = o;
	} else if (before) {
		const o = decodeCursor(before);
		if (o === null) throw new PleoApiError(400, 'INVALID_CURSOR', 'before is not a valid cursor');
		start = Math.max(0, o - limit);
		limit = Math.min(limit, o);
	} else if (offset) {
		start = Number(offset);
		if (!Number.isInteger(start) || start < 0)
			throw new PleoApiError(400, 'INVALID_PAGINATION', 'offset must be >= 0');
	}
	const data = items.slice(start, start + limit);
	const end = start + data.length;
	return {
		data,
		pagination: {
			startCursor: data.length > 0 ? encodeCursor(start) : null,
			endCursor: data.length > 0 ? encodeCursor(end) : null,
			hasNextPage: end < items.length,
			hasPreviousPage: start > 0,
			total: items.length,
		},
	};
}

export function readBody(req: IncomingMessage, maxBytes = 20 * 1024 * 1024): Promise<Buffer> {
	return new Promise((resolve, reject) => {
		const chunks: Buffer[] = [];
		let size = 0;
		req.on('data', (c: Buffer) => {
			size += c.length;
			if (size > maxBytes) {
				reject(new PleoApiError(413, 'PAYLOAD_TOO_LARGE', 'request body too large'));
				req.destroy();
				return;
			}
			chunks.push(c);
		});
		req.on('end', () => resolve(Buffer.concat(chunks)));
		req.on('error', reject);
	});
}

export function parseJson(buf: Buffer): unknown {
	if (buf.length === 0) return undefined;
	try {
		return JSON.parse(buf.toString('utf8'));
	} catch {
		throw new PleoApiError(400, 'INVALID_REQUEST_BODY', 'request body is not valid JSON');
	}
}

export function sendJson(
	res: ServerResponse,
	status: number,
	body: unknown,
	headers: Record<string, string> = {},
): void {
	if (status === 204 || body === undefined) {
		res.writeHead(status, headers);
		res.end();
		return;
	}
	const text = JSON.stringify(body);
	res.writeHead(status, {
		'content-type': 'application/json;charset=UTF-8',
		'content-length': String(Buffer.byteLength(text)),
		...headers,
	});
	res.end(text);
}

export function sendError(res: ServerResponse, err: PleoApiError): void {
	sendJson(res, err.status, { type: err.type, message: err.message }, err.headers);
}

// ---- body field helpers ----

export type Obj = Record<string, unknown>;

export function asObject(body: unknown, what = 'request body'): Obj {
	if (!body || typeof body !== 'object' || Array.isArray(body)) {
		throw new PleoApiError(400, 'INVALID_REQUEST_BODY', `${what} must be a JSON object`);
	}
	return body as Obj;
}

export function str(
	o: Obj,
	key: string,
	opts: { required?: boolean; max?: number; allowEmpty?: boolean } = {},
): string | undefined {
	const v = o[key];
	if (v === undefined || v === null) {
		if (opts.required) throw new PleoApiError(400, 'INVALID_REQUEST_BODY', `${key} is required`);
		return undefined;
	}
	if (typeof v !== 'string')
		throw new PleoApiError(400, 'INVALID_REQUEST_BODY', `${key} must be a string`);
	if (!opts.allowEmpty && opts.required && v.trim() === '') {
		throw new PleoApiError(400, 'INVALID_REQUEST_BODY', `${key} must not be empty`);
	}
	if (opts.max !== undefined && v.length > opts.max) {
		throw new PleoApiError(
			400,
			'INVALID_REQUEST_BODY',
			`${key} must be at most ${opts.max} characters`,
		);
	}
	return v;
}

export function bool(o: Obj, key: string, def?: boolean): boolean {
	const v = o[key];
	if (v === undefined || v === null) {
		if (def === undefined)
			throw new PleoApiError(400, 'INVALID_REQUEST_BODY', `${key} is required`);
		return def;
	}
	if (typeof v !== 'boolean')
		throw new PleoApiError(400, 'INVALID_REQUEST_BODY', `${key} must be a boolean`);
	return v;
}

export function strArray(o: Obj, key: string, max = 100): string[] | undefined {
	const v = o[key];
	if (v === undefined || v === null) return undefined;
	if (!Array.isArray(v) || v.some((x) => typeof x !== 'string')) {
		throw new PleoApiError(400, 'INVALID_REQUEST_BODY', `${key} must be an array of strings`);
	}
	if (v.length > max)
		throw new PleoApiError(400, 'INVALID_REQUEST_BODY', `${key} holds at most ${max} items`);
	return v as string[];
}

export function queryBool(q: URLSearchParams, key: string): boolean {
	const v = q.get(key);
	return v === 'true' || v === '1';
}

/** Repeatable query param that also accepts comma lists. */
export function queryList(q: URLSearchParams, key: string): string[] {
	return q
		.getAll(key)
		.flatMap((v) => v.split(','))
		.map((v) => v.trim())
		.filter((v) => v !== '');
}
