// Pleo sandbox routes: Tag groups and tags. Registered into the route table of router.ts.
import type { PleoCore } from './core';
import { asObject, bool, paginate, queryBool, str, strArray } from './http-util';
import {
	ID,
	route,
	ok,
	wrap,
	companyFromQuery,
	companyFromBodyOrQuery,
	metadataOf,
} from './router';
import type { Tag, TagGroup } from './state';
import { PleoApiError, iso } from './util';

// ---------- tag groups & tags ----------

function tagGroup(core: PleoCore, id: string): TagGroup {
	const g = core.state.tagGroups.get(id);
	if (!g) throw new PleoApiError(404, 'TAG_GROUP_NOT_FOUND', `tag group ${id} not found`);
	return g;
}

function tagById(core: PleoCore, id: string): Tag {
	const t = core.state.tags.get(id);
	if (!t) throw new PleoApiError(404, 'TAG_NOT_FOUND', `tag ${id} not found`);
	return t;
}

function tagsOfGroup(core: PleoCore, groupId: string): Tag[] {
	return [...core.state.tags.values()].filter((t) => t.groupId === groupId);
}

function activeTagCap(core: PleoCore): number {
	return core.activeTagCap;
}

function checkCap(core: PleoCore, groupId: string, excludeTagId?: string): void {
	const active = tagsOfGroup(core, groupId).filter(
		(t) => !t.archived && t.id !== excludeTagId,
	).length;
	const cap = activeTagCap(core);
	if (active >= cap) {
		throw new PleoApiError(
			400,
			'TAG_GROUP_ACTIVE_TAGS_LIMIT_REACHED',
			`the tag group already has the maximum number of active tags (${cap})`,
		);
	}
}

function checkGroupCode(core: PleoCore, code: string, excludeId?: string): void {
	const lc = code.toLowerCase();
	for (const g of core.state.tagGroups.values()) {
		if (g.id !== excludeId && g.code.toLowerCase() === lc) {
			throw new PleoApiError(
				409,
				'TAG_GROUP_CODE_ALREADY_EXISTS',
				`a tag group with code '${g.code}' already exists`,
			);
		}
	}
}

function checkTagCode(core: PleoCore, groupId: string, code: string, excludeId?: string): void {
	const lc = code.toLowerCase();
	for (const t of tagsOfGroup(core, groupId)) {
		if (t.id !== excludeId && t.code.toLowerCase() === lc) {
			throw new PleoApiError(
				409,
				'TAG_CODE_ALREADY_EXISTS',
				`a tag with code '${t.code}' already exists in this group`,
			);
		}
	}
}

function groupView(core: PleoCore, g: TagGroup, withCount: boolean): Record<string, unknown> {
	const v: Record<string, unknown> = { ...g };
	if (withCount) v.totalTagsCount = tagsOfGroup(core, g.id).length;
	return v;
}

route('GET', '/v0/tag-groups', (core, req) => {
	companyFromQuery(core, req.query);
	const includeArchived = queryBool(req.query, 'include_archived');
	const withCount = queryBool(req.query, 'include_tags_count');
	const groups = [...core.state.tagGroups.values()].filter((g) => includeArchived || !g.archived);
	return wrap(groups.map((g) => groupView(core, g, withCount)));
});

route('POST', '/v0/tag-groups', (core, req) => {
	const body = asObject(req.body);
	companyFromBodyOrQuery(core, body, req.query);
	const name = str(body, 'name', { required: true, max: 255 })!;
	const code = str(body, 'code', { required: true, max: 255 })!;
	const archived = bool(body, 'archived', false);
	checkGroupCode(core, code);
	const now = iso(core.now());
	const g: TagGroup = {
		id: core.nextId('tag-group'),
		companyId: core.state.company.id,
		name,
		code,
		archived,
		metadata: metadataOf(body) ?? {},
		createdAt: now,
		updatedAt: now,
	};
	core.state.tagGroups.set(g.id, g);
	core.recordWrite(req.method, req.path);
	return wrap(g, 201);
});

route('GET', `/v0/tag-groups/${ID}`, (core, _req, [id]) =>
	wrap(groupView(core, tagGroup(core, id), true)),
);

route('PUT', `/v0/tag-groups/${ID}`, (core, req, [id]) => {
	const g = tagGroup(core, id);
	const body = asObject(req.body);
	const name = str(body, 'name', { required: true, max: 255 })!;
	const code = str(body, 'code', { required: true, max: 255 })!;
	const archived = bool(body, 'archived');
	checkGroupCode(core, code, g.id);
	Object.assign(g, {
		name,
		code,
		archived,
		metadata: metadataOf(body) ?? {},
		updatedAt: iso(core.now()),
	});
	core.recordWrite(req.method, req.path);
	return wrap(g);
});

route('DELETE', `/v0/tag-groups/${ID}`, (core, req, [id]) => {
	tagGroup(core, id);
	core.state.tagGroups.delete(id);
	for (const t of tagsOfGroup(core, id)) core.state.tags.delete(t.id);
	core.recordWrite(req.method, req.path);
	return { status: 204 };
});

route('GET', `/v0/tag-groups/${ID}/tags`, (core, req, [id]) => {
	tagGroup(core, id);
	const includeArchived = queryBool(req.query, 'include_archived');
	const tags = tagsOfGroup(core, id).filter((t) => includeArchived || !t.archived);
	return ok(paginate(tags, req.query, 20));
});

route('POST', `/v0/tag-groups/${ID}/tags`, (core, req, [id]) => {
	const g = tagGroup(core, id);
	const body = asObject(req.body);
	const code = str(body, 'code', { required: true, max: 255 })!;
	const name = str(body, 'name', { max: 255 }) ?? null;
	const archived = bool(body, 'archived', false);
	checkTagCode(core, g.id, code);
	if (!archived) checkCap(core, g.id);
	const now = iso(core.now());
	const t: Tag = {
		id: core.nextId('tag'),
		groupId: g.id,
		code,
		name,
		archived,
		createdAt: now,
		updatedAt: now,
	};
	core.state.tags.set(t.id, t);
	core.recordWrite(req.method, req.path);
	return wrap(t, 201);
});

route('POST', '/v0/tags:search', (core, req) => {
	companyFromQuery(core, req.query);
	const body = req.body === undefined ? {} : asObject(req.body);
	const groupIds = strArray(body, 'tagGroupIds');
	const tagIds = strArray(body, 'tagIds');
	const text = str(body, 'textSearch');
	const includeArchived = body.includeArchived === true;
	const archived = typeof body.archived === 'boolean' ? body.archived : undefined;
	const lc = text?.toLowerCase();
	const tags = [...core.state.tags.values()].filter((t) => {
		if (groupIds && groupIds.length > 0 && !groupIds.includes(t.groupId)) return false;
		if (tagIds && tagIds.length > 0 && !tagIds.includes(t.id)) return false;
		if (archived !== undefined) {
			if (t.archived !== archived) return false;
		} else if (!includeArchived && t.archived) return false;
		if (lc && !t.code.toLowerCase().includes(lc) && !(t.name ?? '').toLowerCase().includes(lc))
			return false;
		return true;
	});
	return ok(paginate(tags, req.query, 20));
});

route('POST', '/v0/tags/archive', (core, req) => {
	const body = asObject(req.body);
	companyFromBodyOrQuery(core, body, req.query);
	const ids = strArray(body, 'tagIds', 100);
	if (!ids) throw new PleoApiError(400, 'INVALID_REQUEST_BODY', 'tagIds is required');
	const archived = bool(body, 'archived');
	const tags = ids.map((id) => tagById(core, id));
	if (!archived) {
		// Cap check per group, counting the tags that would be unarchived.
		const byGroup = new Map<string, number>();
		for (const t of tags) if (t.archived) byGroup.set(t.groupId, (byGroup.get(t.groupId) ?? 0) + 1);
		for (const [gid, extra] of byGroup) {
			const active = tagsOfGroup(core, gid).filter((t) => !t.archived).length;
			if (active + extra > activeTagCap(core)) {
				throw new PleoApiError(
					400,
					'TAG_GROUP_ACTIVE_TAGS_LIMIT_REACHED',
					`unarchiving would exceed the maximum number of active tags (${activeTagCap(core)})`,
				);
			}
		}
	}
	const now = iso(core.now());
	for (const t of tags) {
		t.archived = archived;
		t.updatedAt = now;
	}
	core.recordWrite(req.method, req.path);
	return wrap(tags);
});

route('DELETE', '/v0/tags', (core, req) => {
	const body = asObject(req.body);
	companyFromBodyOrQuery(core, body, req.query);
	const ids = strArray(body, 'tagIds', 100) ?? [];
	for (const id of ids) tagById(core, id);
	for (const id of ids) core.state.tags.delete(id);
	core.recordWrite(req.method, req.path);
	return { status: 204 };
});

route('GET', `/v0/tags/${ID}`, (core, _req, [id]) => wrap(tagById(core, id)));

route('PUT', `/v0/tags/${ID}`, (core, req, [id]) => {
	const t = tagById(core, id);
	const body = asObject(req.body);
	const code = str(body, 'code', { required: true, max: 255 })!;
	const name = str(body, 'name', { max: 255 }) ?? null;
	const archived = bool(body, 'archived', t.archived);
	checkTagCode(core, t.groupId, code, t.id);
	if (t.archived && !archived) checkCap(core, t.groupId, t.id);
	Object.assign(t, { code, name, archived, updatedAt: iso(core.now()) });
	core.recordWrite(req.method, req.path);
	return wrap(t);
});

route('DELETE', `/v0/tags/${ID}`, (core, req, [id]) => {
	tagById(core, id);
	core.state.tags.delete(id);
	core.recordWrite(req.method, req.path);
	return { status: 204 };
});
