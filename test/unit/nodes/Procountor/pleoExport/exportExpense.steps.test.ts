// Export Expense's steps on their own: receipt names, declared size check, downloads, failure mapping, pool.
import type { IExecuteFunctions } from 'n8n-workflow';
import {
	failureFromError,
	isAmbiguous,
} from '../../../../../nodes/Procountor/actions/pleoExport/exportExpense/failures';
import {
	checkDeclaredSizes,
	downloadReceipt,
	extensionFromUrl,
	planReceipts,
	receiptFileName,
} from '../../../../../nodes/Procountor/actions/pleoExport/exportExpense/receipts';
import { runPool } from '../../../../../nodes/Procountor/helpers/pool';

const id = '8f3c21ab-1111-4222-8333-444455556666';

describe('receipt planning', () => {
	test('names are <short id>-<n>.<ext> from the URL path, else the mime type', () => {
		expect(receiptFileName(id, 2, 'pdf')).toBe('8f3c21ab-2.pdf');
		expect(extensionFromUrl('https://files.example/a/b/receipt.JPEG?sig=1')).toBe('jpg');
		expect(extensionFromUrl('https://files.example/_files/123?sig=1')).toBeUndefined();
		const planned = planReceipts(
			{
				accountingEntryId: id,
				files: [
					{ url: 'https://files.example/_files/1?sig=x', type: 'image/png', size: 10 },
					{ url: 'https://files.example/r/scan.pdf', type: null, size: null },
					{ url: null },
				],
			},
			undefined,
			{ receiptsFrom: 'pleoUrls', binaryProperties: [] },
		);
		expect(planned.map((p) => [p.name, p.mimeType])).toEqual([
			['8f3c21ab-1.png', 'image/png'],
			['8f3c21ab-2.pdf', 'application/pdf'],
		]);
	});

	test('binary fields keep their file name, or get one from the mime type', () => {
		const planned = planReceipts(
			{ accountingEntryId: id },
			{
				a: { data: '', mimeType: 'image/jpeg', fileName: 'Kuitti ä.jpg' },
				b: { data: '', mimeType: 'application/pdf' },
			},
			{ receiptsFrom: 'binary', binaryProperties: [] },
		);
		expect(planned.map((p) => p.name)).toEqual(['Kuitti ä.jpg', '8f3c21ab-2.pdf']);
		expect(
			planReceipts(
				{ accountingEntryId: id },
				{ a: { data: '', mimeType: 'image/png' } },
				{ receiptsFrom: 'binary', binaryProperties: ['x'] },
			),
		).toEqual([]);
	});

	test('a declared size over 10,000,000 bytes fails before any download', () => {
		const ok = planReceipts(
			{
				accountingEntryId: id,
				files: [{ url: 'https://f.example/1', type: 'application/pdf', size: 10_000_000 }],
			},
			undefined,
			{ receiptsFrom: 'pleoUrls', binaryProperties: [] },
		);
		expect(checkDeclaredSizes('The expense', ok)).toBeUndefined();
		const big = planReceipts(
			{
				accountingEntryId: id,
				files: [{ url: 'https://f.example/1', type: 'application/pdf', size: 10_000_001 }],
			},
			undefined,
			{ receiptsFrom: 'pleoUrls', binaryProperties: [] },
		);
		expect(checkDeclaredSizes('The expense', big)).toMatchObject({
			failureReasonType: 'receipt_file_size_limit_exceeded',
		});
	});
});

describe('receipt download', () => {
	type Answer = { statusCode: number; headers?: Record<string, string>; body?: unknown };
	const downloader = (answers: Record<string, Answer>) => {
		const requests: Array<Record<string, unknown>> = [];
		const ctx = {
			helpers: {
				httpRequest: async (req: Record<string, unknown>) => {
					requests.push(req);
					return answers[String(req.url)] ?? { statusCode: 404, headers: {} };
				},
			},
		} as unknown as IExecuteFunctions;
		return { ctx, requests };
	};

	test('follows redirects itself, relative ones too, and returns the bytes', async () => {
		const { ctx, requests } = downloader({
			'https://files.example/a.pdf': { statusCode: 302, headers: { location: '/b.pdf' } },
			'https://files.example/b.pdf': {
				statusCode: 301,
				headers: { location: 'https://cdn.example/c.pdf' },
			},
			'https://cdn.example/c.pdf': { statusCode: 200, body: Buffer.from('%PDF') },
		});
		const data = await downloadReceipt(ctx, 'https://files.example/a.pdf');
		expect(data.toString()).toBe('%PDF');
		expect(requests.map((r) => r.url)).toEqual([
			'https://files.example/a.pdf',
			'https://files.example/b.pdf',
			'https://cdn.example/c.pdf',
		]);
		// n8n's client neither follows redirects nor throws on a status: the loop above decides
		expect(requests[0]).toMatchObject({
			disableFollowRedirect: true,
			ignoreHttpStatusErrors: true,
			encoding: 'arraybuffer',
		});
	});

	test('an error status, a redirect loop and an empty answer are errors with the usual wording', async () => {
		const { ctx } = downloader({
			'https://files.example/loop': { statusCode: 302, headers: { location: '/loop' } },
			'https://files.example/empty': { statusCode: 200 },
		});
		await expect(downloadReceipt(ctx, 'https://files.example/gone')).rejects.toThrow(
			'Request failed with status code 404',
		);
		await expect(downloadReceipt(ctx, 'https://files.example/loop')).rejects.toThrow(
			'Maximum number of redirects exceeded',
		);
		await expect(downloadReceipt(ctx, 'https://files.example/empty')).rejects.toThrow(
			'the download returned no file content',
		);
	});
});

describe('failure mapping', () => {
	// describeHttpFailure reads `.procountor` only from ProcountorApiError; plain objects go through the generic path
	const http = (status: number, errors: object[] = [], headers: object = {}) => ({
		response: { status, data: { errors }, headers },
		message: `Request failed with status code ${status}`,
	});

	test('Procountor answers become Pleo reason types with a sentence', () => {
		const closed = failureFromError(
			http(409, [
				{
					status: 409,
					field: 'receiptDate',
					message: 'CLOSED_FISCAL_PERIOD: 2025-06-10 is not in an open fiscal year',
				},
			]),
			'The expense X',
			'post the journal',
			'2025-06-10',
		);
		expect(closed.failureReasonType).toBe('accounting_system_validation_failure');
		expect(closed.failureReason).toMatch(/field 'receiptDate'/);
		expect(closed.failureReason).toMatch(/closed Procountor fiscal period/);
		expect(failureFromError(http(401), 'X', 'post').failureReasonType).toBe(
			'accounting_system_authentication_failure',
		);
		expect(
			failureFromError(http(403, [{ message: 'API_LICENCE_NOT_ENABLED: licence' }]), 'X', 'post')
				.failureReasonType,
		).toBe('authorization_failure');
		expect(failureFromError(http(429), 'X', 'post').failureReasonType).toBe(
			'accounting_system_rate_limit',
		);
		expect(failureFromError(http(503), 'X', 'post').failureReasonType).toBe(
			'accounting_system_unreachable',
		);
		expect(
			failureFromError(
				{ code: 'ECONNABORTED', message: 'timeout of 60000ms exceeded' },
				'X',
				'post',
			).failureReasonType,
		).toBe('accounting_system_timeout');
	});

	test('only no-answer and 5xx are ambiguous; 429 and 4xx are not', () => {
		expect(
			isAmbiguous({ status: undefined, errors: [], network: true, message: 'socket hang up' }),
		).toBe(true);
		expect(isAmbiguous({ status: 502, errors: [], network: false, message: '' })).toBe(true);
		expect(isAmbiguous({ status: 429, errors: [], network: false, message: '' })).toBe(false);
		expect(isAmbiguous({ status: 400, errors: [], network: false, message: '' })).toBe(false);
	});
});

describe('runPool', () => {
	test('keeps order and never exceeds the concurrency', async () => {
		let inFlight = 0;
		let max = 0;
		const out = await runPool([5, 1, 4, 2, 3, 0], 3, async (x) => {
			inFlight++;
			max = Math.max(max, inFlight);
			await new Promise((r) => setTimeout(r, x * 3));
			inFlight--;
			return x * 10;
		});
		expect(out).toEqual([50, 10, 40, 20, 30, 0]);
		expect(max).toBe(3);
	});

	test('rethrows the first error after the running tasks settle', async () => {
		await expect(
			runPool([1, 2, 3], 2, async (x) => {
				if (x === 2) throw new Error('boom');
				return x;
			}),
		).rejects.toThrow('boom');
		expect(await runPool([], 4, async (x: number) => x)).toEqual([]);
	});
});
