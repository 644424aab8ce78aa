// Export Expense: every enriched Pleo export item (after Set Contra Accounts and Map Category)
// becomes ONE Procountor journal with its receipts attached, exactly once. Read top to bottom:
//
//  1. plan      each item: its receipts; a failure of an earlier step passes through
//  2. context   company, VAT, dimensions, fiscal years: read once (context.ts)
//  3. check     build each journal and place its date in the fiscal periods (journals.ts)
//  4. existing  one search for journals that already carry an item's tag (existing.ts)
//  5. export    a few at a time: reuse, or load receipts → POST → attach (post.ts, attach.ts)
//  6. verify    one search for a second journal of what this run posted (verify.ts)
//  7. approve   if asked, after the verification (verify.ts)
//  8. result    one ExportResult per input item, paired with it (result.ts)
//
// Every Procountor problem becomes that item's failure result; anything else (a bug, n8n refusing
// a binary) stops the node naming the item. The phases are typed in phases.ts.
import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import {
	describeExpenseCapitalised,
	existingFailure,
	isObject,
	type PleoExportItem,
} from '../../../core';
import { toNodeError } from '../../../../shared/perItem';
import type { ProcountorClient } from '../../../transport';
import { resultJson, type ExportResult } from '../../../../shared/exportResult';
import { AttachmentFinder } from './attach';
import { loadContext, type ExportContext } from './context';
import { readExportOptions, type ExportOptions } from './description';
import { findExisting } from './existing';
import { failureFromError, isProcountorError } from './failures';
import { applyPeriod, checkJournal, journalFor } from './journals';
import { failed, is, type ItemPhase, type Planned } from './phases';
import { exportAll } from './post';
import { planReceipts } from './receipts';
import { dryRunResult, resultOf } from './result';
import { approveAll, verifyPosted } from './verify';

export async function execute(
	this: IExecuteFunctions,
	client: ProcountorClient,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	const opts = readExportOptions(this);
	const planned = items.map((input, index) => plan(input, index, opts));

	const loaded = planned.some(is('planned')) ? await readContext(this, client, opts) : undefined;
	if (loaded && !loaded.ok) {
		const action = 'read the company, VAT, dimension and fiscal-year settings';
		return output(
			planned.map((p) =>
				p.phase === 'planned'
					? failed(p.input, failureFromError(loaded.error, p.input.what, action))
					: p,
			),
			opts,
		);
	}
	const context = loaded?.context;

	const checked: ItemPhase[] = [];
	for (const p of planned) {
		checked.push(context && p.phase === 'planned' ? await checkJournal(context, opts, p) : p);
	}

	if (opts.dryRun && context) {
		return output(checked, opts, (c) => {
			const ready = applyPeriod(c); // the same period decision as a real run
			return ready.phase === 'checked' ? dryRunResult(ready, journalFor(context, ready)) : ready;
		});
	}
	if (!context) return output(checked, opts);

	const finder = new AttachmentFinder(client);
	const toExport = checked.filter(is('checked'));
	const found = await findExisting({ ctx: this, client, finder }, toExport);
	if (!found.ok) {
		const action = 'check for journals exported earlier';
		const failAll = (p: ItemPhase) =>
			p.phase === 'checked'
				? failed(p.input, failureFromError(found.error, p.input.what, action))
				: p;
		return output(checked.map(failAll), opts);
	}
	const { existing } = found;
	// a journal that exists already is reused whatever its period; a new one needs an open one
	const ready = checked.map((p) =>
		p.phase === 'checked' && !existing.index.has(p.journal.tag) ? applyPeriod(p) : p,
	);

	const run = { ctx: this, client, opts, context, existing, finder };
	const exported = await exportAll(run, ready);
	const verified = await verifyPosted(run, exported);
	const approved = opts.approve ? await approveAll(run, verified) : verified;
	return output(approved, opts);
}

function plan(input: INodeExecutionData, index: number, opts: ExportOptions): ItemPhase {
	const item = (isObject(input.json) ? input.json : {}) as PleoExportItem;
	const planned: Planned = {
		phase: 'planned',
		input: {
			index,
			item,
			what: describeExpenseCapitalised(item),
			receipts: planReceipts(item, input.binary, opts),
		},
	};
	// failures of earlier steps pass through unchanged
	const prior = existingFailure(item);
	return prior ? failed(planned.input, prior) : planned;
}

async function readContext(
	ctx: IExecuteFunctions,
	client: ProcountorClient,
	opts: ExportOptions,
): Promise<{ ok: true; context: ExportContext } | { ok: false; error: unknown }> {
	try {
		return { ok: true, context: await loadContext(client, opts) };
	} catch (error) {
		if (!isProcountorError(error)) throw toNodeError(ctx, error, 0);
		return { ok: false, error };
	}
}

/** One output item per input item, paired with it; `checked` items become what `last` says. */
function output(
	phases: readonly ItemPhase[],
	opts: ExportOptions,
	last?: (c: Extract<ItemPhase, { phase: 'checked' }>) => ExportResult | ItemPhase,
): INodeExecutionData[] {
	return phases.map((p) => {
		let end: ExportResult | ItemPhase = p.phase === 'checked' && last ? last(p) : p;
		if ('phase' in end) {
			if (end.phase !== 'exported' && end.phase !== 'failed')
				throw new Error(`${end.input.what}: not exported (phase ${end.phase})`);
			end = resultOf(end, opts.externalUrlTemplate);
		}
		return { json: resultJson(end), pairedItem: { item: p.input.index } };
	});
}
