// Pleo tags → Procountor dimensionItemValues for one journal line.
import { describeExpense, fail } from './failure';
import { allocate, centsToAmount } from './money';
import { toWindows1252 } from './text';
import type {
	DimensionItemValue,
	Failed,
	PleoExportItem,
	PleoTag,
	ProcountorDimension,
	ProcountorDimensionItem,
	StepName,
} from './types';

/**
 * Default Pleo tag-group code for a Procountor dimension: upper-cased, accents folded to ASCII
 * (Ä→A, Ö→O, Å→A), everything except A–Z and 0–9 removed. "Kustannuspaikka" → "KUSTANNUSPAIKKA",
 * "Projekti" → "PROJEKTI", "Työmaa / Site" → "TYOMAASITE". ASCII keeps codes safe for every API.
 */
export function defaultGroupCode(dimensionName: unknown): string {
	return toWindows1252(dimensionName)
		.normalize('NFD')
		.replace(/[\u0300-\u036f]/g, '')
		.replace(/ß/g, 'SS')
		.replace(/[Ææ]/g, 'AE')
		.replace(/[Øø]/g, 'O')
		.replace(/[Œœ]/g, 'OE')
		.toUpperCase()
		.replace(/[^A-Z0-9]/g, '');
}

export interface SkippedTag {
	code: string;
	groupCode: string;
	reason: string;
}

export interface ResolvedDimensions {
	ok: true;
	dimensionItemValues: DimensionItemValue[];
	skipped: SkippedTag[];
}

export interface ResolveDimensionOptions {
	unknownTags: 'fail' | 'skip';
	/** Names the expense in failure messages. */
	item?: PleoExportItem;
	step?: StepName;
	/** Names the line in failure messages, e.g. 'line 2'. */
	line?: string;
}

const norm = (s: unknown) => (typeof s === 'string' ? s.trim().toLowerCase() : '');

/**
 * Matches each tag to a dimension (tag.groupCode = groupCodeOf(dimension), case-insensitive) and an
 * item (tag.code = item.codeName, case-insensitive). Duplicate tags are ignored; several items of
 * one dimension share the line equally (largest remainder), so per dimension the values sum exactly
 * to lineNetCents. Unknown groups/codes fail with tag_unknown (or are skipped when
 * unknownTags = 'skip'); an inactive item (status 'P') always fails with validation_failure.
 */
export function resolveLineDimensions(
	tags: PleoTag[] | null | undefined | unknown,
	dimensions: ProcountorDimension[],
	groupCodeOf: (dimension: ProcountorDimension) => string,
	lineNetCents: number,
	opts: ResolveDimensionOptions,
): ResolvedDimensions | Failed {
	const step = opts.step ?? 'exportExpense';
	const what = describeExpense(opts.item);
	if (tags !== null && tags !== undefined && !Array.isArray(tags)) {
		const kind =
			typeof tags === 'string'
				? 'a text'
				: typeof tags === 'object'
					? 'an object'
					: `a ${typeof tags}`;
		const where = opts.line ? `${opts.line} of ${what}` : what;
		return fail(
			'validation_failure',
			`The tags of ${where} are ${kind}, not a list of tags (field tags of the accounting line). ` +
				`Re-export the expense from Pleo, or remove the tags from that line.`,
			step,
		);
	}
	const tagList: unknown[] = tags ?? [];
	const skipped: SkippedTag[] = [];
	const chosen = new Map<
		string,
		{ dimension: ProcountorDimension; items: ProcountorDimensionItem[] }
	>();
	const seen = new Set<string>();
	for (const t of tagList) {
		if (!t || typeof t !== 'object') continue;
		const tag = t as PleoTag;
		const code = typeof tag.code === 'string' ? tag.code.trim() : '';
		const group = typeof tag.groupCode === 'string' ? tag.groupCode.trim() : '';
		if (!code) continue; // nothing chosen in this group
		const key = `${norm(group)}\u0000${norm(code)}`;
		if (seen.has(key)) continue;
		seen.add(key);
		// an unknown tag fails the expense (tag_unknown), or is skipped with Unknown Tags = skip
		const unknown = (reason: string, skipReason: string): Failed | undefined => {
			if (opts.unknownTags !== 'skip') return fail('tag_unknown', reason, step);
			skipped.push({ code, groupCode: group, reason: skipReason });
			return undefined;
		};
		const dimension = dimensions.find((d) => norm(groupCodeOf(d)) === norm(group) && norm(group));
		if (!dimension) {
			const failed = unknown(
				`Tag '${code}' of tag group '${group || '(none)'}' on ${what} has no matching Procountor ` +
					`dimension. Run Import Dimensions as Tags so the group matches a dimension, or remove the tag.`,
				'no Procountor dimension for this tag group',
			);
			if (failed) return failed;
			continue;
		}
		const item = dimension.items.find((i) => norm(i.codeName) === norm(code));
		if (!item) {
			const failed = unknown(
				`Tag '${code}' of tag group '${group}' on ${what} does not exist in the Procountor ` +
					`dimension '${toWindows1252(dimension.name)}'. Add the item '${code}' to the dimension in ` +
					`Procountor and re-run Import Dimensions as Tags, or retag the expense in Pleo.`,
				'no such item in the Procountor dimension',
			);
			if (failed) return failed;
			continue;
		}
		if (item.status === 'P') {
			return fail(
				'validation_failure',
				`Tag '${code}' of tag group '${group}' on ${what} points to the inactive Procountor ` +
					`dimension item '${toWindows1252(item.codeName)}' of '${toWindows1252(dimension.name)}'. ` +
					`Reactivate the item in Procountor or retag the expense in Pleo.`,
				step,
			);
		}
		const key2 = String(dimension.id);
		const entry = chosen.get(key2) ?? { dimension, items: [] };
		if (!entry.items.some((i) => String(i.id) === String(item.id))) entry.items.push(item);
		chosen.set(key2, entry);
	}
	const dimensionItemValues: DimensionItemValue[] = [];
	for (const { dimension, items } of chosen.values()) {
		const shares = allocate(
			lineNetCents,
			items.map(() => 1),
		);
		items.forEach((it, i) => {
			dimensionItemValues.push({
				dimensionId: dimension.id,
				itemId: it.id,
				value: centsToAmount(shares[i]),
			});
		});
	}
	return { ok: true, dimensionItemValues, skipped };
}
