import { startPleoSandbox, type PleoSandbox } from '../../sandbox/pleo';
import { pleoAll, pleoApi } from './helpers/pleoClient';

let sb: PleoSandbox;
const cid = (): string => sb.companyId;

beforeAll(async () => {
	sb = await startPleoSandbox();
});
afterAll(async () => {
	await sb.close();
});
beforeEach(() => sb.reset());

async function startJob(): Promise<string> {
	const job = await sb.clickExport();
	const r = await pleoApi(sb, 'POST', '/v3/export-job-events', { jobId: job.id, event: 'started' });
	expect(r.status).toBe(202);
	return job.id;
}

describe('auth and errors', () => {
	it('accepts the key as Basic username with empty password only', async () => {
		const ok = await pleoApi(sb, 'GET', `/v3/export-jobs?company_id=${cid()}`);
		expect(ok.status).toBe(200);
		for (const auth of [
			null,
			`Bearer ${sb.apiKey}`,
			`Basic ${Buffer.from('wrong:').toString('base64')}`,
			`Basic ${Buffer.from(`${sb.apiKey}:x`).toString('base64')}`,
		]) {
			const r = await pleoApi(sb, 'GET', `/v3/export-jobs?company_id=${cid()}`, undefined, {
				auth,
			});
			expect(r.status).toBe(401);
			expect(r.body.type).toBe('UNAUTHORIZED');
			expect(typeof r.body.message).toBe('string');
		}
	});

	it('requires company_id and rejects another company', async () => {
		expect((await pleoApi(sb, 'GET', '/v3/export-jobs')).status).toBe(400);
		const r = await pleoApi(
			sb,
			'GET',
			'/v3/export-jobs?company_id=00000000-0000-4000-8000-000000009999',
		);
		expect(r.status).toBe(403);
	});
});

describe('export jobs', () => {
	it('clickExport makes a pending job of the queue; a second one is 409', async () => {
		const job = await sb.clickExport();
		expect(job.status).toBe('pending');
		expect(job.numberOfItems).toBeGreaterThanOrEqual(14);
		expect(job.expiresIn).toBe(3600);
		await expect(sb.clickExport()).rejects.toMatchObject({
			status: 409,
			type: 'EXPORT_ALREADY_IN_PROGRESS',
		});
		const r = await pleoApi(sb, 'POST', '/v3/export-jobs', {
			companyId: cid(),
			accountingEntryIds: [sb.state.expenses.keys().next().value],
		});
		expect(r.status).toBe(409);
		expect(r.body.type).toBe('EXPORT_ALREADY_IN_PROGRESS');
		const list = await pleoApi(
			sb,
			'GET',
			`/v3/export-jobs?company_id=${cid()}&statuses=pending&statuses=in_progress`,
		);
		expect(list.body.data.map((j: any) => j.id)).toEqual([job.id]);
		const comma = await pleoApi(
			sb,
			'GET',
			`/v3/export-jobs?company_id=${cid()}&statuses=completed,failed`,
		);
		expect(comma.body.data).toEqual([]);
		expect(comma.body.pagination.total).toBe(0);
	});

	it('POST /v3/export-jobs creates 201; 400 MISSING_CONTRA_ACCOUNTS without contra accounts', async () => {
		const ids = [...sb.state.expenses.keys()].slice(0, 2);
		sb.state.company.contraAccounts = null;
		const bad = await pleoApi(sb, 'POST', '/v3/export-jobs', {
			companyId: cid(),
			accountingEntryIds: ids,
		});
		expect(bad.status).toBe(400);
		expect(bad.body.type).toBe('MISSING_CONTRA_ACCOUNTS');
		sb.reset();
		const r = await pleoApi(sb, 'POST', '/v3/export-jobs', {
			companyId: cid(),
			accountingEntryIds: ids,
			isInteractive: false,
		});
		expect(r.status).toBe(201);
		expect(r.body.data).toMatchObject({
			status: 'pending',
			numberOfItems: 2,
			isInteractive: false,
			companyId: cid(),
		});
		const got = await pleoApi(sb, 'GET', `/v3/export-jobs/${r.body.data.id}`);
		expect(got.body.data.id).toBe(r.body.data.id);
		const missing = await pleoApi(sb, 'GET', '/v3/export-jobs/nope');
		expect(missing.status).toBe(404);
		expect(missing.body.type).toBe('EXPORT_NOT_FOUND');
	});

	it('two `started` for the same job at the same instant: exactly one succeeds', async () => {
		const job = await sb.clickExport();
		const start = () =>
			pleoApi(sb, 'POST', '/v3/export-job-events', { jobId: job.id, event: 'started' });
		const results = await Promise.all([start(), start(), start(), start()]);
		expect(results.map((r) => r.status).sort()).toEqual([202, 409, 409, 409]);
		for (const r of results.filter((x) => x.status === 409)) {
			expect(r.body.type).toBe('EXPORT_ALREADY_IN_PROGRESS');
		}
		expect(sb.getJob(job.id)?.status).toBe('in_progress');
		const started = sb.state.events.filter((e) => e.type === 'job_started' && e.jobId === job.id);
		expect(started).toHaveLength(1);
	});

	it('job event transitions; invalid ones are 422', async () => {
		const job = await sb.clickExport();
		const ev = (event: string, extra: object = {}) =>
			pleoApi(sb, 'POST', '/v3/export-job-events', { jobId: job.id, event, ...extra });
		expect((await ev('completed')).status).toBe(422);
		expect((await ev('bogus')).body.type).toBe('INVALID_EXPORT_JOB_STATUS_CHANGE');
		// exportJobId is accepted as well
		expect(
			(
				await pleoApi(sb, 'POST', '/v3/export-job-events', {
					exportJobId: job.id,
					event: 'started',
				})
			).status,
		).toBe(202);
		const again = await ev('started');
		expect(again.status).toBe(409);
		expect(again.body.type).toBe('EXPORT_ALREADY_IN_PROGRESS');
		expect((await ev('completed_with_errors')).status).toBe(202);
		// a finished job cannot be started again either
		expect((await ev('started')).body.type).toBe('INVALID_EXPORT_JOB_STATUS_CHANGE');
		const after = await ev('failed', {
			failureReasonType: 'validation_failure',
			failureReason: 'x',
		});
		expect(after.status).toBe(422);
		expect(after.body.type).toBe('INVALID_EXPORT_JOB_STATUS_CHANGE');
		const j = (await pleoApi(sb, 'GET', `/v3/export-jobs/${job.id}`)).body.data;
		expect(j.status).toBe('completed_with_errors');
		expect(j.completedAt).not.toBeNull();
		// nothing reported: every item abandoned and back in the queue
		const items = await pleoAll(sb, 'GET', `/v3/export-jobs/${job.id}/items`);
		expect(items.items.every((i: any) => i.status === 'abandoned')).toBe(true);
		expect((await sb.clickExport()).numberOfItems).toBe(job.numberOfItems);
	});

	it('failed is allowed from pending', async () => {
		const job = await sb.clickExport();
		const r = await pleoApi(sb, 'POST', '/v3/export-job-events', {
			jobId: job.id,
			event: 'failed',
			failureReasonType: 'missing_configuration',
			failureReason: 'no mapping',
		});
		expect(r.status).toBe(202);
		const j = (await pleoApi(sb, 'GET', `/v3/export-jobs/${job.id}`)).body.data;
		expect(j).toMatchObject({
			status: 'failed',
			failureReasonType: 'missing_configuration',
			failureReason: 'no mapping',
		});
	});

	it('reports item results with per-item errors, 413 above 100, 422 after finish', async () => {
		const jobId = await startJob();
		const { items } = await pleoAll(sb, 'GET', `/v3/export-jobs/${jobId}/items`);
		const [a, b, c] = items.map((i: any) => i.accountingEntryId);
		const put = await pleoApi(sb, 'PUT', `/v3/export-jobs/${jobId}/items`, [
			{
				accountingEntryId: a,
				status: 'successful',
				externalId: '123',
				externalUrl: 'http://x/123',
				exportedAt: '2026-03-01T10:00:00Z',
			},
			{
				accountingEntryId: b,
				status: 'failed',
				failureReasonType: 'account_unknown',
				failureReason: 'Account 7777 not found',
			},
			{
				accountingEntryId: c,
				status: 'failed',
				failureReasonType: 'not_a_reason',
				failureReason: 'x',
			},
			{ accountingEntryId: 'does-not-exist', status: 'successful', externalId: '1' },
			{ accountingEntryId: c, status: 'successful' },
		]);
		expect(put.status).toBe(200);
		expect(put.body.data.map((i: any) => [i.accountingEntryId, i.status])).toEqual([
			[a, 'successful'],
			[b, 'failed'],
		]);
		expect(put.body.errors.map((e: any) => e.type)).toEqual([
			'EXPORT_ENTRY_STATUS_UPDATE_FAILED',
			'ACCOUNTING_ENTRY_DOES_NOT_EXIST',
			'EXPORT_ENTRY_STATUS_UPDATE_FAILED',
		]);
		expect(put.body.errors[1].accountingEntryId).toBe('does-not-exist');
		const job = (await pleoApi(sb, 'GET', `/v3/export-jobs/${jobId}`)).body.data;
		expect(job.lastUpdatedAt).not.toBeNull();
		const failed = await pleoApi(sb, 'GET', `/v3/export-jobs/${jobId}/items?status=failed`);
		expect(failed.body.data).toEqual([
			expect.objectContaining({
				accountingEntryId: b,
				failureReasonType: 'account_unknown',
				failureReason: 'Account 7777 not found',
			}),
		]);
		const tooMany = Array.from({ length: 101 }, () => ({
			accountingEntryId: a,
			status: 'successful',
			externalId: '1',
		}));
		const big = await pleoApi(sb, 'PUT', `/v3/export-jobs/${jobId}/items`, tooMany);
		expect(big.status).toBe(413);
		expect(big.body.type).toBe('EXPORT_JOB_ITEMS_UPDATE_LIMIT');
		expect(
			(
				await pleoApi(sb, 'POST', '/v3/export-job-events', {
					jobId,
					event: 'completed_with_errors',
				})
			).status,
		).toBe(202);
		const late = await pleoApi(sb, 'PUT', `/v3/export-jobs/${jobId}/items`, [
			{ accountingEntryId: a, status: 'successful', externalId: '2' },
		]);
		expect(late.status).toBe(422);
		expect(late.body.type).toBe('EXPORT_JOB_STATUS_UNPROCESSABLE');
		// the exported expense left the queue, the failed one is back
		expect(sb.state.expenses.get(a)!.exportStatus).toBe('EXPORTED');
		expect(sb.state.expenses.get(b)!.exportStatus).toBe('QUEUED');
		const next = await sb.clickExport();
		expect(next.numberOfItems).toBe(items.length - 1);
	});

	it('export items only while the job is active', async () => {
		const jobId = await startJob();
		expect((await pleoApi(sb, 'GET', `/v3/export-items?job_id=${jobId}`)).status).toBe(200);
		await pleoApi(sb, 'POST', '/v3/export-job-events', { jobId, event: 'completed' });
		const r = await pleoApi(sb, 'GET', `/v3/export-items?job_id=${jobId}`);
		expect(r.status).toBe(422);
		expect(r.body.type).toBe('EXPORT_JOB_STATUS_UNPROCESSABLE');
	});

	it('expires 1 h after the last update (lazily, with advanceClock)', async () => {
		const jobId = await startJob();
		const { items } = await pleoAll(sb, 'GET', `/v3/export-jobs/${jobId}/items`);
		sb.advanceClock(30 * 60_000);
		expect((await pleoApi(sb, 'GET', `/v3/export-jobs/${jobId}`)).body.data.expiresIn).toBe(1800);
		await pleoApi(sb, 'PUT', `/v3/export-jobs/${jobId}/items`, [
			{ accountingEntryId: items[0].accountingEntryId, status: 'successful', externalId: 'v1' },
		]);
		expect((await pleoApi(sb, 'GET', `/v3/export-jobs/${jobId}`)).body.data.expiresIn).toBe(3600);
		sb.advanceClock(60 * 60_000 + 1000);
		const j = (await pleoApi(sb, 'GET', `/v3/export-jobs/${jobId}`)).body.data;
		expect(j).toMatchObject({ status: 'failed', failureReasonType: 'job_expired', expiresIn: 0 });
		expect(j.expiredAt).not.toBeNull();
		const after = await pleoAll(sb, 'GET', `/v3/export-jobs/${jobId}/items`);
		expect(after.items[0].status).toBe('successful');
		expect(after.items.slice(1).every((i: any) => i.status === 'abandoned')).toBe(true);
		expect((await pleoApi(sb, 'GET', `/v3/export-items?job_id=${jobId}`)).status).toBe(422);
		// a new job can be made now
		expect((await sb.clickExport()).numberOfItems).toBe(items.length - 1);
	});

	it('clockSpeed speeds up expiry', async () => {
		let t = 1_000_000;
		const fast = await startPleoSandbox({ now: () => t, clockSpeed: 60 });
		try {
			const job = await fast.clickExport();
			t += 61_000; // 61 s real = 61 min sandbox time
			expect(fast.getJob(job.id)!.status).toBe('failed');
		} finally {
			await fast.close();
		}
	});
});

describe('export items', () => {
	it('have the v3 shape: splits, foreign currency, contra only on wallet types, exact net + tax', async () => {
		const jobId = await startJob();
		const { items, pages } = await pleoAll(sb, 'GET', `/v3/export-items?job_id=${jobId}&limit=5`);
		expect(pages).toBeGreaterThan(1);
		expect(items.length).toBe(sb.getJob(jobId)!.numberOfItems);
		const types = new Set(items.map((i: any) => i.type));
		for (const t of [
			'card_purchase',
			'out_of_pocket',
			'mileage',
			'per_diem',
			'refund',
			'fee',
			'direct_reimbursement',
		])
			expect(types.has(t)).toBe(true);
		const wallet = new Set(['card_purchase', 'refund', 'fee', 'direct_reimbursement', 'cashback']);
		for (const it of items) {
			expect(it.companyId).toBe(sb.companyId);
			if (wallet.has(it.type))
				expect(it.contraAccount).toMatchObject({
					code: expect.any(String),
					identifier: expect.any(String),
				});
			else expect(it.contraAccount).toBeNull();
			let sumW = 0;
			let sumS = 0;
			for (const l of it.accountingEntryLines) {
				for (const cur of ['inWalletCurrency', 'inSupplierCurrency']) {
					expect(Number.isInteger(l.lineAmount[cur].value)).toBe(true);
					expect(l.netAmount[cur].value + l.tax.amount[cur].value).toBe(l.lineAmount[cur].value);
				}
				sumW += l.lineAmount.inWalletCurrency.value;
				sumS += l.lineAmount.inSupplierCurrency.value;
				expect(l.account).toEqual({
					id: expect.any(String),
					name: expect.any(String),
					code: expect.any(String),
					identifier: expect.any(String),
				});
				expect(l.tax).toMatchObject({
					id: expect.any(String),
					code: expect.any(String),
					rate: expect.any(Number),
					type: expect.any(String),
				});
				for (const tag of l.tags)
					expect(tag).toEqual({
						id: expect.any(String),
						code: expect.any(String),
						groupCode: expect.any(String),
					});
			}
			expect(it.amount.inWalletCurrency.value).toBe(sumW);
			expect(it.amount.inSupplierCurrency.value).toBe(sumS);
			expect(it.user).toEqual({
				id: expect.any(String),
				name: expect.any(String),
				code: expect.stringMatching(/^E10\d$/),
			});
			expect(it.additionalInformation.reconciliationId).toEqual(expect.any(String));
			expect(it.date.startsWith('2026-')).toBe(true);
		}
		const card = items.find((i: any) => i.type === 'card_purchase');
		expect(card.contraAccount.code).toBe('1940');
		const reimb = items.find((i: any) => i.type === 'direct_reimbursement');
		expect(reimb.subType).toBe('reimbursement_to_employee');
		const split = items.find((i: any) => i.accountingEntryLines.length > 1);
		expect(split.accountingEntryLines.length).toBe(3);
		const usd = items.find((i: any) => i.amount.inSupplierCurrency.currency === 'USD');
		expect(usd.amount).toEqual({
			inSupplierCurrency: { currency: 'USD', value: 4900 },
			inWalletCurrency: { currency: 'EUR', value: 4516 },
		});
		expect(items.some((i: any) => i.amount.inSupplierCurrency.currency === 'SEK')).toBe(true);
		const refund = items.find((i: any) => i.type === 'refund');
		expect(refund.amount.inWalletCurrency.value).toBeLessThan(0);
		const lunch = items.find(
			(i: any) =>
				i.accountingEntryLines[0].tax.code === 'VAT25.5' &&
				i.amount.inWalletCurrency.value === 6366,
		);
		expect(lunch.accountingEntryLines[0].tax.amount.inWalletCurrency.value).toBe(1293);
		const codes = items.flatMap((i: any) => i.accountingEntryLines.map((l: any) => l.account.code));
		expect(codes).toContain('7777');
		expect(
			items.flatMap((i: any) =>
				i.accountingEntryLines.flatMap((l: any) => l.tags.map((t: any) => t.code)),
			),
		).toContain('999');
		expect(sb.state.company.contraAccounts).not.toBeNull();
	});

	it('serves receipt files (JPEG, PNG, PDF, one over 10 MB) that expire after 24 h', async () => {
		const jobId = await startJob();
		const { items } = await pleoAll(sb, 'GET', `/v3/export-items?job_id=${jobId}&limit=100`);
		const files = items.flatMap((i: any) => i.files);
		const types = new Set(files.map((f: any) => f.type));
		expect([...types].sort()).toEqual(['application/pdf', 'image/jpeg', 'image/png']);
		const magic: Record<string, string> = {
			'image/jpeg': 'ffd8ff',
			'image/png': '89504e47',
			'application/pdf': '25504446',
		};
		for (const type of types) {
			const f = files.find((x: any) => x.type === type && x.size < 1_000_000);
			const res = await fetch(f.url);
			expect(res.status).toBe(200);
			expect(res.headers.get('content-type')).toBe(type);
			const buf = Buffer.from(await res.arrayBuffer());
			expect(buf.length).toBe(f.size);
			expect(buf.subarray(0, magic[type as string].length / 2).toString('hex')).toBe(
				magic[type as string],
			);
		}
		const large = files.find((f: any) => f.size > 10_000_000);
		expect(large.size).toBe(10_500_000);
		const lres = await fetch(large.url);
		const lbuf = Buffer.from(await lres.arrayBuffer());
		expect(lbuf.length).toBe(10_500_000);
		expect(lbuf.subarray(0, 5).toString()).toBe('%PDF-');
		const small = files.find((f: any) => f.size < 1_000_000);
		expect((await fetch(small.url.replace(/sig=[0-9a-f]+/, 'sig=00'))).status).toBe(403);
		expect((await fetch(small.url.replace(/expires=\d+/, 'expires=9999999999'))).status).toBe(403);
		sb.advanceClock(24 * 3600_000 + 5000);
		expect((await fetch(small.url)).status).toBe(403);
	});
});
