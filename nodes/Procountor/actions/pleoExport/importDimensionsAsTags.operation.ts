import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';
import type { ExistingGroup, ExistingTag, ProcountorDimension as CoreDimension } from '../../core';
import { defaultGroupCode, diffDimensionToTags, diffGroup, toWindows1252 } from '../../core';
import { Lookups } from '../../helpers/lookups';
import { runOnce } from '../../../shared/perItem';
import { PleoClient } from '../../../Pleo/transport';
import type { ProcountorClient } from '../../transport';
import type { PleoTagGroup } from '../../helpers/pleoSetup';
import { PleoSetup } from '../../helpers/pleoSetup';

export const MAX_DIMENSIONS = 5;

const properties: INodeProperties[] = [
	{
		displayName: 'Dimension Names or IDs',
		name: 'dimensionIds',
		type: 'multiOptions',
		typeOptions: { loadOptionsMethod: 'getDimensions' },
		default: [],
		required: true,
		description:
			'One to five Procountor dimensions to mirror as Pleo tag groups. Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
	},
	{
		displayName: 'Tag Group Codes',
		name: 'groupCodes',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		placeholder: 'Add Tag Group Code',
		default: {},
		description:
			'The Pleo tag group code for a dimension. By default it is the dimension name upper-cased, accents folded and only A–Z/0–9 kept ("Kustannuspaikka" → KUSTANNUSPAIKKA); Export Expense matches tags to dimensions with the same rule.',
		options: [
			{
				displayName: 'Code',
				name: 'codes',
				values: [
					{
						displayName: 'Dimension Name or ID',
						name: 'dimensionId',
						type: 'options',
						typeOptions: { loadOptionsMethod: 'getDimensions' },
						default: '',
						description:
							'Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>',
					},
					{
						displayName: 'Group Code',
						name: 'groupCode',
						type: 'string',
						default: '',
						placeholder: 'e.g. COSTCENTRE',
					},
				],
			},
		],
	},
	{
		displayName: 'Dry Run',
		name: 'dryRun',
		type: 'boolean',
		default: false,
		description: 'Whether to only report what would change in Pleo, without writing anything',
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['pleoExport'], operation: ['importDimensionsAsTags'] } },
	properties,
);

interface Change extends IDataObject {
	action: string;
	code: string;
}

const norm = (s: unknown) =>
	String(s ?? '')
		.trim()
		.toLowerCase();

function toExistingGroup(g: PleoTagGroup): ExistingGroup {
	return {
		id: String(g.id),
		code: g.code ?? null,
		name: g.name ?? null,
		archived: g.archived === true,
	};
}

/** Reads and checks the parameters: 1–5 distinct existing dimensions, one distinct group code each. */
async function plan(ctx: IExecuteFunctions, client: ProcountorClient) {
	const raw = ctx.getNodeParameter('dimensionIds', 0, []) as unknown;
	const list = (Array.isArray(raw) ? raw : String(raw ?? '').split(','))
		.map((x) => String(x).trim())
		.filter(Boolean);
	const ids = [...new Set(list)];
	if (ids.length === 0) {
		throw new NodeOperationError(ctx.getNode(), 'No Procountor dimension is selected', {
			description: 'Pick one to five dimensions in "Dimension Names or IDs".',
		});
	}
	if (ids.length > MAX_DIMENSIONS) {
		throw new NodeOperationError(
			ctx.getNode(),
			`${ids.length} dimensions are selected; Pleo syncs at most ${MAX_DIMENSIONS}`,
			{
				description: `An expense in Pleo carries at most ${MAX_DIMENSIONS} tags. Remove dimensions from "Dimension Names or IDs" until ${MAX_DIMENSIONS} or fewer are left.`,
			},
		);
	}
	const overrides = new Map<string, string>();
	for (const row of (ctx.getNodeParameter('groupCodes.codes', 0, []) as IDataObject[]) ?? []) {
		const id = String(row.dimensionId ?? '').trim();
		const code = String(row.groupCode ?? '').trim();
		if (!id) continue;
		if (!code) {
			throw new NodeOperationError(
				ctx.getNode(),
				`Tag Group Codes: the group code for dimension ${id} is empty`,
				{
					description: 'Fill in the code or remove the row to use the default code.',
				},
			);
		}
		overrides.set(id, code);
	}
	const all = await new Lookups(client).dimensions();
	const dimensions: Array<{ dimension: CoreDimension; groupCode: string }> = [];
	const byCode = new Map<string, string>();
	for (const id of ids) {
		const d = all.find((x) => String(x.id) === id);
		if (!d) {
			throw new NodeOperationError(ctx.getNode(), `Procountor has no dimension with ID ${id}`, {
				description: `Pick existing dimensions in "Dimension Names or IDs" (available: ${all.map((x) => `${x.id} ${x.name}`).join(', ') || 'none'}).`,
			});
		}
		const dimension: CoreDimension = {
			id: d.id,
			name: d.name,
			items: (d.items ?? []).map((it) => ({
				id: it.id,
				codeName: it.codeName,
				description: it.description,
				status: it.status,
			})),
		};
		const groupCode = overrides.get(id) ?? defaultGroupCode(d.name);
		if (!groupCode) {
			throw new NodeOperationError(
				ctx.getNode(),
				`The dimension '${toWindows1252(d.name)}' gives an empty default tag group code`,
				{
					description: 'Set a code for it under "Tag Group Codes".',
				},
			);
		}
		const clash = byCode.get(norm(groupCode));
		if (clash) {
			throw new NodeOperationError(
				ctx.getNode(),
				`Dimensions '${clash}' and '${toWindows1252(d.name)}' would share the tag group code ${groupCode}`,
				{
					description: 'Give one of them another code under "Tag Group Codes".',
				},
			);
		}
		byCode.set(norm(groupCode), toWindows1252(d.name));
		dimensions.push({ dimension, groupCode });
	}
	return dimensions;
}

export const execute = runOnce(async function (client: ProcountorClient) {
	const dryRun = this.getNodeParameter('dryRun', 0, false) as boolean;
	const dimensions = await plan(this, client);
	const pleo = new PleoSetup(new PleoClient(this));
	const rawGroups = await pleo.tagGroups();
	const groups = rawGroups.map(toExistingGroup);
	const out: INodeExecutionData[] = [];
	for (const { dimension, groupCode } of dimensions) {
		const changes: Change[] = [];
		const g = diffGroup(dimension, groups, groupCode);
		let groupId = g.groupId ?? null;
		const created = g.action === 'create';
		if (created) {
			changes.push({ action: 'createTagGroup', code: g.code, name: g.name });
			if (!dryRun) {
				const made = await pleo.createTagGroup(g.name, g.code);
				groupId = String(made.id);
				rawGroups.push(made);
				groups.push(toExistingGroup(made));
			}
		} else if (g.action === 'update') {
			if (g.unarchive) changes.push({ action: 'unarchiveTagGroup', code: g.code });
			if (g.rename)
				changes.push({
					action: 'renameTagGroup',
					code: g.code,
					from: g.rename.from,
					to: g.rename.to,
				});
			if (!dryRun) {
				const raw = rawGroups.find((x) => String(x.id) === g.groupId);
				if (raw) await pleo.updateTagGroup(raw, { name: g.name, archived: false });
			}
		}
		for (const dup of g.archive) {
			changes.push({ action: 'archiveTagGroup', code: dup.code, id: dup.id, reason: dup.reason });
			if (!dryRun) {
				const raw = rawGroups.find((x) => String(x.id) === dup.id);
				if (raw) await pleo.updateTagGroup(raw, { archived: true });
			}
		}
		const existing: ExistingTag[] = groupId
			? (await pleo.tagsOfGroup(groupId)).map((t) => ({
					id: String(t.id),
					code: t.code ?? null,
					name: t.name ?? null,
					archived: t.archived === true,
				}))
			: [];
		const diff = diffDimensionToTags(dimension, existing);
		for (const a of diff.archive)
			changes.push({ action: 'archive', code: a.code, id: a.id, reason: a.reason });
		for (const u of diff.unarchive) changes.push({ action: 'unarchive', code: u.code, id: u.id });
		for (const r of diff.rename)
			changes.push({ action: 'rename', code: r.code, id: r.id, from: r.from, to: r.to });
		for (const c of diff.create) changes.push({ action: 'create', code: c.code, name: c.name });
		if (!dryRun && groupId) {
			// archive first so the group's active-tag limit has room for what is created
			await pleo.setTagsArchived(
				diff.archive.map((a) => a.id),
				true,
			);
			await pleo.setTagsArchived(
				diff.unarchive.map((u) => u.id),
				false,
			);
			for (const r of diff.rename)
				await pleo.updateTag(r.id, { code: r.code, name: r.to, archived: false });
			for (const c of diff.create) await pleo.createTag(groupId, c.code, c.name);
		}
		out.push({
			json: {
				dimension: { id: dimension.id, name: dimension.name },
				tagGroup: { id: groupId, code: g.code, name: g.name, created },
				counts: {
					created: diff.create.length,
					renamed: diff.rename.length,
					archived: diff.archive.length,
					unarchived: diff.unarchive.length,
					unchanged: diff.unchanged,
					skipped: diff.skipped.length,
				},
				changes,
				skipped: diff.skipped as unknown as IDataObject[],
				changed: changes.length > 0,
				dryRun,
			},
			pairedItem: { item: 0 },
		});
	}
	return out;
});
