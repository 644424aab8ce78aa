import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';
import {
	decimalEquals,
	desiredTaxCodes,
	REVERSE_CHARGE_LABELS,
	REVERSE_CHARGE_OPTIONS,
	truncate,
	type ReverseChargeKind,
	type ReverseChargePicks,
	type TaxCodeSpec,
	type VatDefaults,
} from '../../core';
import type { CoaAccount } from '../../helpers/lookups';
import { Lookups } from '../../helpers/lookups';
import type { ProcountorClient } from '../../transport';
import type {
	PleoAccountRecord,
	PleoTaxCodeInput,
	PleoTaxCodeRecord,
} from '../../helpers/pleoSetup';
import { PleoSetup } from '../../helpers/pleoSetup';
import { runOnce } from '../../../shared/perItem';
import { PleoClient } from '../../../Pleo/transport';
import { locatorValue } from '../../helpers/pipelineItems';

/**
 * The company's VAT status for one kind of EU reverse charge, picked from its own VAT list (with the
 * descriptions); empty = found from what the list says. No status number is built in.
 */
function reverseChargeStatusField(kind: ReverseChargeKind): INodeProperties {
	return {
		displayName: REVERSE_CHARGE_OPTIONS[kind],
		name: kind === 'euServices' ? 'euServicesVatStatus' : 'euGoodsVatStatus',
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		description: `The company's VAT status for ${REVERSE_CHARGE_LABELS[kind]}, from its own VAT list. Leave empty to find it from the descriptions in that list; pick it where the list does not say (the output tells).`,
		displayOptions: { show: { importTaxCodes: [true] } },
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				typeOptions: { searchListMethod: 'searchPurchaseVatStatuses', searchable: true },
			},
			{
				displayName: 'By Number',
				name: 'id',
				type: 'string',
				placeholder: 'e.g. the number in the VAT list',
				validation: [
					{
						type: 'regex',
						properties: { regex: '^[0-9]{1,4}$', errorMessage: 'Not a VAT status number' },
					},
				],
			},
		],
	};
}

const properties: INodeProperties[] = [
	{
		displayName: 'Account Name Language',
		name: 'accountNameLanguage',
		type: 'options',
		default: 'company',
		description: 'Which Procountor account name Pleo shows',
		options: [
			{
				name: 'Company Language',
				value: 'company',
				description: "The account's own name in Procountor (usually Finnish)",
			},
			{
				name: 'English',
				value: 'en',
				description: 'The English translation, when Procountor has one',
			},
		],
	},
	{
		displayName: 'Archive Accounts Inactive in Procountor',
		name: 'archiveInactive',
		type: 'boolean',
		default: true,
		description:
			'Whether to archive (never delete) Pleo accounts whose Procountor account is inactive',
	},
	{
		displayName: 'Import VAT Codes',
		name: 'importTaxCodes',
		type: 'boolean',
		default: true,
		description:
			"Whether to create Pleo tax codes for the Procountor purchase VAT rates: one inclusive code per rate (such as VAT25.5), and EURC (reverse charge, EU services) and EURCG (reverse charge, EU goods) at the standard rate on the company's own reverse-charge VAT statuses",
	},
	reverseChargeStatusField('euServices'),
	reverseChargeStatusField('euGoods'),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['pleoExport'], operation: ['importAccountsToPleo'] } },
	properties,
);

interface Counts extends IDataObject {
	created: number;
	updated: number;
	archived: number;
	unchanged: number;
}

const NAME_MAX = 255;

function accountName(a: CoaAccount, language: string): string {
	const en = (a.translations ?? []).find((t) => t.languageCode === 'en')?.translation;
	const name = language === 'en' && en && en.trim() ? en : a.name;
	return truncate(String(name ?? '').trim() || String(a.ledgerAccountCode), NAME_MAX);
}

async function syncAccounts(
	ctx: IExecuteFunctions,
	pleo: PleoSetup,
	coa: CoaAccount[],
	changes: IDataObject[],
) {
	const language = ctx.getNodeParameter('accountNameLanguage', 0, 'company') as string;
	const archiveInactive = ctx.getNodeParameter('archiveInactive', 0, true) as boolean;
	const counts: Counts = { created: 0, updated: 0, archived: 0, unchanged: 0 };
	const existing = await pleo.accounts();
	const byExternalId = new Map<string, PleoAccountRecord>();
	for (const a of existing)
		if (!byExternalId.has(String(a.externalId).trim()))
			byExternalId.set(String(a.externalId).trim(), a);
	const toCreate: Array<{ externalId: string; code: string; name: string; archived: boolean }> = [];
	for (const a of coa) {
		const code = String(a.ledgerAccountCode).trim();
		const name = accountName(a, language);
		const current = byExternalId.get(code);
		if (a.active !== false) {
			if (!current) {
				toCreate.push({ externalId: code, code, name, archived: false });
				continue;
			}
			const diffs: IDataObject = {};
			if (current.name !== name) diffs.name = { from: current.name, to: name };
			if ((current.code ?? '') !== code) diffs.code = { from: current.code, to: code };
			if (current.archived) diffs.archived = { from: true, to: false };
			if (Object.keys(diffs).length === 0) {
				counts.unchanged++;
				continue;
			}
			await pleo.updateAccount(current, { name, code, archived: false });
			counts.updated++;
			changes.push({ kind: 'account', action: 'update', code, ...diffs });
		} else if (current && !current.archived && archiveInactive) {
			await pleo.updateAccount(current, { archived: true });
			counts.archived++;
			changes.push({ kind: 'account', action: 'archive', code, reason: 'inactive in Procountor' });
		} else if (current) {
			counts.unchanged++;
		}
	}
	const failed: IDataObject[] = [];
	if (toCreate.length > 0) {
		const r = await pleo.createAccounts(toCreate);
		for (const c of r.created) {
			counts.created++;
			changes.push({
				kind: 'account',
				action: 'create',
				code: c.code ?? c.externalId,
				name: c.name,
			});
		}
		for (const f of r.failed) {
			failed.push({ code: (f.request as IDataObject)?.externalId as string, reasons: f.reasons });
			changes.push({
				kind: 'account',
				action: 'failed',
				code: (f.request as IDataObject)?.externalId as string,
				reasons: f.reasons,
			});
		}
	}
	const known = new Set(coa.map((a) => String(a.ledgerAccountCode).trim()));
	const notInProcountor = existing
		.filter((a) => !known.has(String(a.externalId).trim()))
		.map((a) => a.externalId);
	return { ...counts, failed: failed.length, notInProcountor };
}

/** One line of the output per tax code: what happened to it and why. */
interface TaxCodeOutcome extends IDataObject {
	code: string;
	action: 'created' | 'updated' | 'unchanged' | 'leftOut';
	vatStatus: number | null;
	reason: string;
}

const input = (w: TaxCodeSpec): PleoTaxCodeInput => ({
	code: w.code,
	name: w.name,
	rate: w.rate,
	type: w.type,
	archived: w.archived,
});

async function syncTaxCodes(
	pleo: PleoSetup,
	vats: VatDefaults,
	picks: ReverseChargePicks,
	changes: IDataObject[],
) {
	const counts: Counts = { created: 0, updated: 0, archived: 0, unchanged: 0 };
	const existing = await pleo.taxCodes();
	const claimed = new Set<string>();
	const { wanted, leftOut } = desiredTaxCodes(vats, picks);
	const codes: TaxCodeOutcome[] = [];
	const plans: Array<{ want: TaxCodeSpec; current?: PleoTaxCodeRecord; byCode: boolean }> = [];
	// exact code matches first, so a rate fallback never steals a code that matches by name
	for (const want of wanted) {
		const current = existing.find(
			(t) => !claimed.has(t.id) && t.code.trim().toLowerCase() === want.code.toLowerCase(),
		);
		if (current) claimed.add(current.id);
		plans.push({ want, current, byCode: !!current });
	}
	for (const p of plans) {
		if (p.current) continue;
		const same = existing.find(
			(t) =>
				!claimed.has(t.id) &&
				!t.archived &&
				t.type === p.want.type &&
				decimalEquals(t.rate, p.want.rate),
		);
		if (same) {
			claimed.add(same.id);
			p.current = same;
		}
	}
	for (const { want, current, byCode } of plans) {
		const outcome = (action: TaxCodeOutcome['action'], why: string) =>
			codes.push({ code: want.code, action, vatStatus: want.vatStatus, reason: why });
		if (!current) {
			await pleo.createTaxCode(input(want));
			counts.created++;
			outcome('created', want.reason);
			changes.push({
				kind: 'taxCode',
				action: 'create',
				code: want.code,
				name: want.name,
				rate: want.rate,
				type: want.type,
			});
			continue;
		}
		if (!byCode) {
			counts.unchanged++;
			outcome(
				'unchanged',
				`Pleo already has ${current.code} with the same type and rate, taken as ${want.code} and left alone (${want.reason})`,
			);
			continue;
		}
		const diffs: IDataObject = {};
		if (current.name !== want.name) diffs.name = { from: current.name, to: want.name };
		if (!decimalEquals(current.rate, want.rate)) diffs.rate = { from: current.rate, to: want.rate };
		if (current.type !== want.type) diffs.type = { from: current.type, to: want.type };
		if (current.archived) diffs.archived = { from: true, to: false };
		if (Object.keys(diffs).length === 0) {
			counts.unchanged++;
			outcome('unchanged', `already in Pleo as wanted (${want.reason})`);
			continue;
		}
		await pleo.updateTaxCode(current.id, {
			...input(want),
			code: current.code,
			ingoingTaxAccount: current.ingoingTaxAccount ?? null,
			outgoingTaxAccount: current.outgoingTaxAccount ?? null,
		});
		counts.updated++;
		outcome('updated', `${Object.keys(diffs).join(', ')} changed (${want.reason})`);
		changes.push({ kind: 'taxCode', action: 'update', code: current.code, ...diffs });
	}
	for (const l of leftOut)
		codes.push({ code: l.code, action: 'leftOut', vatStatus: null, reason: l.reason });
	return { ...counts, leftOut: leftOut.length, codes };
}

/** The statuses picked in the two reverse-charge options (empty: found from the company's list). */
function readPicks(ctx: IExecuteFunctions): ReverseChargePicks {
	const pick = (name: string) => {
		const v = locatorValue(ctx.getNodeParameter(name, 0, ''));
		if (!v) return null;
		const n = Number(v);
		if (!Number.isInteger(n) || n < 0) {
			throw new NodeOperationError(ctx.getNode(), `'${v}' is not a VAT status number.`, {
				description: 'Pick the status from the list, or enter its number as the VAT list shows it.',
			});
		}
		return n;
	};
	return { euServices: pick('euServicesVatStatus'), euGoods: pick('euGoodsVatStatus') };
}

export const execute = runOnce(async function (client: ProcountorClient) {
	const lookups = new Lookups(client);
	const pleo = new PleoSetup(new PleoClient(this));
	const importTaxCodes = this.getNodeParameter('importTaxCodes', 0, true) as boolean;
	const picks = importTaxCodes ? readPicks(this) : {};
	const changes: IDataObject[] = [];
	const accounts = await syncAccounts(this, pleo, await lookups.coa(), changes);
	const taxCodes = importTaxCodes
		? await syncTaxCodes(pleo, await lookups.vatDefaults(), picks, changes)
		: null;
	return { accounts, taxCodes, changes, changed: changes.length > 0 };
});
