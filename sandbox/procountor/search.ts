// Shared parts of the search and get endpoints: paging (page/size or previousId, orderById),
// created*-date and date filters, and GET /x/{id1,id2,...}.
//
// Dates/times (`created`, `version`) are company-local time without zone
// (yyyy-MM-ddTHH:mm:ss.SSS). created* filters accept that form (company zone) or an ISO
// string with offset/Z.
import { DateTime } from 'luxon';
import { fail, intParam } from './context';
import { isValidDate } from './rules';
import type { CompanyState } from './types';

function parseInstant(company: CompanyState, name: string, v: string, endOfDay: boolean): number {
	if (isValidDate(v)) {
		const d = DateTime.fromISO(v, { zone: company.info.timeZone });
		return (endOfDay ? d.endOf('day') : d.startOf('day')).toMillis();
	}
	const d = DateTime.fromISO(v, { zone: company.info.timeZone });
	if (!d.isValid)
		fail(400, name, 'INVALID_DATE', `${name} must be YYYY-MM-DD or YYYY-MM-DDTHH:MM:SS`);
	return d.toMillis();
}

/** shared search paging: filters already applied to `all` */
export function page<T extends { id: number }>(url: URL, all: T[]) {
	const size = intParam(url, 'size', 50) as number;
	if (size < 1) fail(400, 'size', 'INVALID_VALUE', 'size must be at least 1');
	if (size > 200) fail(400, 'size', 'INVALID_VALUE', 'size must be at most 200');
	const pageNumber = intParam(url, 'page', 0) as number;
	if (pageNumber < 0) fail(400, 'page', 'INVALID_VALUE', 'page must be >= 0');
	const order = (url.searchParams.get('orderById') ?? 'DESC').toUpperCase();
	if (order !== 'ASC' && order !== 'DESC') fail(400, 'orderById', 'INVALID_VALUE', 'ASC or DESC');
	const sorted = [...all].sort((a, b) => (order === 'ASC' ? a.id - b.id : b.id - a.id));
	const previousId = intParam(url, 'previousId', undefined);
	let results: T[];
	if (previousId !== undefined) {
		results = sorted
			.filter((x) => (order === 'ASC' ? x.id > previousId : x.id < previousId))
			.slice(0, size);
	} else {
		results = sorted.slice(pageNumber * size, pageNumber * size + size);
	}
	return {
		results,
		meta: {
			pageNumber: previousId !== undefined ? 0 : pageNumber,
			pageSize: size,
			resultCount: results.length,
			totalCount: all.length,
		},
	};
}

export function filterCreated<T extends { createdAt: number }>(
	company: CompanyState,
	url: URL,
	list: T[],
): T[] {
	const cs = url.searchParams.get('createdStartDate');
	const ce = url.searchParams.get('createdEndDate');
	if (cs) {
		const t = parseInstant(company, 'createdStartDate', cs, false);
		list = list.filter((x) => x.createdAt >= t);
	}
	if (ce) {
		const t = parseInstant(company, 'createdEndDate', ce, true);
		list = list.filter((x) => x.createdAt <= t);
	}
	return list;
}

/** Keeps the items whose `dateOf` lies within the startDate/endDate query parameters. */
export function filterDates<T>(url: URL, list: T[], dateOf: (x: T) => string): T[] {
	const sd = dateFilter(url, 'startDate');
	const ed = dateFilter(url, 'endDate');
	if (sd) list = list.filter((x) => dateOf(x) >= sd);
	if (ed) list = list.filter((x) => dateOf(x) <= ed);
	return list;
}

function dateFilter(url: URL, name: string): string | undefined {
	const v = url.searchParams.get(name);
	if (v === null || v === '') return undefined;
	if (!isValidDate(v)) fail(400, name, 'INVALID_DATE', `${name} must be YYYY-MM-DD`);
	return v;
}

/** GET /x/{id} or /x/{id1,id2,...} */
export function getByIds<T>(
	idsText: string,
	find: (id: number) => T | undefined,
	what: string,
): { single: T } | { results: T[] } {
	const parts = idsText
		.split(',')
		.map((s) => s.trim())
		.filter(Boolean);
	if (parts.length > 200) fail(400, 'ids', 'TOO_MANY_IDS', 'at most 200 ids per request');
	if (parts.length === 1 && !idsText.includes(',')) {
		const one = /^\d+$/.test(parts[0]) ? find(Number(parts[0])) : undefined;
		if (!one) fail(404, 'id', 'NOT_FOUND', `${what} ${parts[0]} not found`);
		return { single: one };
	}
	const found = parts
		.filter((p) => /^\d+$/.test(p))
		.map((p) => find(Number(p)))
		.filter((x): x is T => x !== undefined);
	if (found.length === 0) fail(404, 'ids', 'NOT_FOUND', `none of the ${what}s were found`);
	return { results: found };
}

/** GET /x/{ids}: one object for one id, `{results}` for a list. */
export function getOneOrMany<T, O>(
	idsText: string,
	find: (id: number) => T | undefined,
	what: string,
	out: (x: T) => O,
): O | { results: O[] } {
	const r = getByIds(idsText, find, what);
	return 'single' in r ? out(r.single) : { results: r.results.map(out) };
}
