// The Pleo sandbox side of Reconcile Exports: accounting entries whose export status follows the
// export jobs, deleted entries, and the admin switch that plants each discrepancy.
import { startPleoSandbox, type PleoSandbox } from '../../sandbox/pleo';
import { pleoAll, pleoApi } from './helpers/pleoClient';

let sb: PleoSandbox;
beforeAll(async () => {
	sb = await startPleoSandbox();
});
afterAll(async () => {
	await sb.close();
});
beforeEach(() => sb.reset());

const q = (): string => `company_id=${sb.companyId}`;
async function entries(includeDeleted: boolean): Promise<any[]> {
	const { items } = await pleoAll(sb, 'POST', `/v1/accounting-entries:search?${q()}&limit=100`, {
		includeDeleted,
	});
	return items;
}
const byId = (list: any[], id: string) => list.find((e) => e.id === id);
const plant = (id: string, body: unknown) =>
	fetch(`${sb.url}/_sandbox/expenses/${id}/plant`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify(body),
	});

describe('export status follows the export jobs', () => {
	it('QUEUED → EXPORTING in a job → EXPORTED when reported successful, QUEUED again otherwise', async () => {
		const [a, b] = [...sb.state.expenses.keys()];
		const job = await sb.clickExport({ accountingEntryIds: [a, b] });
		let list = await entries(false);
		expect(byId(list, a).exportStatus).toBe('EXPORTING');
		await pleoApi(sb, 'POST', '/v3/export-job-events', { jobId: job.id, event: 'started' });
		await pleoApi(sb, 'PUT', `/v3/export-jobs/${job.id}/items`, [
			{
				accountingEntryId: a,
				status: 'successful',
				externalId: '1',
				exportedAt: '2026-03-01T10:00:00Z',
			},
			{
				accountingEntryId: b,
				status: 'failed',
				failureReasonType: 'account_unknown',
				failureReason: 'x',
			},
		]);
		await pleoApi(sb, 'POST', '/v3/export-job-events', {
			jobId: job.id,
			event: 'completed_with_errors',
		});
		list = await entries(false);
		expect(byId(list, a).exportStatus).toBe('EXPORTED');
		expect(byId(list, b).exportStatus).toBe('QUEUED');
	});
});

describe('planting discrepancies', () => {
	it('delete: gone from includeDeleted=false, present with deletedAt when includeDeleted=true; restore undoes it', async () => {
		const id = [...sb.state.expenses.keys()][0];
		const r = await plant(id, { kind: 'delete' });
		expect(r.status).toBe(200);
		expect(byId(await entries(false), id)).toBeUndefined();
		const deleted = byId(await entries(true), id);
		expect(deleted.deletedAt).toEqual(expect.any(String));
		expect(
			(await pleoApi(sb, 'GET', `/v1/accounting-entries/${id}?include_deleted=false`)).status,
		).toBe(404);
		sb.plant(id, { kind: 'restore' });
		expect(byId(await entries(false), id).deletedAt).toBeNull();
		// a deleted expense cannot be exported any more
		sb.plant(id, { kind: 'delete' });
		expect(sb.state.expenses.get(id)!.deleted).toBe(true);
		await expect(sb.clickExport({ accountingEntryIds: [id] })).rejects.toThrow(/does not exist/);
	});

	it('mark_exported / mark_queued set the export status without any job', async () => {
		const id = [...sb.state.expenses.keys()][1];
		sb.plant(id, { kind: 'mark_exported' });
		expect(byId(await entries(false), id).exportStatus).toBe('EXPORTED');
		sb.plant(id, { kind: 'mark_queued' });
		expect(byId(await entries(false), id).exportStatus).toBe('QUEUED');
	});

	it('change_amount moves totalBillValue and the export item amount by exactly deltaMinors', async () => {
		const id = [...sb.state.expenses.keys()][0];
		const before = byId(await entries(false), id).totalBillValue.minors;
		sb.plant(id, { kind: 'change_amount', deltaMinors: 1 });
		const after = byId(await entries(false), id);
		expect(after.totalBillValue.minors).toBe(before + 1);
		expect(after.updatedAt).not.toBe(after.createdAt);
	});

	it('change_date moves performedAt; add_receipt adds a receipt id that can be fetched', async () => {
		const id = [...sb.state.expenses.keys()][0];
		const receiptsBefore = byId(await entries(false), id).receiptIds.length;
		sb.plant(id, { kind: 'change_date', date: '2026-03-30T10:00:00Z' });
		sb.plant(id, { kind: 'add_receipt' });
		const e = byId(await entries(false), id);
		expect(e.performedAt).toBe('2026-03-30T10:00:00Z');
		expect(e.receiptIds.length).toBe(receiptsBefore + 1);
		const rid = e.receiptIds[e.receiptIds.length - 1];
		const r = await pleoApi(sb, 'GET', `/v1/accounting-entries/${id}/receipts/${rid}`);
		expect(r.status).toBe(200);
		expect(r.body.data.mimeType).toBe('application/pdf');
	});

	it('rejects an unknown kind, a bad delta, a bad date and an unknown expense with 400/404', async () => {
		const id = [...sb.state.expenses.keys()][0];
		expect((await plant(id, { kind: 'explode' })).status).toBe(400);
		expect((await plant(id, { kind: 'change_amount', deltaMinors: 0.5 })).status).toBe(400);
		expect((await plant(id, { kind: 'change_date', date: 'soon' })).status).toBe(400);
		expect((await plant('nope', { kind: 'delete' })).status).toBe(404);
	});
});
