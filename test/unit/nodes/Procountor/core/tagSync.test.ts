import fc from 'fast-check';
import {
	diffDimensionToTags,
	diffGroup,
	tagNameOf,
	type ExistingTag,
	type ProcountorDimension,
	type TagDiff,
} from '../../../../../nodes/Procountor/core';
import { DIMENSIONS } from './fixtures';

const RUNS = { numRuns: 10_000, seed: 20261129 };

/** Applies a diff the way the node would (create, rename, archive, unarchive). */
function apply(tags: ExistingTag[], diff: TagDiff): ExistingTag[] {
	const out = tags.map((t) => ({ ...t }));
	for (const r of diff.rename) out.find((t) => t.id === r.id)!.name = r.to;
	for (const a of diff.archive) out.find((t) => t.id === a.id)!.archived = true;
	for (const u of diff.unarchive) out.find((t) => t.id === u.id)!.archived = false;
	diff.create.forEach((c, i) =>
		out.push({ id: `new-${out.length}-${i}`, code: c.code, name: c.name, archived: false }),
	);
	return out;
}

function activeSet(tags: ExistingTag[]) {
	return tags
		.filter((t) => !t.archived)
		.map((t) => `${(t.code ?? '').trim().toLowerCase()}|${t.name}`)
		.sort();
}

function desiredSet(dim: ProcountorDimension) {
	const seen = new Set<string>();
	const out: string[] = [];
	for (const i of dim.items) {
		const code = i.codeName.trim();
		if (!code || i.status === 'P' || seen.has(code.toLowerCase())) continue;
		seen.add(code.toLowerCase());
		out.push(`${code.toLowerCase()}|${tagNameOf(i)}`);
	}
	return out.sort();
}

describe('diffDimensionToTags', () => {
	it('seed: creates, renames (200 Sales → Myynti) and archives OLD', () => {
		const existing: ExistingTag[] = [
			{ id: 't100', code: '100', name: 'Hallinto', archived: false },
			{ id: 't200', code: '200', name: 'Sales', archived: false },
			{ id: 'told', code: 'OLD', name: 'Old cost centre', archived: false },
		];
		const d = diffDimensionToTags(DIMENSIONS[0], existing);
		expect(d.create).toEqual([
			{ code: '300', name: 'Tuotekehitys' },
			{ code: '400', name: 'Markkinointi' },
		]);
		expect(d.rename).toEqual([{ id: 't200', code: '200', from: 'Sales', to: 'Myynti' }]);
		expect(d.archive).toEqual([
			{
				id: 'told',
				code: 'OLD',
				reason: "item no longer exists in Procountor dimension 'Kustannuspaikka'",
			},
		]);
		expect(d.unarchive).toEqual([]);
		expect(d.unchanged).toBe(1);
	});
	it('archives inactive items, unarchives returning ones, handles duplicates and case', () => {
		const existing: ExistingTag[] = [
			{ id: 'a', code: '900', name: 'Lakkautettu', archived: false },
			{ id: 'b', code: '300', name: 'Tuotekehitys', archived: true },
			{ id: 'c1', code: '100', name: 'Admin', archived: false },
			{ id: 'c2', code: '100', name: 'Hallinto', archived: false },
			{ id: 'd', code: 'prj1001', name: 'X', archived: false },
			{ id: 'e', code: null, name: 'no code', archived: false },
		];
		const d = diffDimensionToTags(DIMENSIONS[0], existing);
		expect(d.archive).toEqual(
			expect.arrayContaining([
				{
					id: 'a',
					code: '900',
					reason: "item is inactive in Procountor dimension 'Kustannuspaikka'",
				},
				{ id: 'c1', code: '100', reason: "duplicate of code '100'" },
				{ id: 'e', code: '', reason: 'tag has no code' },
			]),
		);
		expect(d.unarchive).toEqual([{ id: 'b', code: '300' }]);
		const p = diffDimensionToTags(DIMENSIONS[1], [existing[4]]);
		expect(p.rename).toEqual([{ id: 'd', code: 'prj1001', from: 'X', to: 'Verkkosivu-uudistus' }]);
	});
	it('skips empty and duplicate codes, sanitises names', () => {
		const dim: ProcountorDimension = {
			id: 9,
			name: 'Työmaa',
			items: [
				{ id: 1, codeName: '' },
				{ id: 2, codeName: 'A1', description: 'Объект 🏗' },
				{ id: 3, codeName: 'a1', description: 'dup' },
				{ id: 4, codeName: 'B2' },
			],
		};
		const d = diffDimensionToTags(dim, []);
		expect(d.create).toEqual([
			{ code: 'A1', name: 'Obekt ?' },
			{ code: 'B2', name: 'B2' },
		]);
		expect(d.skipped.map((s) => s.reason)).toEqual(['empty code', 'duplicate code in Procountor']);
	});
	it('property: applying the diff yields exactly the active items; re-diff is empty', () => {
		const codeArb = fc.constantFrom('100', '200', 'A', 'a', 'B', 'x1', 'X1', ' c ', '');
		const nameArb = fc.constantFrom('Hallinto', 'Myynti', 'n', 'Ä', '🎉', '');
		const itemArb = fc.record({
			codeName: codeArb,
			description: fc.option(nameArb, { nil: undefined }),
			status: fc.constantFrom(undefined, 'P'),
		});
		const tagArb = fc.record({
			code: fc.option(codeArb, { nil: null }),
			name: fc.option(nameArb, { nil: null }),
			archived: fc.boolean(),
		});
		fc.assert(
			fc.property(
				fc.array(itemArb, { maxLength: 8 }),
				fc.array(tagArb, { maxLength: 8 }),
				(items, tags) => {
					const dim: ProcountorDimension = {
						id: 1,
						name: 'D',
						items: items.map((i, k) => ({ id: k, ...i })),
					};
					const existing: ExistingTag[] = tags.map((t, k) => ({ id: `t${k}`, ...t }));
					const d = diffDimensionToTags(dim, existing);
					const after = apply(existing, d);
					if (JSON.stringify(activeSet(after)) !== JSON.stringify(desiredSet(dim))) return false;
					const again = diffDimensionToTags(dim, after);
					return (
						again.create.length +
							again.rename.length +
							again.archive.length +
							again.unarchive.length ===
						0
					);
				},
			),
			RUNS,
		);
	});
});

describe('diffGroup', () => {
	it('creates, renames, unarchives and archives duplicates', () => {
		expect(diffGroup(DIMENSIONS[0], [], 'KUSTANNUSPAIKKA')).toEqual({
			action: 'create',
			code: 'KUSTANNUSPAIKKA',
			name: 'Kustannuspaikka',
			unarchive: false,
			rename: null,
			archive: [],
		});
		expect(
			diffGroup(
				DIMENSIONS[0],
				[{ id: 'g', code: 'kustannuspaikka', name: 'Kustannuspaikka', archived: false }],
				'KUSTANNUSPAIKKA',
			),
		).toMatchObject({ action: 'none', groupId: 'g' });
		const u = diffGroup(
			DIMENSIONS[1],
			[
				{ id: 'g1', code: 'PROJEKTI', name: 'Projects', archived: true },
				{ id: 'g2', code: 'PROJEKTI', name: 'Other', archived: false },
			],
			'PROJEKTI',
		);
		expect(u).toMatchObject({
			action: 'update',
			groupId: 'g2',
			unarchive: false,
			rename: { from: 'Other', to: 'Projekti' },
			archive: [],
		});
		const v = diffGroup(
			DIMENSIONS[1],
			[
				{ id: 'g1', code: 'PROJEKTI', name: 'Projekti', archived: true },
				{ id: 'g2', code: 'projekti', name: 'x', archived: false },
			],
			'PROJEKTI',
		);
		expect(v).toMatchObject({
			groupId: 'g1',
			unarchive: true,
			rename: null,
			archive: [{ id: 'g2' }],
		});
	});
});
