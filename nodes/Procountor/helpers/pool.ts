// A tiny concurrency pool (Export Expense, ledgerReceipts): at most `concurrency` tasks at work,
// results in input order.
// fn must not throw for per-item problems (it returns a failure result instead); if it does
// throw, the first error is rethrown after the in-flight tasks settle.

/** Calls that wait without working (for a retry after a 429): the pool starts other tasks meanwhile. */
export interface Parking {
	readonly parked: number;
	/** calls `listener` whenever `parked` changes; returns the unsubscribe */
	onParkedChange(listener: () => void): () => void;
}

/**
 * Runs `fn` over `inputs`, at most `concurrency` at work at once. With `parking` (the Procountor
 * client), a task whose call waits for its retry does not count as at work: another input starts in
 * its place, so the wait does not hold a concurrency slot. Once the wait ends, no new input starts
 * until fewer than `concurrency` are at work again.
 */
export async function runPool<T, R>(
	inputs: readonly T[],
	concurrency: number,
	fn: (input: T, index: number) => Promise<R>,
	parking?: Parking,
): Promise<R[]> {
	const results = new Array<R>(inputs.length);
	const width = Math.max(1, Math.floor(concurrency) || 1);
	let next = 0;
	let active = 0;
	let firstError: { error: unknown } | undefined;
	return await new Promise<R[]>((resolve, reject) => {
		let settled = false;
		const subscription: { end?: () => void } = {};
		const finish = () => {
			if (settled) return;
			settled = true;
			subscription.end?.();
			if (firstError) reject(firstError.error);
			else resolve(results);
		};
		const pump = () => {
			while (
				!settled &&
				!firstError &&
				next < inputs.length &&
				active - (parking?.parked ?? 0) < width
			) {
				const i = next++;
				active++;
				fn(inputs[i], i)
					.then(
						(r) => {
							results[i] = r;
						},
						(error: unknown) => {
							firstError ??= { error };
						},
					)
					.finally(() => {
						active--;
						pump();
					});
			}
			if (active === 0 && (firstError || next >= inputs.length)) finish();
		};
		subscription.end = parking?.onParkedChange(pump);
		pump();
	});
}
