/** Splits a list into chunks of at most `size` elements (size ≥ 1). */
export function chunk<T>(list: readonly T[], size: number): T[][] {
	const n = Math.max(1, Math.floor(size));
	const out: T[][] = [];
	for (let i = 0; i < list.length; i += n) out.push(list.slice(i, i + n));
	return out;
}

/** Groups values by a key, keeping first-seen key order and the order within each group. */
export function groupBy<T>(list: readonly T[], key: (value: T) => string): Map<string, T[]> {
	const groups = new Map<string, T[]>();
	for (const value of list) {
		const k = key(value);
		const group = groups.get(k);
		if (group) group.push(value);
		else groups.set(k, [value]);
	}
	return groups;
}
