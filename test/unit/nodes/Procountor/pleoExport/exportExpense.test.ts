// Export Expense against a stub client (exportExpense.stub.ts): the branches that decide whether
// an expense is booked once, in milliseconds. The engine tier
// (test/engine/Procountor/pleoExport/exportExpense.test.ts, test/engine/flows/export-books-once
// and export-faults) runs the same operation in n8n-core against the sandboxes.
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';
import { execute } from '../../../../../nodes/Procountor/actions/pleoExport/exportExpense';
import type { ExportResult } from '../../../../../nodes/shared/exportResult';
import {
	expense,
	FakeProcountor,
	httpError,
	networkError,
	stubContext,
	type StubOptions,
} from './exportExpense.stub';

async function run(pc: FakeProcountor, items: INodeExecutionData[], o: StubOptions = {}) {
	const { ctx, downloads } = stubContext(o);
	const out = await execute.call(ctx, pc.client, items);
	return { out, results: out.map((x) => x.json as unknown as ExportResult), downloads };
}

function success(r: ExportResult) {
	if (r.status !== 'successful') throw new Error(`expected a success, got ${JSON.stringify(r)}`);
	return r;
}

function failure(r: ExportResult) {
	if (r.status !== 'failed') throw new Error(`expected a failure, got ${JSON.stringify(r)}`);
	return r;
}

const ID = (n: number) => `ae-${String(n).padStart(4, '0')}-0000-4000-8000-000000000000`;

describe('Export Expense', () => {
	test('one expense: one POST and one upload; the result Pleo accepts, paired with its input', async () => {
		const pc = new FakeProcountor();
		const { out, results } = await run(pc, [expense(1)]);
		expect(pc.writes().map((c) => `${c.method} ${c.path}`)).toEqual([
			'POST /ledgerreceipts',
			'POST /attachments',
		]);
		expect(out[0].pairedItem).toEqual({ item: 0 });
		const r = success(results[0]);
		const j = pc.journals[0];
		expect(r).toEqual({
			accountingEntryId: ID(1),
			status: 'successful',
			externalId: String(j.id),
			exportedAt: expect.any(String),
			jobId: 'job-1',
			procountor: {
				ledgerReceiptId: j.id,
				invoiceId: j.invoiceId,
				receiptNumber: j.receiptNumber,
				name: j.name,
				receiptDate: '2026-03-14',
				attachments: ['ae-1.pdf'],
				receiptsVerified: true,
				reused: false,
				reconciled: false,
				approved: false,
			},
		});
		expect(j.attachments.map((a) => a.name)).toEqual(['ae-1.pdf']);
	});

	test('pairedItem and order: a failure of an earlier step passes through, the rest export', async () => {
		const pc = new FakeProcountor();
		const prior = expense(2);
		(prior.json as IDataObject).procountor = {
			failure: {
				failureReasonType: 'account_unknown',
				failureReason: 'no account',
				step: 'mapCategory',
			},
		};
		const { out, results } = await run(pc, [expense(1), prior, expense(3)]);
		expect(out.map((x) => x.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(results.map((r) => r.status)).toEqual(['successful', 'failed', 'successful']);
		expect(failure(results[1])).toEqual({
			accountingEntryId: ID(2),
			status: 'failed',
			failureReasonType: 'account_unknown',
			failureReason: 'no account',
			jobId: 'job-1',
		});
		expect(pc.journals).toHaveLength(2);
	});

	test('a journal that exists already is reused, and only its missing receipt is attached', async () => {
		const pc = new FakeProcountor();
		await run(pc, [expense(1)]);
		pc.journals[0].attachments = [];
		pc.calls.length = 0;
		const { results } = await run(pc, [expense(1)]);
		expect(pc.writes().map((c) => c.path)).toEqual(['/attachments']);
		expect(success(results[0]).procountor).toMatchObject({
			reused: true,
			attachments: ['ae-1.pdf'],
		});
	});

	test('a reused journal that cannot show its receipts: uploaded again, receiptsVerified false', async () => {
		const pc = new FakeProcountor();
		await run(pc, [expense(1)]);
		// Procountor answers without the journal's attachments and without Document management
		pc.hooks.push(({ method, path }) => {
			if (method === 'GET' && path === '/attachments') throw httpError(403, 'Forbidden');
		});
		const own = pc.journals[0];
		own.attachments = [];
		pc.calls.length = 0;
		const r = success((await run(pc, [expense(1)])).results[0]);
		expect(pc.writes().map((c) => c.path)).toEqual(['/attachments']);
		expect(r.procountor).toMatchObject({ reused: true, receiptsVerified: false });
		expect(r.procountor.receiptsNote).toContain('403');
	});

	test('Receipts From = Input Binary Fields attaches the named binary field', async () => {
		const pc = new FakeProcountor();
		const item = expense(1, { files: [] });
		item.binary = { receipt: { data: '', mimeType: 'image/png', fileName: 'kuitti.png' } };
		const options = { receiptsFrom: 'binary', binaryProperties: 'receipt' };
		const r = success((await run(pc, [item], { options })).results[0]);
		expect(r.procountor.attachments).toEqual(['kuitti.png']);
	});

	test('a receipt that cannot be downloaded fails the item before anything is posted', async () => {
		const pc = new FakeProcountor();
		const files = { 'https://files.example/1.pdf': new Error('403 link expired') };
		const f = failure((await run(pc, [expense(1)], { files })).results[0]);
		expect(f.failureReasonType).toBe('receipt_download_failure');
		expect(f.failureReason).toContain('valid for 24 hours');
		expect(pc.writes()).toEqual([]);
	});

	describe('an ambiguous POST (no answer)', () => {
		test('committed: found by its tag, not posted again', async () => {
			const pc = new FakeProcountor();
			let first = true;
			pc.hooks.push(({ method, path }) => {
				if (method === 'POST' && path === '/ledgerreceipts' && first) {
					first = false;
					return 'commitThenThrow';
				}
				return undefined;
			});
			const { results } = await run(pc, [expense(1)]);
			expect(pc.journals).toHaveLength(1);
			expect(success(results[0]).procountor).toMatchObject({ reused: true });
			expect(pc.journals[0].attachments).toHaveLength(1);
			// it waited 0.2 s before looking for the journal
			expect(pc.paused).toEqual([200]);
		});

		test('not committed: posted again after the search, once', async () => {
			const pc = new FakeProcountor();
			let first = true;
			pc.hooks.push(({ method, path }) => {
				if (method === 'POST' && path === '/ledgerreceipts' && first) {
					first = false;
					throw networkError();
				}
			});
			const { results } = await run(pc, [expense(1)]);
			expect(pc.writes().filter((c) => c.path === '/ledgerreceipts')).toHaveLength(2);
			expect(pc.validJournalsOf(ID(1))).toHaveLength(1);
			expect(success(results[0]).procountor.reused).toBe(false);
			expect(pc.paused).toEqual([200]);
		});

		test('the search after it fails too: the item fails, nothing is posted again', async () => {
			const pc = new FakeProcountor();
			let posted = false;
			pc.hooks.push(({ method, path }) => {
				if (method === 'POST' && path === '/ledgerreceipts') {
					posted = true;
					throw networkError();
				}
				if (posted && method === 'GET' && path === '/ledgerreceipts') throw networkError();
			});
			const { results } = await run(pc, [expense(1)]);
			expect(pc.writes().filter((c) => c.path === '/ledgerreceipts')).toHaveLength(1);
			expect(failure(results[0]).failureReasonType).toBe('accounting_system_unreachable');
		});

		test('a 4xx answer is not ambiguous: the item fails with what Procountor said', async () => {
			const pc = new FakeProcountor();
			pc.hooks.push(({ method, path }) => {
				if (method === 'POST' && path === '/ledgerreceipts')
					throw httpError(400, 'Invalid account 7600');
			});
			const { results } = await run(pc, [expense(1)]);
			const f = failure(results[0]);
			expect(f.failureReasonType).toBe('accounting_system_validation_failure');
			expect(f.failureReason).toContain('Invalid account 7600');
			expect(pc.writes()).toHaveLength(1);
		});
	});

	describe('post, then verify: another execution posted the same expense', () => {
		function competitorOnPost(pc: FakeProcountor) {
			pc.hooks.push(({ method, path, body }) => {
				if (method === 'POST' && path === '/ledgerreceipts') {
					const b = body as { name: string; receiptDate: string };
					const other = pc.addJournal(b.name, b.receiptDate);
					other.attachments.push({
						id: 1,
						name: 'ae-1.pdf',
						referenceType: 'INVOICE',
						referenceId: other.invoiceId,
					});
				}
			});
		}

		test('ours is invalidated and the lower journal is reported', async () => {
			const pc = new FakeProcountor();
			competitorOnPost(pc);
			const { results } = await run(pc, [expense(1)]);
			const [theirs, ours] = pc.journals;
			expect(ours.status).toBe('INVALIDATED');
			expect(pc.validJournalsOf(ID(1))).toEqual([theirs]);
			expect(success(results[0]).procountor).toMatchObject({
				ledgerReceiptId: theirs.id,
				reused: true,
				duplicateInvalidated: ours.id,
			});
		});

		test('the invalidation is refused: the item fails naming both journals and the fix', async () => {
			const pc = new FakeProcountor();
			competitorOnPost(pc);
			pc.hooks.push(({ method, path }) => {
				if (method === 'PUT' && path.endsWith('/invalidate')) throw httpError(403, 'Forbidden');
			});
			const { results } = await run(pc, [expense(1)]);
			const [theirs, ours] = pc.journals;
			const f = failure(results[0]);
			expect(f.failureReasonType).toBe('accounting_system_validation_failure');
			expect(f.failureReason).toContain(`Invalidate ledger receipt ${ours.id} in Procountor`);
			expect(f.failureReason).toContain(`${theirs.id} stays`);
		});

		test('the check cannot run: the export stands, with verifyError', async () => {
			const pc = new FakeProcountor();
			let posted = false;
			pc.hooks.push(({ method, path }) => {
				if (method === 'POST' && path === '/ledgerreceipts') posted = true;
				if (posted && method === 'GET' && path === '/ledgerreceipts') throw httpError(503);
			});
			const { results } = await run(pc, [expense(1)]);
			expect(success(results[0]).procountor.verifyError).toContain('could not run');
		});
	});

	describe('receipts are checked before anything is posted', () => {
		test('a declared size over 10,000,000 bytes: nothing downloaded or posted', async () => {
			const pc = new FakeProcountor();
			const big = expense(1, {
				files: [{ url: 'https://files.example/1.pdf', type: 'application/pdf', size: 10_000_001 }],
			});
			const { results, downloads } = await run(pc, [big]);
			expect(failure(results[0]).failureReasonType).toBe('receipt_file_size_limit_exceeded');
			expect(downloads).toEqual([]);
			expect(pc.writes()).toEqual([]);
		});

		test('a download that turns out too big: nothing posted', async () => {
			const pc = new FakeProcountor();
			const files = { 'https://files.example/1.pdf': Buffer.alloc(10_000_001) };
			const { results } = await run(pc, [expense(1)], { files });
			expect(failure(results[0]).failureReason).toContain('10,000,001 bytes');
			expect(pc.writes()).toEqual([]);
		});

		test('an upload that fails after the POST: the journal is named, the rerun reuses it', async () => {
			const pc = new FakeProcountor();
			pc.hooks.push(({ path }) => {
				if (path === '/attachments') throw httpError(400, 'bad file');
			});
			const first = failure((await run(pc, [expense(1)])).results[0]);
			expect(first.failureReasonType).toBe('receipt_upload_failure');
			expect(first.procountor).toMatchObject({ ledgerReceiptId: pc.journals[0].id, reused: false });
			pc.hooks = [];
			const again = success((await run(pc, [expense(1)])).results[0]);
			expect(again.procountor).toMatchObject({ reused: true, attachments: ['ae-1.pdf'] });
			expect(pc.journals).toHaveLength(1);
		});
	});

	describe('closed periods', () => {
		const old = () => expense(1, { date: '2025-06-10T10:00:00Z' });

		test('Fail the Expense: validation_failure naming the date and the period, nothing posted', async () => {
			const pc = new FakeProcountor();
			const f = failure((await run(pc, [old()])).results[0]);
			expect(f.failureReasonType).toBe('validation_failure');
			expect(f.failureReason).toContain('2025-06-10');
			expect(f.failureReason).toContain('closed fiscal year 2025-01-01 – 2025-12-31');
			expect(pc.writes()).toEqual([]);
		});

		test('Post on the First Open Day: booked on 2026-01-01, the original date in the result', async () => {
			const pc = new FakeProcountor();
			const options = { closedPeriods: 'firstOpenDay' };
			const r = success((await run(pc, [old()], { options })).results[0]);
			expect(pc.journals[0].receiptDate).toBe('2026-01-01');
			expect(String(pc.journals[0].body.transactionDescription)).toContain('2025-06-10');
			expect(r.procountor).toMatchObject({
				receiptDate: '2026-01-01',
				dateMoved: true,
				originalDate: '2025-06-10',
			});
		});

		test('Dry Run makes the same decision and posts nothing', async () => {
			const pc = new FakeProcountor();
			const options = { closedPeriods: 'firstOpenDay', dryRun: true };
			const { results } = await run(pc, [old()], { options });
			const r = results[0];
			if (r.status !== 'dry_run') throw new Error('expected a dry run');
			expect(r.procountor.journal.receiptDate).toBe('2026-01-01');
			expect(r.procountor).toMatchObject({ dateMoved: true, attachments: ['ae-1.pdf'] });
			expect(pc.writes()).toEqual([]);
		});
	});

	describe('continueOnFail', () => {
		test.each([false, true])(
			'Procountor failures are result items either way (continueOnFail %s)',
			async (continueOnFail) => {
				const pc = new FakeProcountor();
				pc.hooks.push(({ method, path }) => {
					if (method === 'POST' && path === '/ledgerreceipts') throw httpError(401);
				});
				const { out, results } = await run(pc, [expense(1), expense(2)], { continueOnFail });
				expect(results.map((r) => failure(r).failureReasonType)).toEqual([
					'accounting_system_authentication_failure',
					'accounting_system_authentication_failure',
				]);
				expect(out.map((x) => x.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
			},
		);

		test('settings Procountor cannot give fail every item; nothing is posted', async () => {
			const pc = new FakeProcountor();
			pc.hooks.push(({ path }) => {
				if (path === '/fiscalyears') throw httpError(403, 'Forbidden');
			});
			const { results } = await run(pc, [expense(1), expense(2)], { continueOnFail: true });
			for (const r of results) expect(failure(r).failureReason).toContain('fiscal-year settings');
			expect(pc.writes()).toEqual([]);
		});

		test('an error that is not Procountor’s stops the node, naming the item', async () => {
			const pc = new FakeProcountor();
			pc.hooks.push(({ path }) => {
				if (path === '/company') throw new TypeError('a bug');
			});
			await expect(run(pc, [expense(1)])).rejects.toMatchObject({
				context: { itemIndex: 0 },
			});
		});
	});

	test('Approve Journals approves after the verification; a refused approval is reported', async () => {
		const pc = new FakeProcountor();
		const options = { approve: true };
		const ok = success((await run(pc, [expense(1)], { options })).results[0]);
		expect(ok.procountor.approved).toBe(true);
		pc.hooks.push(({ path }) => {
			if (path.endsWith('/approve')) throw httpError(400, 'period locked');
		});
		const refused = success((await run(pc, [expense(2)], { options })).results[0]);
		expect(refused.procountor.approved).toBe(false);
		expect(refused.procountor.approvalError).toContain('period locked');
	});

	test('the same expense twice in one execution: one journal, the second copy reuses it', async () => {
		const pc = new FakeProcountor();
		const { results } = await run(pc, [expense(1), expense(1)], {
			options: { concurrency: 4 },
		});
		expect(pc.journals).toHaveLength(1);
		expect(results.map((r) => success(r).procountor.reused)).toEqual([false, true]);
	});
});
