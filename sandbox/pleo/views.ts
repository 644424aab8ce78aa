// How a sandbox expense looks on the Pleo APIs: an export item (Export API v3), an accounting
// entry and its receipts (v1). Read-only views over PleoCore's state; PleoCore delegates to them.
import type { PleoCore } from './core';
import type { Account, Expense, ExpenseLine, TaxCode } from './state';
import { mulDivRound, rateToBasisPoints, uuidFor } from './util';

export const FILE_URL_TTL_MS = 24 * 3_600_000;

/** Types whose export items carry a contra account (they touch the wallet balance). */
export const WALLET_TYPES = new Set([
	'card_purchase',
	'card_invoice',
	'fee',
	'cashback',
	'refund',
	'chargeback',
	'direct_reimbursement',
	'invoice_payment',
	'atm_withdrawal',
	'personal_spend',
	'wallet_topup',
	'wallet_unload',
]);

const FAMILY: Record<string, [string, string | null]> = {
	card_purchase: ['CARD_PURCHASE', 'ONLINE'],
	refund: ['CARD_PURCHASE', 'ONLINE'],
	out_of_pocket: ['OUT_OF_POCKET', null],
	mileage: ['MILEAGE', null],
	per_diem: ['PER_DIEM', null],
	fee: ['WALLET', 'FEE'],
	cashback: ['CASHBACK', null],
	direct_reimbursement: ['REIMBURSEMENT', 'REIMBURSEMENT_TO_EMPLOYEE'],
};

/** Tax amount contained in a gross line amount (minor units, exact integer rounding). */
export function taxAmountOf(gross: number, tax: Pick<TaxCode, 'rate' | 'type'>): number {
	if (tax.type === 'reverse') return 0;
	const bp = rateToBasisPoints(tax.rate);
	if (bp === 0) return 0;
	return mulDivRound(gross, bp, 10000 + bp);
}

function accountModel(
	core: PleoCore,
	externalId: string,
): {
	id: string;
	name: string;
	code: string | null;
	identifier: string;
} {
	const a = core.accountByExternalId(externalId);
	if (!a)
		return {
			id: uuidFor(`account:${externalId}`),
			name: externalId,
			code: externalId,
			identifier: externalId,
		};
	return { id: a.id, name: a.name, code: a.code, identifier: a.externalId };
}

function lineTax(
	core: PleoCore,
	line: ExpenseLine,
): {
	tax: TaxCode | undefined;
	wallet: number;
	supplier: number;
} {
	const tax = core.taxByCode(line.taxCode);
	if (!tax) return { tax, wallet: 0, supplier: 0 };
	return {
		tax,
		wallet: taxAmountOf(line.walletAmount, tax),
		supplier: taxAmountOf(line.supplierAmount, tax),
	};
}

/** An expense as a Pleo Export API v3 export item (GET /v3/export-items). */
export function exportItemView(
	core: PleoCore,
	e: Expense,
	fetchedMs: number,
): Record<string, unknown> {
	const money = (supplier: number, wallet: number): Record<string, unknown> => ({
		inSupplierCurrency: { currency: e.supplierCurrency, value: supplier },
		inWalletCurrency: { currency: e.walletCurrency, value: wallet },
	});
	const employee = core.state.employees.find((x) => x.id === e.employeeId);
	const team = e.teamId ? core.state.teams.find((t) => t.id === e.teamId) : undefined;
	const contra = core.state.company.contraAccounts;
	let contraAccount: unknown = null;
	if (WALLET_TYPES.has(e.type) && contra) {
		contraAccount = accountModel(
			core,
			e.type === 'direct_reimbursement' ? contra.reimbursement : contra.card,
		);
	}
	const expires = Math.floor((fetchedMs + FILE_URL_TTL_MS) / 1000);
	let reconciledEntries: string[] | null = null;
	if (e.type === 'direct_reimbursement') {
		reconciledEntries = [...core.state.expenses.values()]
			.filter((x) => x.type === 'out_of_pocket' && x.employeeId === e.employeeId)
			.map((x) => x.reconciliationId);
	}
	return {
		accountingEntryId: e.id,
		companyId: core.state.company.id,
		type: e.type,
		subType: e.subType,
		date: e.date,
		amount: money(
			e.lines.reduce((s, l) => s + l.supplierAmount, 0),
			e.lines.reduce((s, l) => s + l.walletAmount, 0),
		),
		note: e.note,
		accountingEntryLines: e.lines.map((l) => {
			const t = lineTax(core, l);
			return {
				accountingEntryLineId: l.id,
				lineAmount: money(l.supplierAmount, l.walletAmount),
				netAmount: money(l.supplierAmount - t.supplier, l.walletAmount - t.wallet),
				account: accountModel(core, l.accountExternalId),
				tax: t.tax
					? {
							id: t.tax.id,
							code: t.tax.code,
							rate: t.tax.rate,
							type: t.tax.type,
							amount: money(t.supplier, t.wallet),
							ingoingTaxAccount: t.tax.ingoingTaxAccount,
							outgoingTaxAccount: t.tax.outgoingTaxAccount,
						}
					: null,
				tags: l.tags.map((tag) => ({ id: tag.id, code: tag.code, groupCode: tag.groupCode })),
			};
		}),
		contraAccount,
		bookkeeping: { method: 'journal' },
		supplier: e.supplier ? { ...e.supplier, account: null, taxIdentifier: null } : null,
		vendor: null,
		user: employee
			? {
					id: employee.id,
					name: `${employee.firstName} ${employee.lastName}`,
					code: employee.code,
				}
			: null,
		team: team ? { id: team.id, name: team.name, code: team.code } : null,
		files: e.fileIds
			.map((fid) => core.state.files.get(fid))
			.filter((f): f is NonNullable<typeof f> => !!f)
			.map((f) => ({ url: core.fileUrl(f.id, expires), type: f.mimeType, size: f.size })),
		servicePeriod: null,
		additionalInformation: {
			reconciliationId: e.reconciliationId,
			reconciledEntries,
			attendees: [],
			invoiceInformation: null,
		},
		_links: { web: { exportItem: `${core.baseUrl()}/_sandbox/expenses/${e.id}` } },
	};
}

/** An expense as a Pleo accounting entry (GET /v1/accounting-entries). */
export function accountingEntryView(core: PleoCore, e: Expense): Record<string, unknown> {
	const [family, subFamily] = FAMILY[e.type] ?? ['CARD_PURCHASE', null];
	const first = e.lines[0];
	const acc = (l: ExpenseLine): Account | undefined =>
		core.accountByExternalId(l.accountExternalId);
	const tagsOf = (l: ExpenseLine): Array<{ tagGroupId: string; tagId: string }> =>
		l.tags.map((t) => ({ tagGroupId: t.groupId, tagId: t.id }));
	const supplierTotal = e.lines.reduce((s, l) => s + l.supplierAmount, 0);
	const walletTotal = e.lines.reduce((s, l) => s + l.walletAmount, 0);
	const nil = '00000000-0000-0000-0000-000000000000';
	return {
		id: e.id,
		companyId: core.state.company.id,
		employeeId: e.employeeId,
		teamId: e.teamId,
		family,
		subFamily,
		status: 'COMPLETED',
		exportStatus: e.exportStatus,
		reviewStatus: 'NOT_REQUIRED',
		performedAt: e.date,
		settledAt: e.settledAt,
		bookkeepingDate: e.settledAt ?? e.date,
		createdAt: e.createdAt,
		updatedAt: e.updatedAt ?? e.createdAt,
		deletedAt: e.deleted ? (e.deletedAt ?? e.createdAt) : null,
		accountId: first ? (acc(first)?.id ?? nil) : nil,
		accountCode: first ? first.accountExternalId : null,
		taxCodeId: first ? (core.taxByCode(first.taxCode)?.id ?? nil) : nil,
		note: e.note,
		tags: first ? tagsOf(first) : [],
		splitItems:
			e.lines.length > 1
				? e.lines.map((l) => ({
						id: l.id,
						accountId: acc(l)?.id ?? nil,
						accountCode: l.accountExternalId,
						taxCodeId: core.taxByCode(l.taxCode)?.id ?? nil,
						tags: tagsOf(l),
						transactionValue: { currency: e.supplierCurrency, minors: l.supplierAmount },
						totalBillValue: { currency: e.walletCurrency, minors: l.walletAmount },
						createdAt: e.createdAt,
						updatedAt: e.createdAt,
					}))
				: [],
		transactionValue: { currency: e.supplierCurrency, minors: supplierTotal },
		totalBillValue: { currency: e.walletCurrency, minors: walletTotal },
		receiptIds: [...e.fileIds],
		attendees: [],
		supplier: null,
		foreignExtensionId: null,
	};
}

/** A receipt file of an accounting entry, with a signed URL valid 24 h. */
export function receiptView(core: PleoCore, fileId: string): Record<string, unknown> | undefined {
	const f = core.state.files.get(fileId);
	if (!f) return undefined;
	const expires = Math.floor((core.now() + FILE_URL_TTL_MS) / 1000);
	return {
		id: f.id,
		accountingEntryId: f.accountingEntryId,
		createdAt: f.createdAt,
		fileType: 'ORIGINAL',
		mimeType: f.mimeType,
		sizeInBytes: f.size,
		source: 'USER',
		url: core.fileUrl(f.id, expires),
		ocrDocumentId: null,
	};
}
