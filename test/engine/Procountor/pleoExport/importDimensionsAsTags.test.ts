// Procountor › Pleo Export › Import Dimensions as Tags in n8n-core's WorkflowExecute: Procountor's
// cost centres and projects (the Procountor sandbox) become tag groups and tags in the Pleo sandbox.
import axios from 'axios';
import type { IDataObject } from 'n8n-workflow';
import { apiToken } from '../../helpers';
import { findOne } from '../../../harness';
import { usePleoExportEngine } from '../../helpers/procountor';

const env = usePleoExportEngine();

function pleoTags(groupCode: string) {
	const groups = env.pleo.state.tagGroups.values();
	const group = findOne(groups, (g) => g.code === groupCode, `tag group ${groupCode}`);
	const tags = [...env.pleo.state.tags.values()].filter((t) => t.groupId === group.id);
	return Object.fromEntries(
		tags.map((t) => [t.code, `${t.name ?? ''}${t.archived ? ' (archived)' : ''}`]),
	);
}

const syncParams = (extra: IDataObject = {}): IDataObject => ({
	operation: 'importDimensionsAsTags',
	dimensionIds: [201, 202],
	dryRun: false,
	...extra,
});

describe('Import Dimensions as Tags', () => {
	test('syncs the seed: creates, renames and archives; inactive items get no tag; a second run writes nothing', async () => {
		const before = env.pleo.state.writeCount;
		const r = await env.run(syncParams(), [{ a: 1 }, { a: 2 }]);
		expect(r.error).toBeUndefined();
		const [cc, prj] = r.json('Procountor');
		expect(r.items('Procountor').map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 0 }]);
		expect(cc).toMatchObject({
			dimension: { id: 201, name: 'Kustannuspaikka' },
			tagGroup: { code: 'KUSTANNUSPAIKKA', created: false },
			counts: { created: 2, renamed: 1, archived: 1, unarchived: 0, unchanged: 1 },
			dryRun: false,
		});
		expect(cc.changes).toEqual(
			expect.arrayContaining([
				expect.objectContaining({ action: 'rename', code: '200', from: 'Sales', to: 'Myynti' }),
				expect.objectContaining({ action: 'archive', code: 'OLD' }),
				expect.objectContaining({ action: 'create', code: '300', name: 'Tuotekehitys' }),
			]),
		);
		expect(prj).toMatchObject({
			tagGroup: { code: 'PROJEKTI', created: false },
			counts: { created: 2, unchanged: 1 },
		});
		expect(pleoTags('KUSTANNUSPAIKKA')).toEqual({
			'100': 'Hallinto',
			'200': 'Myynti',
			'300': 'Tuotekehitys',
			'400': 'Markkinointi',
			OLD: 'Old cost centre (archived)',
		});
		expect(pleoTags('PROJEKTI')).toEqual({
			PRJ1001: 'Verkkosivu-uudistus',
			PRJ1002: 'Pohjoismaiden laajennus',
			PRJ1003: 'ERP-migraatio',
		});
		expect(env.pleo.state.writeCount).toBeGreaterThan(before);

		const writes = env.pleo.state.writeCount;
		const again = await env.run(syncParams());
		expect(again.error).toBeUndefined();
		expect(env.pleo.state.writeCount).toBe(writes);
		for (const s of again.json('Procountor')) {
			expect(s).toMatchObject({
				counts: { created: 0, renamed: 0, archived: 0, unarchived: 0 },
				changes: [],
				changed: false,
			});
		}
	});

	test('an item deactivated in Procountor is archived in Pleo on the next run, and unarchived when it returns', async () => {
		await env.run(syncParams());
		const token = await apiToken(env.sb);
		const put = (status?: string) =>
			axios.put(
				`${env.sb.apiUrl}/dimensions/201/items`,
				{ id: 2013, codeName: '300', description: 'Tuotekehitys', ...(status ? { status } : {}) },
				{ headers: { Authorization: `Bearer ${token}` } },
			);
		await put('P');
		const r = await env.run(syncParams({ dimensionIds: [201] }));
		expect(r.json('Procountor')[0]).toMatchObject({ counts: { archived: 1, created: 0 } });
		expect(pleoTags('KUSTANNUSPAIKKA')['300']).toBe('Tuotekehitys (archived)');

		await put();
		const back = await env.run(syncParams({ dimensionIds: [201] }));
		expect(back.json('Procountor')[0]).toMatchObject({ counts: { unarchived: 1, archived: 0 } });
		expect(pleoTags('KUSTANNUSPAIKKA')['300']).toBe('Tuotekehitys');
	});

	test('dry run reports the diff and writes nothing', async () => {
		const writes = env.pleo.state.writeCount;
		const r = await env.run(
			syncParams({
				dryRun: true,
				groupCodes: { codes: [{ dimensionId: 202, groupCode: 'PROJECTS' }] },
			}),
		);
		expect(r.error).toBeUndefined();
		expect(env.pleo.state.writeCount).toBe(writes);
		const [cc, prj] = r.json('Procountor');
		expect(cc).toMatchObject({ dryRun: true, counts: { created: 2, renamed: 1, archived: 1 } });
		expect(prj).toMatchObject({
			dryRun: true,
			tagGroup: { id: null, code: 'PROJECTS', created: true },
			counts: { created: 3 },
		});
		expect(pleoTags('KUSTANNUSPAIKKA')['200']).toBe('Sales');
	});

	test('a group code override creates a new tag group named after the dimension', async () => {
		const r = await env.run(
			syncParams({
				dimensionIds: [202],
				groupCodes: { codes: [{ dimensionId: 202, groupCode: 'PROJECTS' }] },
			}),
		);
		expect(r.error).toBeUndefined();
		expect(r.json('Procountor')[0]).toMatchObject({
			tagGroup: { code: 'PROJECTS', name: 'Projekti', created: true },
			counts: { created: 3 },
		});
		expect(Object.keys(pleoTags('PROJECTS')).sort()).toEqual(['PRJ1001', 'PRJ1002', 'PRJ1003']);
	});

	test('Pleo 503s on reads are retried; a failing create is not repeated and surfaces as a Pleo error', async () => {
		env.pleo.setFaults({ fail5xxNext: 2 });
		const r = await env.run(syncParams({ dimensionIds: [202] }));
		expect(r.error).toBeUndefined();
		expect(r.json('Procountor')[0]).toMatchObject({ counts: { created: 2 } });

		env.pleo.reset();
		// reads: tag groups, one page of tags; then the first create answers 503 and is not retried
		const writes = env.pleo.state.writeCount;
		const original = env.pleo.state.tags.size;
		let calls = 0;
		const spy = jest.spyOn(env.pleo.state.tags, 'set').mockImplementation(function (
			this: Map<string, never>,
			...args
		) {
			calls++;
			throw Object.assign(new Error('boom'), { args });
		});
		const failed = await env.run(syncParams({ dimensionIds: [202] }));
		spy.mockRestore();
		expect(failed.error?.message).toMatch(/^Pleo API error 500 /);
		expect(calls).toBe(1);
		expect(env.pleo.state.tags.size).toBe(original);
		expect(env.pleo.state.writeCount).toBe(writes);
	});

	test('0 or 6 dimensions, or an unknown dimension, is a clear error before anything is written', async () => {
		const writes = env.pleo.state.writeCount;
		// an empty list in the editor is refused by n8n itself (required); an expression reaches the node
		await expect(env.run(syncParams({ dimensionIds: [] }))).rejects.toThrow(
			/"Dimension Names or IDs" is required/,
		);
		const none = await env.run(syncParams({ dimensionIds: '={{ [] }}' }));
		expect(none.error?.message).toBe('No Procountor dimension is selected');
		const six = await env.run(syncParams({ dimensionIds: [201, 202, 203, 204, 205, 206] }));
		expect(six.error?.message).toMatch(/6 dimensions are selected; Pleo syncs at most 5/);
		const unknown = await env.run(syncParams({ dimensionIds: [201, 999] }));
		expect(unknown.error?.message).toBe('Procountor has no dimension with ID 999');
		expect(env.pleo.state.writeCount).toBe(writes);
	});
});
