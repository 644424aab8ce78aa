// Export Expense: every enriched Pleo export item (after Set Contra Accounts and Map Category)
// becomes ONE Procountor journal with its receipts attached, exactly once.
//
// Per execution: company, VAT defaults, dimensions (and exchange rates per currency and day) are
// read once; one search over the receipt-date window of all items finds journals that already
// carry an item's idempotency tag (those are reused, never posted again). Items then run through a
// small pool: receipts are downloaded and size-checked BEFORE the journal is posted; after an
// ambiguous POST failure (dropped connection, timeout, 5xx) the journal is searched for before
// any re-post. Every problem becomes a per-item failure result for Pleo's Report Results.
import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';
import {
	buildJournal,
	describeExpenseCapitalised,
	existingFailure,
	isObject,
	decidePeriod,
	noVatStatusOf,
	purchaseVatRates,
	receiptDateOf,
	type FiscalYearInfo,
	type PleoExportItem,
	type ProcountorDimension,
} from '../../core';
import { AttachmentFinder } from '../../helpers/exportAttachments';
import { failureFromError } from '../../helpers/exportFailures';
import {
	buildTagIndex,
	getReceipts,
	type FullReceipt,
	type TagIndex,
} from '../../helpers/exportIdempotency';
import { Exporter } from '../../helpers/exportJournal';
import {
	applyPeriod,
	entryId,
	failed,
	groupCodeResolver,
	isProcountorError,
	movedDate,
	readExportOptions,
	type ItemState,
} from '../../helpers/exportState';
import { runPool } from '../../helpers/exportPool';
import { planReceipts } from '../../helpers/exportReceipts';
import { Lookups } from '../../helpers/lookups';
import { toNodeError } from '../../../shared/perItem';
import { describeHttpFailure, type ProcountorClient } from '../../transport';
import { timeZoneOption } from '../../../shared/timeZone';

const properties: INodeProperties[] = [
	{
		displayName:
			'Each input item must be a Pleo export item that went through Set Contra Accounts and Map Category. The output (one item per input) feeds Pleo › Export Item › Report Results unchanged.',
		name: 'exportNotice',
		type: 'notice',
		default: '',
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Approve Journals',
				name: 'approve',
				type: 'boolean',
				default: false,
				description:
					'Whether to approve each journal after posting it (API journals are created unfinished). A failed approval is reported in the output; the export still counts as successful.',
			},
			{
				displayName: 'Closed Periods',
				name: 'closedPeriods',
				type: 'options',
				options: [
					{
						name: 'Fail the Expense',
						value: 'fail',
						description:
							'Report validation_failure naming the date and the period; reopen the period in Procountor and export again',
					},
					{
						name: 'Post on the First Open Day',
						value: 'firstOpenDay',
						description:
							'Book it on the first day of the next open period; the original date stays in the description and the output',
					},
				],
				default: 'fail',
				description:
					'What to do with an expense dated in a closed tracking period, a closed fiscal year or no fiscal year (checked before anything is posted)',
			},
			{
				displayName: 'Concurrency',
				name: 'concurrency',
				type: 'number',
				typeOptions: { minValue: 1, maxValue: 16 },
				default: 4,
				description:
					'How many expenses are exported at the same time. All requests still share the Requests per Second budget.',
			},
			{
				displayName: 'Dry Run',
				name: 'dryRun',
				type: 'boolean',
				default: false,
				description:
					'Whether to only output the journal each item would become, posting nothing to Procountor',
			},
			{
				displayName: 'External URL Template',
				name: 'externalUrlTemplate',
				type: 'string',
				default: '',
				placeholder: 'e.g. https://pts.procountor.com/ledgerreceipt/{ID}',
				description:
					'Link shown in Pleo for an exported expense. Placeholders: {ID} (ledger receipt ID), {invoiceID}, {receiptNumber}. Empty = no link.',
			},
			{
				displayName: 'Input Binary Fields',
				name: 'binaryProperties',
				type: 'string',
				default: '',
				placeholder: 'e.g. receipt_0, receipt_1',
				description:
					'With Receipts From = Input Binary Fields: comma-separated binary field names to attach. Empty = every binary field of the item.',
			},
			{
				displayName: 'Receipts From',
				name: 'receiptsFrom',
				type: 'options',
				options: [
					{
						name: 'Pleo File URLs',
						value: 'pleoUrls',
						description: 'Download the files[] links of the export item',
					},
					{
						name: 'Input Binary Fields',
						value: 'binary',
						description: 'Attach the binary data of the input item',
					},
				],
				default: 'pleoUrls',
			},
			{
				displayName: 'Requests per Second',
				name: 'requestsPerSecond',
				type: 'number',
				typeOptions: { minValue: 1, maxValue: 20 },
				default: 19,
				description:
					'Most Procountor API calls this node starts in any one-second window (Procountor allows 20 per API client; the default 19 leaves room for the token request)',
			},
			{
				displayName: 'Tag Group Mapping',
				name: 'tagGroups',
				type: 'fixedCollection',
				typeOptions: { multipleValues: true },
				default: {},
				placeholder: 'Add Mapping',
				description:
					'Which Pleo tag group belongs to which Procountor dimension. Dimensions without a row use their name upper-cased without accents (Kustannuspaikka → KUSTANNUSPAIKKA).',
				options: [
					{
						displayName: 'Mapping',
						name: 'mapping',
						values: [
							{
								displayName: 'Procountor Dimension',
								name: 'dimension',
								type: 'string',
								default: '',
								description: 'Dimension name or ID',
							},
							{
								displayName: 'Pleo Tag Group Code',
								name: 'groupCode',
								type: 'string',
								default: '',
							},
						],
					},
				],
			},
			timeZoneOption(
				'Time zone of the Procountor company; the expense date in this zone becomes the receipt date',
			),
			{
				displayName: 'Unknown Tags',
				name: 'unknownTags',
				type: 'options',
				options: [
					{ name: 'Fail the Item', value: 'fail', description: 'Report tag_unknown to Pleo' },
					{
						name: 'Skip the Tag',
						value: 'skip',
						description: 'Post the line without that dimension',
					},
				],
				default: 'fail',
				description: 'What to do with a Pleo tag that has no Procountor dimension item',
			},
		],
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['pleoExport'], operation: ['exportExpense'] } },
	properties,
);

export async function execute(
	this: IExecuteFunctions,
	client: ProcountorClient,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	const opts = readExportOptions(this);
	const states: ItemState[] = items.map((input, index) => {
		const item = (isObject(input.json) ? input.json : {}) as PleoExportItem;
		return {
			index,
			item,
			what: describeExpenseCapitalised(item),
			receipts: planReceipts(item, opts.receiptsFrom, input.binary, opts.binaryProperties),
		};
	});

	// failures of earlier steps pass through unchanged
	for (const st of states) {
		const prior = existingFailure(st.item);
		if (prior) st.result = failed(st, prior);
	}
	const failAllPending = (error: unknown, action: string) => {
		for (const st of states) {
			if (!st.result) st.result = failed(st, failureFromError(error, st.what, action));
		}
	};

	// --- per-execution reference data
	const lookups = new Lookups(client);
	let companyCurrency = 'EUR';
	let dimensions: ProcountorDimension[] = [];
	let vatRates: number[] = [];
	let noVatStatus = 12;
	let purchaseVatStatuses: number[] | undefined;
	let fiscalYears: FiscalYearInfo[] = [];
	if (states.some((s) => !s.result)) {
		try {
			const [company, vats, dims, years] = await Promise.all([
				lookups.company(),
				lookups.vatDefaults(),
				lookups.dimensions(),
				lookups.fiscalYears(),
			]);
			fiscalYears = years;
			companyCurrency =
				typeof company.companyCurrency === 'string' ? company.companyCurrency : 'EUR';
			dimensions = (Array.isArray(dims) ? dims : []).map((d) => ({
				id: d.id,
				name: d.name,
				items: d.items ?? [],
			}));
			vatRates = purchaseVatRates(vats);
			noVatStatus = noVatStatusOf(vats);
			const statuses = vats.vatStatuses ?? [];
			if (statuses.length) {
				purchaseVatStatuses = statuses
					.filter((s) => s.purchase !== false)
					.map((s) => Number(s.vatStatus));
			}
		} catch (error) {
			if (!isProcountorError(error)) throw toNodeError(this, error, 0);
			failAllPending(error, 'read the company, VAT, dimension and fiscal-year settings');
		}
	}

	const groupCodeOf = groupCodeResolver(opts.tagGroups);

	// --- journals (exchange rates: one call per currency and day, cached by Lookups)
	for (const st of states) {
		if (st.result) continue;
		let rate: string | undefined;
		const wallet = String(st.item.amount?.inWalletCurrency?.currency ?? '')
			.trim()
			.toUpperCase();
		if (/^[A-Z]{3}$/.test(wallet) && wallet !== companyCurrency.toUpperCase()) {
			let day: string | undefined;
			try {
				day = receiptDateOf(st.item.date, opts.timeZone);
			} catch {
				day = undefined; // buildJournal reports the bad time zone
			}
			if (day) {
				try {
					rate = await lookups.exchangeRate(companyCurrency, wallet, day);
				} catch (error) {
					const f = isProcountorError(error) ? describeHttpFailure(error) : undefined;
					// "no rate" (404 / empty answer) is explained by buildJournal; anything else is reported as is
					if (f && f.status !== 404) {
						st.result = failed(
							st,
							failureFromError(error, st.what, `read the ${wallet} exchange rate for ${day}`),
						);
						continue;
					}
				}
			}
		}
		const built = buildJournal(st.item, {
			companyCurrency,
			timeZone: opts.timeZone,
			dimensions,
			groupCodeOf,
			unknownTags: opts.unknownTags,
			rate,
			vatRates,
			noVatStatus,
			purchaseVatStatuses,
		});
		if (!built.ok) st.result = failed(st, built.failure);
		else {
			st.built = built;
			st.period = decidePeriod(st.what, built.journal.receiptDate, fiscalYears, opts.closedPeriods);
		}
	}

	if (opts.dryRun) {
		for (const st of states) {
			if (st.result || !st.built) continue;
			// the same period decision as a real run (a journal that exists already is not looked for)
			if (!applyPeriod(st)) continue;
			st.result = {
				accountingEntryId: entryId(st.item),
				status: 'dry_run',
				dryRun: true,
				jobId: st.item.jobId ?? null,
				procountor: {
					journal: st.built.journal,
					createReconciliation: st.built.needsReconciliation,
					tag: st.built.tag,
					totals: st.built.totals,
					attachments: st.receipts.map((r) => r.name),
					skippedTags: st.built.skippedTags,
					...movedDate(st),
				},
			};
		}
		return output(states);
	}

	// --- idempotency: one search over the receipt-date window of every journal to post
	const toPost = states.filter((s) => !s.result && s.built);
	let index: TagIndex = new Map();
	let reusedFull = new Map<number, FullReceipt>();
	let reusedFetchError: unknown;
	const finder = new AttachmentFinder(client);
	if (toPost.length) {
		// the window covers the dates a journal of these expenses may carry: their own and, where a
		// period is closed, the first open day (an earlier run may have posted it there)
		const dates = toPost
			.flatMap((s) => [
				s.built!.journal.receiptDate,
				...(s.period?.kind === 'moved' ? [s.period.to] : []),
			])
			.sort();
		try {
			index = await buildTagIndex(client, dates[0], dates[dates.length - 1]);
		} catch (error) {
			if (!isProcountorError(error)) throw toNodeError(this, error, 0);
			for (const st of toPost) {
				st.result = failed(
					st,
					failureFromError(error, st.what, 'check for journals exported earlier'),
				);
			}
		}
		const reusedWithFiles = toPost.filter(
			(s) => !s.result && s.receipts.length && index.has(s.built!.tag),
		);
		if (reusedWithFiles.length) {
			try {
				reusedFull = await getReceipts(
					client,
					reusedWithFiles.map((s) => index.get(s.built!.tag)!.id),
				);
			} catch (error) {
				if (!isProcountorError(error)) throw toNodeError(this, error, 0);
				reusedFetchError = error;
			}
			// which receipts they carry: their own field, else one attachment search for all
			await finder.prefetch(
				reusedWithFiles.flatMap((s) => {
					const r = reusedFull.get(index.get(s.built!.tag)!.id);
					return r ? [{ receipt: r, names: s.receipts.map((x) => x.name) }] : [];
				}),
			);
		}
		// a journal that exists already is reused whatever its period; a new one needs an open one
		for (const st of toPost) {
			if (!st.result && !index.has(st.built!.tag)) applyPeriod(st);
		}
	}

	// --- export, a few items at a time
	const inflight = new Map<string, Promise<unknown>>();
	const exporter = new Exporter(this, client, opts, index, reusedFull, reusedFetchError, finder);
	await runPool(
		toPost.filter((s) => !s.result),
		opts.concurrency,
		async (st) => {
			const tag = st.built!.tag;
			const before = inflight.get(tag);
			const run = (async () => {
				if (before) await before.catch(() => undefined); // same expense twice in one run
				st.result = await exporter.exportItem(st);
			})();
			inflight.set(tag, run);
			await run;
		},
	);

	// --- post, then verify: one search for the journals of every expense this execution posted
	await exporter.verify(states.filter((s) => s.posted));

	// --- approval after the verification, so that no journal is approved and then invalidated
	if (opts.approve) {
		await runPool(
			states.filter((s) => s.receipt && s.result?.status === 'successful'),
			opts.concurrency,
			async (st) => exporter.approve(st),
		);
	}
	return output(states);
}

function output(states: ItemState[]): INodeExecutionData[] {
	return states.map((st) => ({ json: st.result ?? {}, pairedItem: { item: st.index } }));
}
