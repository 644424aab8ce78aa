// A tiny concurrency pool (Export Expense's export, verify and approve steps, ledgerReceipts): at
// most `concurrency` tasks at work, results in input order.
// fn must not throw for per-item problems (it returns a failure result instead); if it does
// throw, the first error is rethrown after the in-flight tasks settle.

/** Calls that wait without working (for a retry after a 429): the pool starts other tasks meanwhile. */
export interface Parking {
	readonly parked: number;
	/** calls `listener` whenever `parked` changes; returns the unsubscribe */
	onParkedChange(listener: () => void): () => void;
}

/** A pool's width, and the client whose parked calls (waiting for a retry) do not count as at work. */
export interface PoolWidth {
	concurrency: number;
	parking?: Parking;
}

/**
 * Runs `fn` over `inputs`, at most `concurrency` at work at once. With `parking` (the Procountor
 * client the tasks call), a task whose call waits for its retry does not count as at work: another
 * input starts in its place, so the wait does not hold a concurrency slot. Once the wait ends, no
 * new input starts until fewer than `concurrency` are at work again. The parked count is the
 * client's, so two pools of one client at the same time would lend each other their parked calls'
 * places; the only nesting (getReceipts of one journal inside a task) is one batch, one input.
 */
export async function runPool<T, R>(
	inputs: readonly T[],
	width: number | PoolWidth,
	fn: (input: T, index: number) => Promise<R>,
): Promise<R[]> {
	const results = new Array<R>(inputs.length);
	const { concurrency, parking }: PoolWidth =
		typeof width === 'number' ? { concurrency: width } : width;
	const limit = Math.max(1, Math.floor(concurrency) || 1);
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
				active - (parking?.parked ?? 0) < limit
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
