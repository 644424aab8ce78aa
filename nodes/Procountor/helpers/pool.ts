// A tiny concurrency pool (Export Expense, ledgerReceipts): at most `concurrency` tasks in
// flight, results in input order.
// fn must not throw for per-item problems (it returns a failure result instead); if it does
// throw, the first error is rethrown after the in-flight tasks settle.

export async function runPool<T, R>(
	inputs: readonly T[],
	concurrency: number,
	fn: (input: T, index: number) => Promise<R>,
): Promise<R[]> {
	const results = new Array<R>(inputs.length);
	const width = Math.max(1, Math.min(Math.floor(concurrency) || 1, inputs.length || 1));
	let next = 0;
	let firstError: { error: unknown } | undefined;
	const worker = async () => {
		while (!firstError) {
			const i = next++;
			if (i >= inputs.length) return;
			try {
				results[i] = await fn(inputs[i], i);
			} catch (error) {
				firstError ??= { error };
			}
		}
	};
	await Promise.all(Array.from({ length: width }, worker));
	if (firstError) throw firstError.error;
	return results;
}
