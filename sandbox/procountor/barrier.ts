// The search barrier (behaviour `searchBarrier`): forces the race of two or more executions of
// the same expenses deterministically. Armed with K, the sandbox holds the answers of the next K
// journal searches that start a search (GET /ledgerreceipts without previousId and on page 0: the
// idempotency search an export runs before it posts) until K have arrived, or until
// searchBarrierTimeout.ms passed since the first, then answers them all from the state as it is
// at that moment and disarms itself (searchBarrier back to 0). So all K executions see none of
// each other's journals and all post; the searches that follow (the post-then-verify search, the
// next pages) are answered at once.
import type { SandboxRuntime } from './context';

/** How long the first held search waits for the others (tests of the barrier itself shorten it). */
export const searchBarrierTimeout = { ms: 10_000 };

interface Held {
	release: Array<() => void>;
	timer: NodeJS.Timeout;
}
const held = new WeakMap<SandboxRuntime, Held>();

/** Whether this GET /ledgerreceipts starts a search (first page), so the barrier applies. */
export function startsSearch(url: URL): boolean {
	return !url.searchParams.has('previousId') && Number(url.searchParams.get('page') ?? 0) === 0;
}

function open(sb: SandboxRuntime, h: Held): void {
	clearTimeout(h.timer);
	sb.timers.delete(h.timer);
	held.delete(sb);
	sb.state.behaviours = { ...sb.state.behaviours, searchBarrier: 0 };
	for (const r of h.release) r();
}

/** Resolves at once when the barrier is off; else when K searches arrived or the timeout passed. */
export function passSearchBarrier(sb: SandboxRuntime): Promise<void> | undefined {
	const k = sb.state.behaviours.searchBarrier;
	if (!k) return undefined;
	return new Promise<void>((resolve) => {
		let h = held.get(sb);
		if (!h) {
			const timer = setTimeout(() => {
				const current = held.get(sb);
				if (current) open(sb, current);
			}, searchBarrierTimeout.ms);
			sb.timers.add(timer);
			h = { release: [], timer };
			held.set(sb, h);
		}
		h.release.push(resolve);
		sb.log(`search barrier: ${h.release.length}/${k} searches held`);
		if (h.release.length >= k) open(sb, h);
	});
}
