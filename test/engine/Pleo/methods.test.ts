// The Pleo node's list searches and option loaders (nodes/Pleo/methods) in n8n-core's engine
// against the Pleo sandbox.
import { createTagGroup, pleoNode, usePleoEngine, VAT24_TAX_CODE } from '../helpers/pleo';

const env = usePleoEngine();

test('the Export Job list search finds a new job', async () => {
	const job = await env.sb.clickExport();
	const jobs = await env.h.listSearch(
		pleoNode({ resource: 'exportJob', operation: 'get' }),
		'searchExportJobs',
	);
	expect(jobs.results.map((r) => r.value)).toContain(job.id);
});

test('the Tag Group dropdown lists a new group', async () => {
	const group = await createTagGroup(env);
	const options = await env.h.loadOptions(
		pleoNode({ resource: 'tagGroup', operation: 'get' }),
		'getTagGroups',
	);
	expect(options.map((o) => o.value)).toContain(group.id);
});

test('the Tax Code dropdown lists every tax code', async () => {
	await env.runNode(VAT24_TAX_CODE);
	const all = await env.runNode({ resource: 'taxCode', operation: 'getAll', returnAll: true });
	const options = await env.h.loadOptions(
		pleoNode({ resource: 'taxCode', operation: 'getAll' }),
		'getTaxCodes',
	);
	expect(options.length).toBe(all.json('Pleo').length);
});
