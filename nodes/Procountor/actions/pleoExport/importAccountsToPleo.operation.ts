import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';
import {
	decimalEquals,
	purchaseVatRates,
	shiftDecimal,
	truncate,
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
			'Whether to create Pleo tax codes for the Procountor purchase VAT rates: one inclusive code per rate (such as VAT25.5), EURC (reverse charge, EU services, status 9) and EURCG (reverse charge, EU goods, status 8) at the standard rate',
	},
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

/** "25.5" for 25.5, "0" for 0: the percent as written in tax codes and names. */
function pctText(p: number): string {
	return String(shiftDecimal(p, 0));
}

/**
 * The Pleo tax codes this integration expects (the scheme Map Category understands without rows):
 * - `VAT<p>` inclusive, rate p/100, named "VAT <p>%", for every purchase VAT percent of the company
 *   (Map Category books them as VAT status 1 at p %);
 * - `EURC` reverse, rate = standard rate, "EU reverse charge <p>%", when status 9 (EU purchases of
 *   services) is enabled for purchases (Map Category books reverse codes as status 9);
 * - `EURCG` reverse, "EU reverse charge, goods <p>%", when status 8 (EU purchases of goods) is
 *   enabled; add a Tax Code Mapping row EURCG → status 8 in Map Category to book it as goods.
 * Matching: by code (case-insensitive); failing that, an unarchived Pleo code with the same type
 * and rate is taken as the same code and left alone.
 */
export function desiredTaxCodes(vats: VatDefaults): PleoTaxCodeInput[] {
	const percents = purchaseVatRates(vats).sort((a, b) => b - a);
	const purchaseStatus = (n: number) =>
		(vats.vatStatuses ?? []).some((s) => Number(s.vatStatus) === n && s.purchase !== false);
	const out: PleoTaxCodeInput[] = [];
	if (purchaseStatus(1) || (vats.vatStatuses ?? []).length === 0) {
		for (const p of percents) {
			out.push({
				code: `VAT${pctText(p)}`,
				name: `VAT ${pctText(p)}%`,
				rate: shiftDecimal(p, -2),
				type: 'inclusive',
				archived: false,
			});
		}
	}
	const standard = percents[0];
	if (standard !== undefined && standard > 0) {
		if (purchaseStatus(9)) {
			out.push({
				code: 'EURC',
				name: `EU reverse charge ${pctText(standard)}%`,
				rate: shiftDecimal(standard, -2),
				type: 'reverse',
				archived: false,
			});
		}
		if (purchaseStatus(8)) {
			out.push({
				code: 'EURCG',
				name: `EU reverse charge, goods ${pctText(standard)}%`,
				rate: shiftDecimal(standard, -2),
				type: 'reverse',
				archived: false,
			});
		}
	}
	return out;
}

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

async function syncTaxCodes(pleo: PleoSetup, vats: VatDefaults, changes: IDataObject[]) {
	const counts: Counts = { created: 0, updated: 0, archived: 0, unchanged: 0 };
	const existing = await pleo.taxCodes();
	const claimed = new Set<string>();
	const wanted = desiredTaxCodes(vats);
	const plans: Array<{ want: PleoTaxCodeInput; current?: PleoTaxCodeRecord; byCode: boolean }> = [];
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
		if (!current) {
			await pleo.createTaxCode(want);
			counts.created++;
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
			continue;
		}
		const diffs: IDataObject = {};
		if (current.name !== want.name) diffs.name = { from: current.name, to: want.name };
		if (!decimalEquals(current.rate, want.rate)) diffs.rate = { from: current.rate, to: want.rate };
		if (current.type !== want.type) diffs.type = { from: current.type, to: want.type };
		if (current.archived) diffs.archived = { from: true, to: false };
		if (Object.keys(diffs).length === 0) {
			counts.unchanged++;
			continue;
		}
		await pleo.updateTaxCode(current.id, {
			...want,
			code: current.code,
			ingoingTaxAccount: current.ingoingTaxAccount ?? null,
			outgoingTaxAccount: current.outgoingTaxAccount ?? null,
		});
		counts.updated++;
		changes.push({ kind: 'taxCode', action: 'update', code: current.code, ...diffs });
	}
	return counts;
}

export const execute = runOnce(async function (client: ProcountorClient) {
	const lookups = new Lookups(client);
	const pleo = new PleoSetup(new PleoClient(this));
	const importTaxCodes = this.getNodeParameter('importTaxCodes', 0, true) as boolean;
	const changes: IDataObject[] = [];
	const accounts = await syncAccounts(this, pleo, await lookups.coa(), changes);
	const taxCodes = importTaxCodes
		? await syncTaxCodes(pleo, await lookups.vatDefaults(), changes)
		: null;
	return { accounts, taxCodes, changes, changed: changes.length > 0 };
});
