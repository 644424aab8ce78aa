// Import Dimensions as Tags: Procountor is the source of truth. Dimension → Pleo tag group and
// dimension item → tag are matched on code, case-insensitively; names never decide a match.
import { cleanText } from './text';
import type { ProcountorDimension } from './types';

/** Pleo does not publish its tag name limit; 255 matches its other name fields. */
export const TAG_NAME_MAX = 255;

export interface ExistingTag {
	id: string;
	code: string | null;
	name: string | null;
	archived: boolean;
}

export interface TagDiff {
	create: Array<{ code: string; name: string }>;
	rename: Array<{ id: string; code: string; from: string; to: string }>;
	archive: Array<{ id: string; code: string; reason: string }>;
	unarchive: Array<{ id: string; code: string }>;
	/** Existing tags that need no action. */
	unchanged: number;
	/** Procountor items that produce no tag. */
	skipped: Array<{ itemId: number | string; codeName: string; reason: string }>;
}

const norm = (s: unknown) => (typeof s === 'string' ? s.trim().toLowerCase() : '');

/** Tag name for a dimension item: its description, else its code; cp1252, ≤ 255. */
export function tagNameOf(item: { codeName?: string | null; description?: string | null }): string {
	return cleanText(item.description, TAG_NAME_MAX) || cleanText(item.codeName, TAG_NAME_MAX);
}

/** Picks the tag to keep among duplicates: name match (active first), else first active, else first. */
function pickKeeper<T extends { name: string | null; archived: boolean }>(
	cands: T[],
	name: string,
): T {
	return (
		cands.find((t) => t.name === name && !t.archived) ??
		cands.find((t) => t.name === name) ??
		cands.find((t) => !t.archived) ??
		cands[0]
	);
}

/**
 * What to change in one Pleo tag group so its active tags are exactly the dimension's active
 * items: create missing codes, rename tags whose name differs, unarchive tags that came back,
 * archive (never delete) tags whose item is inactive (status 'P') or gone, and archive duplicate
 * codes except the one kept. Items with an empty codeName or a duplicate code are skipped.
 */
export function diffDimensionToTags(
	dimension: ProcountorDimension,
	existingTags: ExistingTag[],
): TagDiff {
	const diff: TagDiff = {
		create: [],
		rename: [],
		archive: [],
		unarchive: [],
		unchanged: 0,
		skipped: [],
	};
	const desired = new Map<string, { code: string; name: string }>();
	const inactive = new Set<string>();
	for (const item of dimension.items ?? []) {
		const code = cleanText(item?.codeName, TAG_NAME_MAX);
		if (!code) {
			diff.skipped.push({
				itemId: item?.id,
				codeName: String(item?.codeName ?? ''),
				reason: 'empty code',
			});
			continue;
		}
		const key = norm(code);
		if (item.status === 'P') {
			inactive.add(key);
			continue;
		}
		if (desired.has(key)) {
			diff.skipped.push({
				itemId: item.id,
				codeName: code,
				reason: 'duplicate code in Procountor',
			});
			continue;
		}
		desired.set(key, { code, name: tagNameOf(item) });
	}
	const byCode = new Map<string, ExistingTag[]>();
	for (const tag of existingTags ?? []) {
		const key = norm(tag.code);
		const list = byCode.get(key) ?? [];
		list.push(tag);
		byCode.set(key, list);
	}
	for (const [key, want] of desired) {
		const cands = byCode.get(key);
		if (!cands || key === '') {
			diff.create.push({ code: want.code, name: want.name });
			continue;
		}
		const keep = pickKeeper(cands, want.name);
		let changed = false;
		if (keep.archived) {
			diff.unarchive.push({ id: keep.id, code: keep.code ?? want.code });
			changed = true;
		}
		if (keep.name !== want.name) {
			diff.rename.push({
				id: keep.id,
				code: keep.code ?? want.code,
				from: keep.name ?? '',
				to: want.name,
			});
			changed = true;
		}
		if (!changed) diff.unchanged++;
		for (const other of cands) {
			if (other === keep) continue;
			if (other.archived) diff.unchanged++;
			else
				diff.archive.push({
					id: other.id,
					code: other.code ?? '',
					reason: `duplicate of code '${want.code}'`,
				});
		}
	}
	for (const [key, tags] of byCode) {
		if (desired.has(key) && key !== '') continue;
		const reason =
			key === ''
				? 'tag has no code'
				: inactive.has(key)
					? `item is inactive in Procountor dimension '${cleanText(dimension.name, 80)}'`
					: `item no longer exists in Procountor dimension '${cleanText(dimension.name, 80)}'`;
		for (const t of tags) {
			if (t.archived) diff.unchanged++;
			else diff.archive.push({ id: t.id, code: t.code ?? '', reason });
		}
	}
	return diff;
}

export interface ExistingGroup {
	id: string;
	code: string | null;
	name: string | null;
	archived: boolean;
}

export interface GroupDiff {
	action: 'create' | 'update' | 'none';
	/** The group to use (absent when it must be created). */
	groupId?: string;
	code: string;
	name: string;
	unarchive: boolean;
	rename: { from: string; to: string } | null;
	/** Other groups with the same code: archived, never deleted. */
	archive: Array<{ id: string; code: string; reason: string }>;
}

/** Tag group for a dimension: matched on groupCode case-insensitively, named after the dimension. */
export function diffGroup(
	dimension: ProcountorDimension,
	existingGroups: ExistingGroup[],
	groupCode: string,
): GroupDiff {
	const name = cleanText(dimension.name, TAG_NAME_MAX) || groupCode;
	const cands = (existingGroups ?? []).filter(
		(g) => norm(g.code) === norm(groupCode) && norm(groupCode),
	);
	if (cands.length === 0) {
		return { action: 'create', code: groupCode, name, unarchive: false, rename: null, archive: [] };
	}
	const keep = pickKeeper(cands, name);
	const unarchive = keep.archived;
	const rename = keep.name !== name ? { from: keep.name ?? '', to: name } : null;
	return {
		action: unarchive || rename ? 'update' : 'none',
		groupId: keep.id,
		code: keep.code ?? groupCode,
		name,
		unarchive,
		rename,
		archive: cands
			.filter((g) => g !== keep && !g.archived)
			.map((g) => ({
				id: g.id,
				code: g.code ?? '',
				reason: `duplicate of tag group '${groupCode}'`,
			})),
	};
}
