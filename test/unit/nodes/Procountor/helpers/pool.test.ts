// The pool (Export Expense's export, verify and approve steps, ledgerReceipts): at most
// `concurrency` tasks at work, results in input order, the first error after the others settle; a
// task waiting for a retry (parked) gives its place to another input.
import { runPool, type Parking } from '../../../../../nodes/Procountor/helpers/pool';

const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

/** a parking lot like the Procountor client's: a count and listeners */
function lot(): Parking & { park(d: number): void } {
	let parked = 0;
	const listeners = new Set<() => void>();
	return {
		get parked() {
			return parked;
		},
		onParkedChange(l) {
			listeners.add(l);
			return () => listeners.delete(l);
		},
		park(d) {
			parked += d;
			for (const l of [...listeners]) l();
		},
	};
}

describe('runPool', () => {
	it('keeps at most `concurrency` at work and the results in input order', async () => {
		let working = 0;
		let most = 0;
		const out = await runPool([5, 1, 4, 2, 3, 0], 2, async (ms, i) => {
			most = Math.max(most, ++working);
			await new Promise((r) => setTimeout(r, ms));
			working--;
			return i * 10;
		});
		expect(out).toEqual([0, 10, 20, 30, 40, 50]);
		expect(most).toBe(2);
	});

	it('rethrows the first error once the tasks in flight have settled, and starts no more', async () => {
		const started: number[] = [];
		let settled = 0;
		await expect(
			runPool([0, 1, 2, 3, 4], 2, async (_, i) => {
				started.push(i);
				await tick();
				if (i === 0) throw new Error('boom');
				await tick();
				settled++;
				return i;
			}),
		).rejects.toThrow('boom');
		expect(started).toEqual([0, 1]);
		expect(settled).toBe(1);
	});

	it('handles no inputs', async () => {
		expect(await runPool([], 4, async () => 1)).toEqual([]);
	});

	it('a parked task (waiting for its retry) lets another input start; none starts until it works again', async () => {
		const parking = lot();
		const release = new Map<number, () => void>();
		const started: number[] = [];
		const run = runPool([0, 1, 2, 3], { concurrency: 2, parking }, async (i) => {
			started.push(i);
			if (i === 0) {
				parking.park(1); // its call waits for Retry-After
				await new Promise<void>((r) => release.set(i, r));
				parking.park(-1);
			}
			await new Promise<void>((r) => release.set(10 + i, r));
			return i;
		});
		await tick();
		// 0 parked at once, so 1 and 2 are at work: two at work, one waiting
		expect(started).toEqual([0, 1, 2]);
		release.get(0)?.(); // 0's wait ends: three at work now, so 3 must wait
		await tick();
		expect(started).toEqual([0, 1, 2]);
		release.get(11)?.(); // 1 done: still two at work (0 and 2)
		await tick();
		expect(started).toEqual([0, 1, 2]);
		release.get(12)?.(); // 2 done: one at work, 3 starts
		await tick();
		expect(started).toEqual([0, 1, 2, 3]);
		release.get(10)?.();
		release.get(13)?.();
		expect(await run).toEqual([0, 1, 2, 3]);
	});
});
