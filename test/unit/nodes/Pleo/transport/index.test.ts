// The Pleo client (nodes/Pleo/transport) on its own, against a stub of
// httpRequestWithAuthentication and a recording sleep: which answers are retried and how often,
// the waits (backoff, Retry-After), the cursor pager, the errors it throws, the base URL and the
// company ID. The same rules against the Pleo sandbox, in n8n-core's engine:
// test/engine/Pleo/transport.test.ts.
import type { IDataObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';
import { PLEO_BASE_URLS, PleoClient } from '../../../../../nodes/Pleo/transport';
import { toNodeError } from '../../../../../nodes/shared/perItem';
import { fakeContext, NODE, PLEO_CREDENTIALS } from '../../stubs';

/** One answer of the stub: a status (with a body and headers), or a network failure. */
type Answer = number | { status: number; body?: unknown; headers?: IDataObject } | Error;

const NOW = Date.parse('2026-03-02T10:00:00Z');

/**
 * A PleoClient whose requests are answered, in order, from `answers` (the last one repeats);
 * `slept` records every wait, `sent` every request's options.
 */
function setup(answers: Answer[], credentials: IDataObject = PLEO_CREDENTIALS.pleoApi) {
	const sent: IDataObject[] = [];
	const slept: number[] = [];
	const ctx = fakeContext({
		credentials: { pleoApi: credentials },
		httpRequestWithAuthentication: async (type, options) => {
			expect(type).toBe('pleoApi');
			sent.push(options);
			const a = answers[Math.min(sent.length - 1, answers.length - 1)];
			if (a instanceof Error) throw a;
			const { status, body = {}, headers = {} } = typeof a === 'number' ? { status: a } : a;
			return { statusCode: status, body, headers };
		},
	});
	const client = new PleoClient(ctx, {
		now: () => NOW,
		sleep: async (ms) => {
			slept.push(ms);
		},
	});
	return { ctx, client, sent, slept };
}

async function failure(work: Promise<unknown>): Promise<NodeApiError> {
	const error = await work.then(
		() => undefined,
		(e: unknown) => e,
	);
	expect(error).toBeInstanceOf(NodeApiError);
	return error as NodeApiError;
}

const networkError = () => Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });

describe('PleoClient retries', () => {
	it.each([429, 500, 502, 503, 504])('a GET answered %i is sent again, once', async (status) => {
		const { client, sent, slept } = setup([status, { status: 200, body: { id: 'j1' } }]);
		await expect(client.request('GET', '/v3/export-jobs/j1')).resolves.toEqual({ id: 'j1' });
		expect(sent).toHaveLength(2);
		expect(slept).toEqual([500]);
	});

	it.each([400, 401, 403, 404, 409, 422, 501])('a GET answered %i is not retried', async (s) => {
		const { client, sent, slept } = setup([s, 200]);
		const error = await failure(client.request('GET', '/v3/export-jobs/j1'));
		expect(error.httpCode).toBe(String(s));
		expect(sent).toHaveLength(1);
		expect(slept).toEqual([]);
	});

	it('gives up after 5 attempts, waiting 0.5, 1, 2 and 4 s in between', async () => {
		const { client, sent, slept } = setup([503]);
		const error = await failure(client.request('GET', '/v1/tag-groups'));
		expect(error.message).toMatch(/^Pleo API error 503/);
		expect(sent).toHaveLength(5);
		expect(slept).toEqual([500, 1000, 2000, 4000]);
	});

	it('maxAttempts sets the attempts; the backoff stops growing at 10 s', async () => {
		const two = setup([500]);
		await failure(two.client.request('GET', '/v1/tag-groups', { maxAttempts: 2 }));
		expect(two.sent).toHaveLength(2);
		const eight = setup([500]);
		await failure(eight.client.request('GET', '/v1/tag-groups', { maxAttempts: 8 }));
		expect(eight.slept).toEqual([500, 1000, 2000, 4000, 8000, 10_000, 10_000]);
	});

	it('a creating POST is not sent again after a 5xx or a network failure (it may have been applied)', async () => {
		for (const answer of [500, 502, 503, 504, networkError()]) {
			const { client, sent } = setup([answer, 201]);
			await failure(client.request('POST', '/v0/tag-groups/g1/tags', { body: { code: 'A' } }));
			expect(sent).toHaveLength(1);
		}
	});

	it('a POST is sent again after a 429 (refused before it was handled)', async () => {
		const { client, sent } = setup([429, 429, { status: 201, body: { id: 't1' } }]);
		await expect(
			client.request('POST', '/v0/tag-groups/g1/tags', { body: { code: 'A' } }),
		).resolves.toEqual({ id: 't1' });
		expect(sent).toHaveLength(3);
		expect(sent[2].body).toEqual({ code: 'A' });
	});

	it('a POST marked idempotent (a search) is retried after a 5xx; PUT and DELETE are too', async () => {
		const search = setup([503, 200]);
		await search.client.request('POST', '/v1/search', { body: {}, idempotent: true });
		expect(search.sent).toHaveLength(2);
		for (const method of ['PUT', 'DELETE'] as const) {
			const { client, sent } = setup([502, 200]);
			await client.request(method, '/v0/tags/t1');
			expect(sent).toHaveLength(2);
		}
	});

	it('a network failure of a GET is retried; the last one is a NodeApiError naming the call', async () => {
		const ok = setup([networkError(), { status: 200, body: { ok: true } }]);
		await expect(ok.client.request('GET', '/v3/export-jobs')).resolves.toEqual({ ok: true });
		expect(ok.slept).toEqual([500]);
		const down = setup([networkError()]);
		const error = await failure(down.client.request('GET', '/v3/export-jobs'));
		expect(error.message).toBe('Could not reach Pleo (GET /v3/export-jobs)');
		expect(error.description).toBe(
			"socket hang up (5 attempts). Check the Pleo credential's environment or Base URL, or try again later.",
		);
		expect(down.sent).toHaveLength(5);
	});

	it('an answer in allowStatus is returned, not thrown or retried', async () => {
		const { client, sent } = setup([{ status: 404, body: { type: 'NOT_FOUND' } }]);
		const response = await client.requestFull('GET', '/v3/export-jobs/nope', {
			allowStatus: [404],
		});
		expect(response).toMatchObject({ statusCode: 404, body: { type: 'NOT_FOUND' } });
		expect(sent).toHaveLength(1);
	});

	it('onRequest is called before every attempt', async () => {
		const { client } = setup([503, 503, 200]);
		let attempts = 0;
		await client.request('GET', '/v1/tags', { onRequest: () => attempts++ });
		expect(attempts).toBe(3);
	});
});

describe('PleoClient honours Retry-After on a 429', () => {
	const after429 = async (retryAfter: string | undefined, status = 429) => {
		const headers = retryAfter === undefined ? {} : { 'retry-after': retryAfter };
		const { client, slept } = setup([{ status, headers }, 200]);
		await client.request('GET', '/v1/tags');
		return slept;
	};

	it('in seconds, or as an HTTP date (against the clock)', async () => {
		expect(await after429('3')).toEqual([3000]);
		expect(await after429('0')).toEqual([0]);
		expect(await after429(new Date(NOW + 7000).toUTCString())).toEqual([7000]);
		// a date already past: no wait
		expect(await after429(new Date(NOW - 7000).toUTCString())).toEqual([0]);
	});

	it('at most 60 s; the backoff where it is missing or unreadable', async () => {
		expect(await after429('3600')).toEqual([60_000]);
		expect(await after429(undefined)).toEqual([500]);
		expect(await after429('soon')).toEqual([500]);
	});

	it('reads the header in any case', async () => {
		const { client, slept } = setup([{ status: 429, headers: { 'Retry-After': '2' } }, 200]);
		await client.request('GET', '/v1/tags');
		expect(slept).toEqual([2000]);
	});

	it('a 5xx waits for the backoff, whatever its Retry-After says', async () => {
		expect(await after429('30', 503)).toEqual([500]);
	});
});

describe('PleoClient.getAllPages', () => {
	/** A page of records `ids`, with the cursor of the next page (or none). */
	const page = (ids: string[], next?: string, hasNextPage = next !== undefined) => ({
		status: 200,
		body: {
			data: ids.map((id) => ({ id })),
			pagination: { endCursor: next ?? null, hasNextPage },
		},
	});
	const ids = (records: IDataObject[]) => records.map((r) => r.id);

	it('follows endCursor with after= until hasNextPage is false, keeping the query', async () => {
		const { client, sent } = setup([page(['a', 'b'], 'c1'), page(['c', 'd'], 'c2'), page(['e'])]);
		const all = await client.getAllPages('GET', '/v1/tags', { qs: { tag_group_id: 'g1' } });
		expect(ids(all)).toEqual(['a', 'b', 'c', 'd', 'e']);
		expect(sent.map((o) => o.qs)).toEqual([
			{ tag_group_id: 'g1', limit: 100 },
			{ tag_group_id: 'g1', limit: 100, after: 'c1' },
			{ tag_group_id: 'g1', limit: 100, after: 'c2' },
		]);
	});

	it('stops when hasNextPage is false, even with a cursor', async () => {
		const { client, sent } = setup([page(['a'], 'c1', false), page(['never'])]);
		expect(ids(await client.getAllPages('GET', '/v1/tags'))).toEqual(['a']);
		expect(sent).toHaveLength(1);
	});

	it('stops on a page without a cursor, with the same cursor again, or with no records', async () => {
		const noCursor = setup([page(['a'], undefined, true), page(['never'])]);
		expect(ids(await noCursor.client.getAllPages('GET', '/v1/tags'))).toEqual(['a']);
		expect(noCursor.sent).toHaveLength(1);

		const sameCursor = setup([page(['a'], 'c1'), page(['b'], 'c1'), page(['never'])]);
		expect(ids(await sameCursor.client.getAllPages('GET', '/v1/tags'))).toEqual(['a', 'b']);
		expect(sameCursor.sent).toHaveLength(2);

		const empty = setup([page(['a'], 'c1'), page([], 'c2'), page(['never'])]);
		expect(ids(await empty.client.getAllPages('GET', '/v1/tags'))).toEqual(['a']);
		expect(empty.sent).toHaveLength(2);

		const noData = setup([{ status: 200, body: {} }]);
		expect(await noData.client.getAllPages('GET', '/v1/tags')).toEqual([]);
	});

	it('with a limit, asks for no more than it needs and stops once it has them', async () => {
		const { client, sent } = setup([page(['a', 'b', 'c'], 'c1'), page(['d', 'e', 'f'], 'c2')]);
		const some = await client.getAllPages('GET', '/v1/tags', { limit: 5, pageSize: 3 });
		expect(ids(some)).toEqual(['a', 'b', 'c', 'd', 'e']);
		expect(sent.map((o) => (o.qs as IDataObject).limit)).toEqual([3, 2]);
		expect(sent).toHaveLength(2);
	});

	it('a page size above 100 is sent as 100', async () => {
		const { client, sent } = setup([page(['a'])]);
		await client.getAllPages('GET', '/v1/tags', { pageSize: 500 });
		expect((sent[0].qs as IDataObject).limit).toBe(100);
	});

	it('pages of a POST search are read as idempotent (retried after a 5xx) with the body each time', async () => {
		const { client, sent } = setup([503, page(['a'], 'c1'), page(['b'])]);
		const all = await client.getAllPages('POST', '/v1/search', { body: { q: 'x' } });
		expect(ids(all)).toEqual(['a', 'b']);
		expect(sent).toHaveLength(3);
		expect(sent.map((o) => o.body)).toEqual([{ q: 'x' }, { q: 'x' }, { q: 'x' }]);
		const notIdempotent = setup([503, page(['a'])]);
		await failure(
			notIdempotent.client.getAllPages('POST', '/v1/search', { body: {}, idempotent: false }),
		);
		expect(notIdempotent.sent).toHaveLength(1);
	});
});

describe('PleoClient errors', () => {
	it("a Pleo error body becomes the message, with the call's status; no request details", async () => {
		const { client } = setup([
			{ status: 422, body: { type: 'VALIDATION', message: 'code must be unique' } },
		]);
		const error = await failure(client.request('POST', '/v0/tag-groups/g1/tags', { body: {} }));
		expect(error.message).toBe('Pleo API error 422 – VALIDATION: code must be unique');
		expect(error.description).toBe('POST /v0/tag-groups/g1/tags');
		expect(error.httpCode).toBe('422');
		expect(error.node).toBe(NODE);
		// the request (its URL, headers and body) is not kept in the error
		const everything = JSON.stringify({ ...error, message: error.message });
		expect(everything).not.toContain(PLEO_CREDENTIALS.pleoApi.baseUrl);
		expect(everything).not.toContain('Accept');
	});

	it('a body without a message: its text, else the status', async () => {
		const text = setup([{ status: 400, body: 'Bad things happened' }]);
		expect((await failure(text.client.request('GET', '/x'))).message).toBe(
			'Pleo API error 400 – Bad things happened',
		);
		const none = setup([{ status: 409, body: {} }]);
		expect((await failure(none.client.request('GET', '/x'))).message).toBe(
			'Pleo API error 409 – HTTP 409',
		);
	});

	it.each([
		[401, /rejected the API key/],
		[403, /no access to this company or lacks a permission/],
		[429, /rate limit reached/],
	])('a %i says what to check', async (s, hint) => {
		const { client } = setup([s]);
		const error = await failure(client.request('GET', '/v1/tags', { maxAttempts: 1 }));
		expect(error.description).toMatch(hint);
	});
});

describe('PleoClient base URL and company ID', () => {
	it('the environment picks the base URL; a custom one loses its trailing slashes', async () => {
		const url = async (credentials: IDataObject) => {
			const { client, sent } = setup([200], credentials);
			await client.request('GET', '/v1/tags');
			return sent[0].url;
		};
		expect(await url({ environment: 'production' })).toBe(`${PLEO_BASE_URLS.production}/v1/tags`);
		expect(await url({ environment: 'staging' })).toBe(`${PLEO_BASE_URLS.staging}/v1/tags`);
		expect(await url({ environment: 'custom', baseUrl: ' http://pleo.test// ' })).toBe(
			'http://pleo.test/v1/tags',
		);
		const { client, sent } = setup([200], { environment: 'custom', baseUrl: '' });
		await expect(client.request('GET', '/v1/tags')).rejects.toThrow(
			'The Pleo credential has no Base URL',
		);
		expect(sent).toHaveLength(0);
	});

	it("an override wins; the credential's company ID is read once", async () => {
		const { ctx, client } = setup([200]);
		const read = jest.spyOn(ctx, 'getCredentials');
		expect(await client.companyId('  other  ')).toBe('other');
		expect(await client.companyId()).toBe('company-1');
		expect(await client.companyId('')).toBe('company-1');
		expect(read).toHaveBeenCalledTimes(1);
	});

	it('a credential without a company ID fails every item with an error of its own', async () => {
		const { ctx, client } = setup([200], { environment: 'custom', baseUrl: 'http://pleo.test' });
		// as the per-item runner does with Continue On Fail off or on: the item's index is added
		const errors = [];
		for (let i = 0; i < 3; i++) {
			const error = await client.companyId().then(
				() => undefined,
				(e: unknown) => toNodeError(ctx, e, i),
			);
			errors.push(error);
		}
		expect(errors.map((e) => e instanceof NodeOperationError && e.message)).toEqual([
			'No Pleo company ID is set in the credential',
			'No Pleo company ID is set in the credential',
			'No Pleo company ID is set in the credential',
		]);
		expect(errors.map((e) => e?.context.itemIndex)).toEqual([0, 1, 2]);
		expect(errors[0]?.description).toMatch(/Fill in "Company ID"/);
	});
});
