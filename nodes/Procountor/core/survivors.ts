// Post, then verify: two executions of the same expenses at the same moment can both find no
// journal and both post one. After its posts, each execution searches once for the journals that
// carry the tags it posted. Per expense the valid (not INVALIDATED) journal with the LOWEST id
// survives; an execution whose own journal is not that one invalidates its own and reports the
// survivor. Every execution applies the same rule to the same ids, so exactly one stays valid and
// nobody ever invalidates a journal another execution keeps.
import { findTagInName } from './name';

/** A journal as the ledger-receipt search lists it. */
export interface SeenJournal {
	id: number;
	name: string;
	status?: string;
}

export type SurvivorDecision =
	/** our journal is the lowest valid one: keep it */
	| { kind: 'keep'; tag: string; mine: number; others: number[] }
	/** a lower valid journal exists: invalidate ours, report the survivor */
	| {
			kind: 'yield';
			tag: string;
			mine: number;
			survivor: number;
			others: number[];
			/** ours is INVALIDATED already (nothing to invalidate) */
			mineInvalidated: boolean;
	  }
	/** ours was invalidated meanwhile (by a bookkeeper) and no other valid journal exists */
	| { kind: 'gone'; tag: string; mine: number };

export function isInvalidated(status: unknown): boolean {
	return typeof status === 'string' && status.toUpperCase() === 'INVALIDATED';
}

/**
 * For every tag this execution posted (tag → the id it got), the decision after one search.
 * A journal of ours that the search does not list (yet) still counts as valid; an id the search
 * lists as INVALIDATED does not.
 */
export function decideSurvivors(
	seen: SeenJournal[],
	mine: Map<string, number>,
): Map<string, SurvivorDecision> {
	const valid = new Map<string, Set<number>>();
	const invalidated = new Set<number>();
	for (const j of seen) {
		const id = Number(j.id);
		if (!Number.isSafeInteger(id) || id <= 0) continue;
		if (isInvalidated(j.status)) {
			invalidated.add(id);
			continue;
		}
		const tag = findTagInName(j.name);
		if (!tag || !mine.has(tag)) continue;
		let set = valid.get(tag);
		if (!set) valid.set(tag, (set = new Set()));
		set.add(id);
	}
	const out = new Map<string, SurvivorDecision>();
	for (const [tag, id] of mine) {
		const ids = new Set(valid.get(tag) ?? []);
		if (!invalidated.has(id)) ids.add(id);
		ids.forEach((x) => invalidated.has(x) && ids.delete(x));
		if (ids.size === 0) {
			out.set(tag, { kind: 'gone', tag, mine: id });
			continue;
		}
		const sorted = [...ids].sort((a, b) => a - b);
		const survivor = sorted[0];
		const others = sorted.filter((x) => x !== id);
		out.set(
			tag,
			survivor === id
				? { kind: 'keep', tag, mine: id, others }
				: { kind: 'yield', tag, mine: id, survivor, others, mineInvalidated: invalidated.has(id) },
		);
	}
	return out;
}
