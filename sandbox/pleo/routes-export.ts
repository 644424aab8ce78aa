// Pleo sandbox routes: Export API v3: export jobs, their items and events. Registered into the route table of router.ts.
import { asObject, bool, paginate, queryList, str, strArray } from './http-util';
import {
	ID,
	route,
	ok,
	wrap,
	checkCompany,
	companyFromQuery,
	optionalCompanyQuery,
} from './router';
import { PleoApiError } from './util';

// ---------- export API v3 ----------

route('GET', '/v3/export-jobs', (core, req) => {
	companyFromQuery(core, req.query);
	core.expireJobs();
	const statuses = queryList(req.query, 'statuses').concat(queryList(req.query, 'status'));
	const jobs = [...core.state.jobs.values()]
		.filter((r) => statuses.length === 0 || statuses.includes(r.job.status))
		.sort((a, b) => a.createdMs - b.createdMs)
		.map((r) => core.jobView(r));
	return ok(paginate(jobs, req.query, 20));
});

route('POST', '/v3/export-jobs', (core, req) => {
	const body = asObject(req.body);
	checkCompany(core, str(body, 'companyId'), 'companyId');
	const ids = strArray(body, 'accountingEntryIds', 10000);
	if (!ids) throw new PleoApiError(400, 'INVALID_REQUEST_BODY', 'accountingEntryIds is required');
	const isInteractive = bool(body, 'isInteractive', true);
	const employeeId = str(body, 'employeeId') ?? null;
	const rec = core.createJob(ids, isInteractive, employeeId);
	return wrap(core.jobView(rec), 201);
});

route(`GET`, `/v3/export-jobs/${ID}`, (core, req, [id]) => {
	optionalCompanyQuery(core, req.query);
	return wrap(core.jobView(core.getJob(id)));
});

route('GET', `/v3/export-jobs/${ID}/items`, (core, req, [id]) => {
	const rec = core.getJob(id);
	const statuses = queryList(req.query, 'status').concat(queryList(req.query, 'statuses'));
	const items = rec.items
		.filter((i) => statuses.length === 0 || statuses.includes(i.status))
		.map((i) => ({ ...i }));
	return ok(paginate(items, req.query, 50));
});

route('PUT', `/v3/export-jobs/${ID}/items`, (core, req, [id]) =>
	ok(core.updateItems(id, req.body)),
);

route('POST', '/v3/export-job-events', (core, req) => {
	const body = asObject(req.body);
	const jobId = str(body, 'jobId') ?? str(body, 'exportJobId');
	if (!jobId) throw new PleoApiError(400, 'INVALID_REQUEST_BODY', 'jobId is required');
	const event = str(body, 'event', { required: true })!;
	core.jobEvent(
		jobId,
		event,
		str(body, 'failureReason') ?? null,
		str(body, 'failureReasonType') ?? null,
	);
	return { status: 202 };
});

route('GET', '/v3/export-items', (core, req) => {
	const jobId = req.query.get('job_id');
	if (!jobId) throw new PleoApiError(400, 'INVALID_REQUEST', 'job_id is required');
	optionalCompanyQuery(core, req.query);
	const rec = core.getJob(jobId);
	if (rec.job.status !== 'pending' && rec.job.status !== 'in_progress') {
		throw new PleoApiError(
			422,
			'EXPORT_JOB_STATUS_UNPROCESSABLE',
			`export job is ${rec.job.status}; export items are only available while it is pending or in_progress`,
		);
	}
	if (!core.state.company.contraAccounts) {
		throw new PleoApiError(
			400,
			'MISSING_CONTRA_ACCOUNTS',
			'The company has no contra accounts configured.',
		);
	}
	const now = core.now();
	if (rec.itemsFetchedMs === null) rec.itemsFetchedMs = now;
	const page = paginate(rec.items, req.query, 50);
	const data = page.data
		.map((i) => core.state.expenses.get(i.accountingEntryId))
		.filter((e): e is NonNullable<typeof e> => !!e)
		.map((e) => core.exportItem(e, now));
	return ok({ data, pagination: page.pagination });
});
