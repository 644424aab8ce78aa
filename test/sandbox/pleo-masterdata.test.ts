import { startPleoSandbox, type PleoSandbox } from '../../sandbox/pleo';
import { pleoAll, pleoApi } from './helpers/pleoClient';

let sb: PleoSandbox;

beforeAll(async () => {
	sb = await startPleoSandbox({ activeTagCapPerGroup: 30 });
});
afterAll(async () => {
	await sb.close();
});
beforeEach(() => sb.reset());

const q = (): string => `company_id=${sb.companyId}`;

async function group(code: string): Promise<any> {
	const r = await pleoApi(sb, 'GET', `/v0/tag-groups?${q()}`);
	return r.body.data.find((g: any) => g.code === code);
}

describe('tag groups and tags', () => {
	it('seeds the groups and tags of the seed contract', async () => {
		const r = await pleoApi(sb, 'GET', `/v0/tag-groups?${q()}`);
		expect(r.status).toBe(200);
		expect(r.body.data.map((g: any) => g.code).sort()).toEqual(['KUSTANNUSPAIKKA', 'PROJEKTI']);
		const kp = await group('KUSTANNUSPAIKKA');
		const tags = await pleoApi(sb, 'GET', `/v0/tag-groups/${kp.id}/tags?include_archived=true`);
		expect(tags.body.data.map((t: any) => [t.code, t.name])).toEqual([
			['100', 'Hallinto'],
			['200', 'Sales'],
			['OLD', 'Old cost centre'],
		]);
		expect(tags.body.pagination).toMatchObject({
			hasNextPage: false,
			hasPreviousPage: false,
			total: 3,
		});
		expect(sb.state.writeCount).toBe(0);
	});

	it('group codes and tag codes are unique case-insensitively (409, also on PUT)', async () => {
		const dup = await pleoApi(sb, 'POST', `/v0/tag-groups?${q()}`, {
			name: 'x',
			code: 'projekti',
			archived: false,
		});
		expect(dup.status).toBe(409);
		const created = await pleoApi(sb, 'POST', `/v0/tag-groups?${q()}`, {
			name: 'Alue',
			code: 'ALUE',
			archived: false,
			metadata: { externalExtraId: '203' },
		});
		expect(created.status).toBe(201);
		expect(created.body.data).toMatchObject({
			code: 'ALUE',
			metadata: { externalExtraId: '203' },
			companyId: sb.companyId,
		});
		const putDup = await pleoApi(sb, 'PUT', `/v0/tag-groups/${created.body.data.id}`, {
			name: 'Alue',
			code: 'Projekti',
			archived: false,
			metadata: {},
		});
		expect(putDup.status).toBe(409);
		const kp = await group('KUSTANNUSPAIKKA');
		const tagDup = await pleoApi(sb, 'POST', `/v0/tag-groups/${kp.id}/tags`, {
			code: 'old',
			name: 'x',
			archived: false,
		});
		expect(tagDup.status).toBe(409);
		expect(tagDup.body.type).toEqual(expect.any(String));
		const t = await pleoApi(sb, 'POST', `/v0/tag-groups/${kp.id}/tags`, {
			code: '300',
			name: 'Tuotekehitys',
			archived: false,
		});
		expect(t.status).toBe(201);
		const putTagDup = await pleoApi(sb, 'PUT', `/v0/tags/${t.body.data.id}`, {
			code: 'Old',
			name: 'x',
			archived: false,
		});
		expect(putTagDup.status).toBe(409);
		// the same code in another group is fine
		const pr = await group('PROJEKTI');
		expect(
			(
				await pleoApi(sb, 'POST', `/v0/tag-groups/${pr.id}/tags`, {
					code: '300',
					name: 'y',
					archived: false,
				})
			).status,
		).toBe(201);
		expect(sb.state.writeCount).toBe(3);
		const g = await pleoApi(sb, 'GET', `/v0/tag-groups/${created.body.data.id}`);
		expect(g.body.data.code).toBe('ALUE');
		expect((await pleoApi(sb, 'DELETE', `/v0/tag-groups/${created.body.data.id}`)).status).toBe(
			204,
		);
		expect((await pleoApi(sb, 'GET', `/v0/tag-groups/${created.body.data.id}`)).status).toBe(404);
	});

	it('renames, archives and unarchives tags (PUT and bulk archive)', async () => {
		const kp = await group('KUSTANNUSPAIKKA');
		const tags = (await pleoApi(sb, 'GET', `/v0/tag-groups/${kp.id}/tags`)).body.data;
		const t200 = tags.find((t: any) => t.code === '200');
		const old = tags.find((t: any) => t.code === 'OLD');
		const renamed = await pleoApi(sb, 'PUT', `/v0/tags/${t200.id}`, {
			code: '200',
			name: 'Myynti',
			archived: false,
		});
		expect(renamed.body.data.name).toBe('Myynti');
		const arch = await pleoApi(sb, 'POST', '/v0/tags/archive', {
			companyId: sb.companyId,
			tagIds: [old.id],
			archived: true,
		});
		expect(arch.status).toBe(200);
		const active = (await pleoApi(sb, 'GET', `/v0/tag-groups/${kp.id}/tags`)).body.data.map(
			(t: any) => t.code,
		);
		expect(active).toEqual(['100', '200']);
		const all = (await pleoApi(sb, 'GET', `/v0/tag-groups/${kp.id}/tags?include_archived=true`))
			.body.data;
		expect(all.find((t: any) => t.code === 'OLD').archived).toBe(true);
		await pleoApi(sb, 'POST', '/v0/tags/archive', {
			companyId: sb.companyId,
			tagIds: [old.id],
			archived: false,
		});
		expect((await pleoApi(sb, 'GET', `/v0/tags/${old.id}`)).body.data.archived).toBe(false);
		const tooMany = await pleoApi(sb, 'POST', '/v0/tags/archive', {
			companyId: sb.companyId,
			tagIds: Array(101).fill(old.id),
			archived: true,
		});
		expect(tooMany.status).toBe(400);
		expect(sb.state.writeCount).toBe(3);
		expect(sb.state.writeLog.map((w) => w.method)).toEqual(['PUT', 'POST', 'POST']);
	});

	it('enforces the active-tag cap on create and unarchive; pages over several pages', async () => {
		const g = (
			await pleoApi(sb, 'POST', `/v0/tag-groups?${q()}`, {
				name: 'Big',
				code: 'BIG',
				archived: false,
			})
		).body.data;
		for (let i = 0; i < 30; i++) {
			const r = await pleoApi(sb, 'POST', `/v0/tag-groups/${g.id}/tags`, {
				code: `T${i}`,
				name: `Tag ${i}`,
				archived: false,
			});
			expect(r.status).toBe(201);
		}
		const over = await pleoApi(sb, 'POST', `/v0/tag-groups/${g.id}/tags`, {
			code: 'T30',
			name: 'x',
			archived: false,
		});
		expect(over.status).toBe(400);
		const archivedOk = await pleoApi(sb, 'POST', `/v0/tag-groups/${g.id}/tags`, {
			code: 'T30',
			name: 'x',
			archived: true,
		});
		expect(archivedOk.status).toBe(201);
		const unarchive = await pleoApi(sb, 'PUT', `/v0/tags/${archivedOk.body.data.id}`, {
			code: 'T30',
			name: 'x',
			archived: false,
		});
		expect(unarchive.status).toBe(400);
		const bulk = await pleoApi(sb, 'POST', '/v0/tags/archive', {
			companyId: sb.companyId,
			tagIds: [archivedOk.body.data.id],
			archived: false,
		});
		expect(bulk.status).toBe(400);
		const { items, pages } = await pleoAll(
			sb,
			'GET',
			`/v0/tag-groups/${g.id}/tags?include_archived=true&limit=7`,
		);
		expect(pages).toBe(5);
		expect(items.map((t: any) => t.code)).toEqual([
			...Array.from({ length: 30 }, (_, i) => `T${i}`),
			'T30',
		]);
		const first = await pleoApi(sb, 'GET', `/v0/tag-groups/${g.id}/tags?limit=7`);
		expect(first.body.pagination.endCursor).toMatch(/^[A-Z2-7=~]+$/);
		expect((await pleoApi(sb, 'GET', `/v0/tag-groups/${g.id}/tags?limit=101`)).status).toBe(400);
		const search = await pleoAll(sb, 'POST', `/v0/tags:search?${q()}&limit=10`, {
			tagGroupIds: [g.id],
			textSearch: 't1',
			includeArchived: true,
		});
		expect(search.items.map((t: any) => t.code).sort()).toEqual([
			'T1',
			'T10',
			'T11',
			'T12',
			'T13',
			'T14',
			'T15',
			'T16',
			'T17',
			'T18',
			'T19',
		]);
		expect(search.pages).toBe(2);
	});
});

describe('chart of accounts', () => {
	it('creates 201, matches 200, conflicts 409', async () => {
		const body = {
			companyId: sb.companyId,
			externalId: '4000',
			name: 'Purchases',
			code: '4000',
			archived: false,
		};
		const created = await pleoApi(sb, 'POST', '/v1/chart-of-accounts', body);
		expect(created.status).toBe(201);
		expect(created.body.data).toMatchObject({
			externalId: '4000',
			name: 'Purchases',
			code: '4000',
			archived: false,
		});
		const matched = await pleoApi(sb, 'POST', '/v1/chart-of-accounts', body);
		expect(matched.status).toBe(200);
		expect(matched.body.data.id).toBe(created.body.data.id);
		const conflict = await pleoApi(sb, 'POST', '/v1/chart-of-accounts', { ...body, name: 'Ostot' });
		expect(conflict.status).toBe(409);
		expect(sb.state.writeCount).toBe(1);
		const got = await pleoApi(sb, 'GET', `/v1/chart-of-accounts/${created.body.data.id}`);
		expect(got.body.data.name).toBe('Purchases');
		const put = await pleoApi(sb, 'PUT', `/v1/chart-of-accounts/${created.body.data.id}`, {
			name: 'Ostot',
			archived: true,
			code: '4000',
		});
		expect(put.body.data).toMatchObject({ name: 'Ostot', archived: true });
		const search = await pleoApi(sb, 'POST', '/v1/chart-of-accounts:search', {
			companyId: sb.companyId,
			codes: ['4000', '6800'],
		});
		expect(search.body.data.map((a: any) => a.code).sort()).toEqual(['4000', '6800']);
		const list = await pleoAll(sb, 'GET', `/v1/chart-of-accounts?${q()}&limit=5`);
		expect(list.items.map((a: any) => a.externalId)).toEqual(
			expect.arrayContaining(['6800', '7777', '1940', '2940', '1910', '4000']),
		);
		expect(
			(await pleoApi(sb, 'DELETE', `/v1/chart-of-accounts/${created.body.data.id}`)).status,
		).toBe(204);
		const used = list.items.find((a: any) => a.externalId === '6800');
		expect((await pleoApi(sb, 'DELETE', `/v1/chart-of-accounts/${used.id}`)).status).toBe(409);
	});

	it('batch reports created and failed with reasons', async () => {
		const items = [
			{ externalId: '4010', name: 'Ostot 2', archived: false },
			{ externalId: '6800', name: 'Dup', archived: false },
			{ externalId: '', name: 'No id', archived: false },
			{ externalId: 'x'.repeat(256), name: 'Long id', archived: false },
			{ externalId: '4020', name: '', archived: false },
			{ externalId: '4030', name: 'n'.repeat(256), archived: false },
			{ externalId: '4040', name: 'Long code', code: 'c'.repeat(256), archived: false },
		];
		const r = await pleoApi(sb, 'POST', '/v1/chart-of-accounts/batch', {
			companyId: sb.companyId,
			items,
		});
		expect(r.status).toBe(200);
		expect(r.body.created.map((a: any) => a.externalId)).toEqual(['4010']);
		expect(r.body.failed.map((f: any) => f.reasons)).toEqual([
			['EXTERNAL_ID_ALREADY_EXISTS'],
			['EXTERNAL_ID_EMPTY'],
			['EXTERNAL_ID_TOO_LONG'],
			['NAME_EMPTY'],
			['NAME_TOO_LONG'],
			['CODE_TOO_LONG'],
		]);
		expect(r.body.failed[0].request).toEqual(items[1]);
		const tooMany = Array.from({ length: 1001 }, (_, i) => ({
			externalId: `B${i}`,
			name: `B${i}`,
			archived: false,
		}));
		expect(
			(
				await pleoApi(sb, 'POST', '/v1/chart-of-accounts/batch', {
					companyId: sb.companyId,
					items: tooMany,
				})
			).status,
		).toBe(400);
		expect(
			(
				await pleoApi(sb, 'POST', '/v1/chart-of-accounts/batch', {
					companyId: sb.companyId,
					items: [],
				})
			).status,
		).toBe(400);
	});
});

describe('tax codes', () => {
	it('seeds, creates, rejects duplicates, updates, searches and deletes', async () => {
		const seeded = await pleoAll(sb, 'POST', `/v0/tax-codes:search?${q()}`, {});
		expect(seeded.items.map((t: any) => [t.code, t.rate, t.type])).toEqual([
			['VAT25.5', 0.255, 'inclusive'],
			['VAT14', 0.14, 'inclusive'],
			['VAT13.5', 0.135, 'inclusive'],
			['VAT10', 0.1, 'inclusive'],
			['VAT0', 0, 'inclusive'],
			['EURC', 0.255, 'reverse'],
		]);
		const body = {
			companyId: sb.companyId,
			name: 'VAT 24%',
			code: 'VAT24',
			rate: 0.24,
			type: 'inclusive',
			archived: false,
		};
		const created = await pleoApi(sb, 'POST', '/v0/tax-codes', body);
		expect(created.status).toBe(201);
		expect((await pleoApi(sb, 'POST', '/v0/tax-codes', { ...body, code: 'vat24' })).status).toBe(
			409,
		);
		expect(
			(await pleoApi(sb, 'POST', '/v0/tax-codes', { ...body, code: 'X', type: 'weird' })).status,
		).toBe(400);
		const put = await pleoApi(sb, 'PUT', `/v0/tax-codes/${created.body.data.id}`, {
			...body,
			archived: true,
		});
		expect(put.body.data.archived).toBe(true);
		const archived = await pleoApi(sb, 'POST', `/v0/tax-codes:search?${q()}`, { archived: true });
		expect(archived.body.data.map((t: any) => t.code)).toEqual(['VAT24']);
		expect((await pleoApi(sb, 'GET', `/v0/tax-codes/${created.body.data.id}`)).body.data.code).toBe(
			'VAT24',
		);
		expect((await pleoApi(sb, 'DELETE', `/v0/tax-codes/${created.body.data.id}`)).status).toBe(204);
		expect((await pleoApi(sb, 'GET', `/v0/tax-codes/${created.body.data.id}`)).status).toBe(404);
		expect((await pleoApi(sb, 'POST', '/v0/tax-codes:search', {})).status).toBe(400);
	});
});

describe('accounting entries', () => {
	it('searches with cursor paging; includeDeleted is required', async () => {
		expect((await pleoApi(sb, 'POST', `/v1/accounting-entries:search?${q()}`, {})).status).toBe(
			400,
		);
		const { items, pages } = await pleoAll(
			sb,
			'POST',
			`/v1/accounting-entries:search?${q()}&limit=5`,
			{ includeDeleted: false },
		);
		expect(items.length).toBe(sb.state.expenses.size);
		expect(pages).toBe(Math.ceil(items.length / 5));
		for (const e of items) {
			expect(e).toMatchObject({
				companyId: sb.companyId,
				exportStatus: 'QUEUED',
				transactionValue: { currency: expect.any(String), minors: expect.any(Number) },
			});
			expect(e.receiptIds).toEqual(expect.any(Array));
		}
		const split = items.find((e: any) => e.splitItems.length > 0);
		expect(split.splitItems.length).toBe(3);
		const mileage = await pleoApi(sb, 'POST', `/v1/accounting-entries:search?${q()}`, {
			includeDeleted: false,
			families: ['MILEAGE'],
		});
		expect(mileage.body.data.length).toBe(1);
		const feb = await pleoApi(sb, 'POST', `/v1/accounting-entries:search?${q()}&limit=100`, {
			includeDeleted: false,
			performedAtStart: '2026-02-01T00:00:00Z',
			performedAtEnd: '2026-02-28T23:59:59Z',
		});
		expect(feb.body.data.every((e: any) => e.performedAt.startsWith('2026-02'))).toBe(true);
		expect(feb.body.data.length).toBeGreaterThan(0);
		const both = await pleoApi(sb, 'POST', `/v1/accounting-entries:search?${q()}`, {
			includeDeleted: false,
			performedAtStart: '2026-01-01T00:00:00Z',
			settledAtStart: '2026-01-01T00:00:00Z',
		});
		expect(both.status).toBe(400);
		expect(
			(
				await pleoApi(sb, 'POST', `/v1/accounting-entries:search?${q()}&limit=101`, {
					includeDeleted: false,
				})
			).status,
		).toBe(400);
	});

	it('gets one entry and its receipts with downloadable URLs', async () => {
		const id = [...sb.state.expenses.values()].find((e) => e.fileIds.length === 2)!.id;
		const e = await pleoApi(sb, 'GET', `/v1/accounting-entries/${id}`);
		expect(e.status).toBe(200);
		expect(e.body.data.id).toBe(id);
		const receipts = await pleoApi(sb, 'GET', `/v1/accounting-entries/${id}/receipts`);
		expect(receipts.body.data.length).toBe(2);
		const r = receipts.body.data[0];
		expect(r).toMatchObject({
			accountingEntryId: id,
			mimeType: expect.any(String),
			sizeInBytes: expect.any(Number),
		});
		const file = await fetch(r.url);
		expect(file.status).toBe(200);
		expect(Buffer.from(await file.arrayBuffer()).length).toBe(r.sizeInBytes);
		expect((await pleoApi(sb, 'GET', '/v1/accounting-entries/nope')).status).toBe(404);
	});

	it('addExpenses generates deterministic expenses into the queue', async () => {
		const before = sb.state.expenses.size;
		const ids = sb.addExpenses(25);
		expect(ids.length).toBe(25);
		expect(sb.state.expenses.size).toBe(before + 25);
		const other = await startPleoSandbox({ generatedExpenses: 25 });
		try {
			const otherIds = [...other.state.expenses.keys()].slice(before);
			expect(otherIds).toEqual(ids);
			const a = sb.state.expenses.get(ids[3])!;
			const b = other.state.expenses.get(ids[3])!;
			expect(b.lines).toEqual(a.lines);
		} finally {
			await other.close();
		}
	});
});
