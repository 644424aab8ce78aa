// Both sandboxes in their own process, so the bench process that runs n8n-core and the nodes
// carries none of their memory. Usage:
//   node bench/sandboxes.js '<json {rateLimit, tagCap, dimItems}>'   (compiled by scripts/bench.js)
// It prints one line `SANDBOXES_READY {json}` with the URLs and credentials, then serves on
// 127.0.0.1 until its stdin closes (or SIGTERM), closes both servers and exits. Everything else
// goes through the sandboxes' HTTP admin endpoints (/_sandbox/*).
import { idempotencyTag, receiptDateOf } from '../nodes/Procountor/core';
import { startPleoSandbox, type PleoSandbox } from '../sandbox/pleo';
import {
	PROCOUNTOR_SEED,
	startProcountorSandbox,
	type ProcountorSandbox,
} from '../sandbox/procountor';

export interface SandboxesOptions {
	/** Procountor's requests per sliding second per client (0 = off) */
	rateLimit?: number;
	/** Pleo's cap of active tags per tag group */
	tagCap?: number;
	/** extra items added to Procountor dimension 201 (Kustannuspaikka) of company 1001 */
	dimItems?: number;
	/** a month (March 2026) of this many expenses already exported, with planted discrepancies */
	reconcileExpenses?: number;
}

/** What seedExportedMonth planted: accounting entry id per finding kind (orphan: the tag). */
export type PlantedFindings = Record<string, string[]>;

/**
 * A month of `n` generated Pleo expenses (March 2026) as a finished export leaves them: each
 * EXPORTED in Pleo and one journal per expense in Procountor (tagged name, −total on the card
 * account 1940, one attachment per receipt), written straight into both sandboxes' state (posting
 * 10,000 journals through the rate-limited API would take 9 minutes). Then one of each
 * discrepancy is planted, the way Reconcile Exports must find them.
 */
function seedExportedMonth(pleo: PleoSandbox, pc: ProcountorSandbox, n: number): PlantedFindings {
	const ids = pleo.addExpenses(n);
	const company = pc.state.companies[1001];
	const counters = pc.state.counters;
	const planted: PlantedFindings = {};
	const plant = (kind: string, id: string) => (planted[kind] ??= []).push(id);
	const journal = (id: string, over: { receiptDate?: string; contraCents?: number } = {}) => {
		const e = pleo.state.expenses.get(id)!;
		const total = e.lines.reduce((a, l) => a + l.walletAmount, 0);
		const contra = over.contraCents ?? -total;
		const t = Date.parse('2026-04-01T06:00:00Z');
		const stamp = new Date(t).toISOString().slice(0, 19);
		company.ledgerReceipts.push({
			id: counters.receiptId++,
			type: 'JOURNAL',
			status: 'UNFINISHED',
			name: `Pleo ${e.supplier?.name ?? e.note ?? 'Expense'} ${idempotencyTag(id)}`,
			receiptDate: over.receiptDate ?? receiptDateOf(e.date, 'Europe/Helsinki')!,
			receiptNumber: company.nextReceiptNumber++,
			invoiceNumber: company.nextInvoiceNumber++,
			invoiceId: counters.invoiceId++,
			vatType: 'PURCHASE',
			vatStatus: 12,
			created: stamp,
			version: stamp,
			createdAt: t,
			transactions: [
				{
					id: counters.transactionId++,
					transactionType: 'ENTRY',
					account: '6800',
					accountingValue: -contra / 100,
					vatPercent: 0,
					vatStatus: 12,
					dimensionItemValues: [],
				},
				{
					id: counters.transactionId++,
					transactionType: 'ENTRY',
					account: '1940',
					accountingValue: contra / 100,
					vatPercent: 0,
					vatStatus: 12,
					dimensionItemValues: [],
				},
			],
			vatPostings: [],
			attachments: e.fileIds.map((f, k) => ({
				id: 900000 + k,
				name: `${f}.pdf`,
				mimeType: 'application/pdf',
			})),
		});
		return company.ledgerReceipts[company.ledgerReceipts.length - 1];
	};
	ids.forEach((id, k) => {
		const e = pleo.state.expenses.get(id)!;
		// spread over March 2026, 06:00–15:59 UTC (the same day in Helsinki)
		e.date = `2026-03-${String(1 + (k % 31)).padStart(2, '0')}T${String(6 + (k % 10)).padStart(2, '0')}:${String(k % 60).padStart(2, '0')}:00Z`;
		e.exportStatus = 'EXPORTED';
	});
	const eur = ids.filter((id) => pleo.state.expenses.get(id)!.walletCurrency === 'EUR');
	const withFile = eur.filter((id) => pleo.state.expenses.get(id)!.fileIds.length > 0);
	const [missing, dup, amount, date, deleted, invalidated, queued] = eur;
	const receipt = withFile.find(
		(id) => ![missing, dup, amount, date, deleted, invalidated, queued].includes(id),
	)!;
	for (const id of ids) {
		if (id === missing) continue;
		if (id === amount) {
			const e = pleo.state.expenses.get(id)!;
			journal(id, { contraCents: -(e.lines.reduce((a, l) => a + l.walletAmount, 0) + 1) });
			continue;
		}
		if (id === date) {
			journal(id, {
				receiptDate:
					'2026-03-31' === receiptDateOf(pleo.state.expenses.get(id)!.date, 'Europe/Helsinki')
						? '2026-03-30'
						: '2026-03-31',
			});
			continue;
		}
		const j = journal(id);
		if (id === dup) journal(id);
		if (id === invalidated) j.status = 'INVALIDATED';
		if (id === receipt) j.attachments = [];
	}
	plant('missing_in_procountor', missing);
	plant('duplicate_in_procountor', dup);
	plant('amount_mismatch', amount);
	plant('date_mismatch', date);
	pleo.plant(deleted, { kind: 'delete' });
	plant('orphan_journal', deleted);
	plant('invalidated_but_exported', invalidated);
	pleo.plant(queued, { kind: 'mark_queued' });
	plant('not_exported', queued);
	// the seeded queue's own March expenses were never exported: informational findings too
	for (const e of pleo.state.expenses.values()) {
		const day = receiptDateOf(e.date, 'Europe/Helsinki') ?? '';
		if (
			!ids.includes(e.id) &&
			!e.deleted &&
			day.startsWith('2026-03') &&
			e.exportStatus !== 'EXPORTED'
		)
			plant('not_exported', e.id);
	}
	plant('receipt_missing', receipt);
	// a journal whose expense Pleo never had
	const ghost = journal(dup);
	ghost.name = `Pleo Ghost Shop ${idempotencyTag('bench-ghost-expense')}`;
	plant('orphan_journal', idempotencyTag('bench-ghost-expense'));
	return planted;
}

export interface SandboxesReady {
	procountorUrl: string;
	procountorApiUrl: string;
	procountorClientId: string;
	procountorClientSecret: string;
	procountorApiKey: string;
	pleoUrl: string;
	pleoApiKey: string;
	pleoCompanyId: string;
	pid: number;
	/** with reconcileExpenses: the discrepancies planted, accounting entry ids per kind */
	planted?: PlantedFindings;
}

async function main(): Promise<void> {
	const o = JSON.parse(process.argv[2] ?? '{}') as SandboxesOptions;
	const pc = await startProcountorSandbox({ rateLimitPerSecond: o.rateLimit ?? 20, quiet: true });
	const pleo = await startPleoSandbox({ activeTagCapPerGroup: o.tagCap, quiet: true });
	const dim = pc.state.companies[1001].dimensions.find((d) => d.id === 201);
	for (let k = 0; k < (o.dimItems ?? 0); k++) {
		dim?.items.push({
			id: 100000 + k,
			codeName: `CC${String(k).padStart(5, '0')}`,
			description: `Kustannuspaikka ${k}`,
		});
	}
	const planted = o.reconcileExpenses
		? seedExportedMonth(pleo, pc, o.reconcileExpenses)
		: undefined;
	let closing = false;
	const stop = (): void => {
		if (closing) return;
		closing = true;
		void Promise.all([pc.close(), pleo.close()]).then(
			() => process.exit(0),
			() => process.exit(1),
		);
	};
	process.stdin.on('end', stop);
	process.stdin.on('close', stop);
	process.stdin.resume();
	process.on('SIGTERM', stop);
	const ready: SandboxesReady = {
		procountorUrl: pc.url,
		procountorApiUrl: pc.apiUrl,
		procountorClientId: PROCOUNTOR_SEED.clientId,
		procountorClientSecret: PROCOUNTOR_SEED.clientSecret,
		procountorApiKey: PROCOUNTOR_SEED.apiKeys[1001],
		pleoUrl: pleo.url,
		pleoApiKey: pleo.apiKey,
		pleoCompanyId: pleo.companyId,
		pid: process.pid,
		planted,
	};
	process.stdout.write(`SANDBOXES_READY ${JSON.stringify(ready)}\n`);
}

main().catch((e) => {
	process.stderr.write(`${(e as Error)?.stack ?? String(e)}\n`);
	process.exit(1);
});
