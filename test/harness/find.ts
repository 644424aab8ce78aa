// Typed look-ups for tests instead of a non-null assertion (`!`): a missing element fails the test
// naming what was looked for, not with "Cannot read properties of undefined" a line later.

/** The first element `pick` matches; fails naming `what` when there is none. */
export function findOne<T>(list: Iterable<T>, pick: (x: T) => boolean, what: string): T {
	for (const x of list) if (pick(x)) return x;
	throw new Error(`no ${what}`);
}

/** The value under `key`; fails naming `what` and the key when the map has none. */
export function getOne<K, V>(map: ReadonlyMap<K, V>, key: K, what: string): V {
	const value = map.get(key);
	if (value === undefined) throw new Error(`no ${what} ${String(key)}`);
	return value;
}
