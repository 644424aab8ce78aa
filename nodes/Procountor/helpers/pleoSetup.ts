// The Pleo calls of the Procountor node's set-up operations (Import Dimensions as Tags, Import
// Accounts to Pleo): tag groups, tags, chart of accounts and tax codes, typed. Every call goes
// through the Pleo node's own client (PleoClient in nodes/Pleo/transport), so the retry rules,
// the pager, the base URL and company ID lookup and Pleo's batch limits are the Pleo node's.
import type { IDataObject, IHttpRequestMethods } from 'n8n-workflow';
import { MAX_ACCOUNTS_PER_BATCH, MAX_TAGS_PER_ARCHIVE_CALL } from '../../Pleo/core/constants';
import type { PleoClient, PleoRequestOptions } from '../../Pleo/transport';

export interface PleoTagGroup {
	id: string;
	code: string | null;
	name: string | null;
	archived: boolean;
	metadata?: Record<string, string> | null;
}

export interface PleoTagRecord {
	id: string;
	groupId?: string;
	code: string | null;
	name: string | null;
	archived: boolean;
}

export interface PleoAccountRecord {
	id: string;
	externalId: string;
	code: string | null;
	name: string;
	archived: boolean;
	taxCodeExternalId?: string | null;
	metadata?: Record<string, string> | null;
}

export interface PleoTaxCodeRecord {
	id: string;
	code: string;
	name: string;
	rate: number | string;
	type: 'inclusive' | 'exclusive' | 'reverse' | string;
	archived: boolean;
	ingoingTaxAccount?: string | null;
	outgoingTaxAccount?: string | null;
}

export interface PleoTaxCodeInput {
	name: string;
	code: string;
	rate: number;
	type: 'inclusive' | 'exclusive' | 'reverse';
	archived: boolean;
	ingoingTaxAccount?: string | null;
	outgoingTaxAccount?: string | null;
}

export interface PleoBatchResult {
	created: PleoAccountRecord[];
	failed: Array<{ reasons: string[]; request: IDataObject }>;
}

/** The set-up calls for one node execution, on one PleoClient (which reads the company ID once). */
export class PleoSetup {
	constructor(readonly client: PleoClient) {}

	async companyId(): Promise<string> {
		return await this.client.companyId();
	}

	private async request<T = IDataObject>(
		method: IHttpRequestMethods,
		path: string,
		opts: PleoRequestOptions = {},
	): Promise<T> {
		return await this.client.request<T>(method, path, opts);
	}

	private async allPages<T>(
		method: 'GET' | 'POST',
		path: string,
		qs: IDataObject = {},
		body?: IDataObject,
	): Promise<T[]> {
		return (await this.client.getAllPages(method, path, { qs, body })) as T[];
	}

	// ---- tag groups and tags

	async tagGroups(): Promise<PleoTagGroup[]> {
		const companyId = await this.companyId();
		const r = await this.request<{ data?: PleoTagGroup[] }>('GET', '/v0/tag-groups', {
			qs: { company_id: companyId, include_archived: true },
		});
		return r.data ?? [];
	}

	async createTagGroup(name: string, code: string): Promise<PleoTagGroup> {
		const companyId = await this.companyId();
		const r = await this.request<{ data: PleoTagGroup }>('POST', '/v0/tag-groups', {
			qs: { company_id: companyId },
			body: { companyId, name, code, archived: false },
		});
		return r.data;
	}

	async updateTagGroup(
		group: PleoTagGroup,
		patch: { name?: string; archived?: boolean },
	): Promise<PleoTagGroup> {
		const r = await this.request<{ data: PleoTagGroup }>(
			'PUT',
			`/v0/tag-groups/${encodeURIComponent(group.id)}`,
			{
				body: {
					name: patch.name ?? group.name ?? group.code ?? '',
					code: group.code ?? '',
					archived: patch.archived ?? group.archived,
					metadata: group.metadata ?? {},
				},
			},
		);
		return r.data;
	}

	/** Every tag of a group, archived ones included, all pages. */
	async tagsOfGroup(groupId: string): Promise<PleoTagRecord[]> {
		return await this.allPages<PleoTagRecord>(
			'GET',
			`/v0/tag-groups/${encodeURIComponent(groupId)}/tags`,
			{
				include_archived: true,
			},
		);
	}

	async createTag(groupId: string, code: string, name: string): Promise<PleoTagRecord> {
		const r = await this.request<{ data: PleoTagRecord }>(
			'POST',
			`/v0/tag-groups/${encodeURIComponent(groupId)}/tags`,
			{
				body: { code, name, archived: false },
			},
		);
		return r.data;
	}

	async updateTag(
		id: string,
		body: { code: string; name: string; archived: boolean },
	): Promise<PleoTagRecord> {
		const r = await this.request<{ data: PleoTagRecord }>(
			'PUT',
			`/v0/tags/${encodeURIComponent(id)}`,
			{ body },
		);
		return r.data;
	}

	/** Archives (or unarchives) tags in batches of at most 100. Never deletes. */
	async setTagsArchived(tagIds: string[], archived: boolean): Promise<void> {
		const companyId = await this.companyId();
		for (let i = 0; i < tagIds.length; i += MAX_TAGS_PER_ARCHIVE_CALL) {
			await this.request('POST', '/v0/tags/archive', {
				qs: { company_id: companyId },
				body: { companyId, tagIds: tagIds.slice(i, i + MAX_TAGS_PER_ARCHIVE_CALL), archived },
				idempotent: true,
			});
		}
	}

	// ---- chart of accounts

	/** Every account of the company, archived ones included. */
	async accounts(): Promise<PleoAccountRecord[]> {
		const companyId = await this.companyId();
		return await this.allPages<PleoAccountRecord>(
			'POST',
			'/v1/chart-of-accounts:search',
			{ company_id: companyId },
			{ companyId },
		);
	}

	async createAccounts(
		items: Array<{ externalId: string; code: string; name: string; archived: boolean }>,
	): Promise<PleoBatchResult> {
		const companyId = await this.companyId();
		const result: PleoBatchResult = { created: [], failed: [] };
		for (let i = 0; i < items.length; i += MAX_ACCOUNTS_PER_BATCH) {
			const r = await this.request<IDataObject>('POST', '/v1/chart-of-accounts/batch', {
				qs: { company_id: companyId },
				body: {
					companyId,
					items: items.slice(i, i + MAX_ACCOUNTS_PER_BATCH) as unknown as IDataObject[],
				},
			});
			const data = (r.data && typeof r.data === 'object' ? r.data : r) as IDataObject;
			result.created.push(...((data.created as PleoAccountRecord[] | undefined) ?? []));
			result.failed.push(...((data.failed as PleoBatchResult['failed'] | undefined) ?? []));
		}
		return result;
	}

	async updateAccount(
		account: PleoAccountRecord,
		patch: { name?: string; code?: string; archived?: boolean },
	): Promise<PleoAccountRecord> {
		const body: IDataObject = {
			name: patch.name ?? account.name,
			code: patch.code ?? account.code ?? undefined,
			archived: patch.archived ?? account.archived,
		};
		if (account.taxCodeExternalId) body.taxCodeExternalId = account.taxCodeExternalId;
		if (account.metadata) body.metadata = account.metadata;
		const r = await this.request<{ data: PleoAccountRecord }>(
			'PUT',
			`/v1/chart-of-accounts/${encodeURIComponent(account.id)}`,
			{
				body,
			},
		);
		return r.data;
	}

	// ---- tax codes

	async taxCodes(): Promise<PleoTaxCodeRecord[]> {
		const companyId = await this.companyId();
		return await this.allPages<PleoTaxCodeRecord>(
			'POST',
			'/v0/tax-codes:search',
			{ company_id: companyId },
			{},
		);
	}

	async createTaxCode(input: PleoTaxCodeInput): Promise<PleoTaxCodeRecord> {
		const companyId = await this.companyId();
		const r = await this.request<{ data: PleoTaxCodeRecord }>('POST', '/v0/tax-codes', {
			qs: { company_id: companyId },
			body: { companyId, ...input },
		});
		return r.data;
	}

	async updateTaxCode(id: string, input: PleoTaxCodeInput): Promise<PleoTaxCodeRecord> {
		const companyId = await this.companyId();
		const r = await this.request<{ data: PleoTaxCodeRecord }>(
			'PUT',
			`/v0/tax-codes/${encodeURIComponent(id)}`,
			{
				body: { companyId, ...input },
			},
		);
		return r.data;
	}
}
