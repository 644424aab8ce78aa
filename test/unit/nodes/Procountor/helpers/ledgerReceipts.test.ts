// fetchLedgerReceipts: batches of ≤ 200 ids, results in order, and a batch whose call waits for
// its retry (the client's parked count) gives its place to another batch.
import type { IDataObject } from 'n8n-workflow';
import {
	RECEIPT_BATCH,
	fetchLedgerReceipts,
} from '../../../../../nodes/Procountor/helpers/ledgerReceipts';
import type { ProcountorClient } from '../../../../../nodes/Procountor/transport';

const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

/** a client whose first batch waits for a retry (parked) until released */
function parkingClient() {
	let parked = 0;
	const listeners = new Set<() => void>();
	const park = (d: number) => {
		parked += d;
		for (const l of [...listeners]) l();
	};
	const started: string[] = [];
	let releaseRetry: () => void = () => undefined;
	const client = {
		get parked() {
			return parked;
		},
		onParkedChange(l: () => void) {
			listeners.add(l);
			return () => listeners.delete(l);
		},
		async request(_method: string, path: string): Promise<IDataObject> {
			started.push(path);
			const ids = path.replace('/ledgerreceipts/', '').split(',').map(Number);
			if (started.length === 1) {
				park(1); // a 429: the call waits for Retry-After
				await new Promise<void>((r) => (releaseRetry = r));
				park(-1);
			}
			return { results: ids.map((id) => ({ id })) };
		},
	};
	return { client: client as unknown as ProcountorClient, started, release: () => releaseRetry() };
}

describe('fetchLedgerReceipts', () => {
	it('a batch waiting for its retry does not hold the concurrency slot', async () => {
		const { client, started, release } = parkingClient();
		const ids = Array.from({ length: 2 * RECEIPT_BATCH + 1 }, (_, k) => k + 1);
		const all = fetchLedgerReceipts(client, ids, 1);
		await tick();
		// concurrency 1, but the first batch is parked: the second and third have run meanwhile
		expect(started).toHaveLength(3);
		release();
		const receipts = await all;
		expect(receipts.map((r) => r.id)).toEqual(ids);
	});
});
