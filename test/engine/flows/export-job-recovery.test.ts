// No export job is left in progress (issue 18): Claim Next completes a job whose results are
// all reported (its run stopped before Complete, or Complete failed), with the outcome the
// reported results imply, whatever its idle time; Complete retries a job event that failed,
// says which job and what to do when it still fails, and takes a job another execution already
// completed the same way as done. Inside n8n-core's WorkflowExecute against the Pleo sandbox.
import type { IDataObject } from 'n8n-workflow';
import { startPleoSandbox, type PleoSandbox } from '../../../sandbox/pleo';
import { createHarness, type Harness } from '../../harness';
import { pleoCredentials, pleoNode } from '../helpers/pleo';

let sb: PleoSandbox;
let h: Harness;

beforeAll(async () => {
	sb = await startPleoSandbox();
	h = await createHarness({ credentials: { pleoApi: pleoCredentials(sb) } });
});
afterAll(async () => {
	await sb.close();
});
beforeEach(() => sb.reset());

async function runNode(
	parameters: IDataObject,
	input: IDataObject[] = [{}],
	extra: IDataObject = {},
) {
	const n = pleoNode(parameters, 'Pleo', extra);
	return await h.run({ nodes: [n], connections: {} }, { input: { node: n.name, items: input } });
}

const claimNext = (options: IDataObject = {}) =>
	runNode({ resource: 'exportJob', operation: 'claimNext', options });

/** Claims a fresh job and reports every item: the first `failures` failed, the rest successful. */
async function reportedJob(failures: number): Promise<{ jobId: string; items: IDataObject[] }> {
	const job = await sb.clickExport();
	const items = (await claimNext()).json('Pleo');
	expect(items).toHaveLength(job.numberOfItems);
	const results = items.map((item, i) =>
		i < failures
			? { ...item, status: 'failed', failureReasonType: 'account_unknown', failureReason: 'x' }
			: { ...item, status: 'successful', externalId: `PC-${i}` },
	);
	const report = await runNode({ resource: 'exportItem', operation: 'reportResults' }, results);
	expect(report.error).toBeUndefined();
	return { jobId: job.id, items: report.json('Pleo') };
}

const jobRecord = (id: string) => {
	const rec = sb.state.jobs.get(id);
	if (!rec) throw new Error(`no job ${id}`);
	return rec;
};
const ENDS = new Set(['job_completed', 'job_completed_with_errors', 'job_failed']);
const completionEvents = (id: string) =>
	sb.state.events.filter((e) => e.jobId === id && ENDS.has(e.type));

describe('Claim Next finishes a job that has nothing left to export', () => {
	test('all results reported, some failed: completed_with_errors at the next poll, though the job was active a moment ago', async () => {
		const { jobId, items } = await reportedJob(2);
		expect(jobRecord(jobId).job.status).toBe('in_progress');
		// the default idle threshold (15 min) would hold back a resume: this needs none
		const poll = await claimNext();
		expect(poll.error).toBeUndefined();
		expect(poll.json('Pleo')).toEqual([]); // nothing flows on to the export
		expect(jobRecord(jobId).job.status).toBe('completed_with_errors');
		expect(completionEvents(jobId)).toHaveLength(1);
		const byStatus = (s: string) => jobRecord(jobId).items.filter((i) => i.status === s).length;
		expect(byStatus('failed')).toBe(2);
		expect(byStatus('successful')).toBe(items.length - 2);
		// Pleo accepts the next export again, and the poll after that finds nothing
		await sb.clickExport().catch((e: Error) => {
			// the seeded queue may be empty after the job; anything but "export in progress" is fine
			expect(String(e.message)).not.toMatch(/IN_PROGRESS/);
		});
	});

	test('all successful: completed; the poll after that neither sends another event nor outputs anything', async () => {
		const { jobId } = await reportedJob(0);
		await claimNext();
		expect(jobRecord(jobId).job.status).toBe('completed');
		const again = await claimNext();
		expect(again.error).toBeUndefined();
		expect(again.json('Pleo')).toEqual([]);
		expect(completionEvents(jobId)).toHaveLength(1);
	});

	test('all failed: failed with a reason that counts them', async () => {
		const { jobId, items } = await reportedJob(Number.MAX_SAFE_INTEGER);
		await claimNext();
		expect(jobRecord(jobId).job).toMatchObject({
			status: 'failed',
			failureReasonType: 'validation_failure',
			failureReason: `All ${items.length} item(s) of the export job failed`,
		});
	});

	test('a job with expenses left is still resumed only after the idle threshold', async () => {
		const job = await sb.clickExport();
		const items = (await claimNext()).json('Pleo');
		// one result reported, the rest still open: an execution may be exporting them right now
		await runNode({ resource: 'exportItem', operation: 'reportResults' }, [
			{ ...items[0], status: 'successful', externalId: 'PC-0' },
		]);
		const busy = await claimNext();
		expect(busy.json('Pleo')).toEqual([]);
		expect(jobRecord(job.id).job.status).toBe('in_progress');
		const resumed = await claimNext({ resumeAfterMinutes: 0 });
		expect(resumed.json('Pleo')).toHaveLength(items.length - 1);
		expect(jobRecord(job.id).job.status).toBe('in_progress');
	});

	test('the Complete of the run that reported races the poll: both end up with the same completion, no error', async () => {
		const { jobId, items } = await reportedJob(1);
		await claimNext(); // the poll came first
		const complete = await runNode({ resource: 'exportJob', operation: 'complete' }, items);
		expect(complete.error).toBeUndefined();
		expect(complete.json('Pleo')[0]).toMatchObject({
			jobId,
			event: 'completed_with_errors',
			alreadyCompleted: true,
		});
		expect(completionEvents(jobId)).toHaveLength(1);
	});
});

describe('Complete (automatic) decides from the whole job', () => {
	test('results an earlier run reported count too: a resumed job whose first run reported failures ends with errors', async () => {
		const job = await sb.clickExport();
		const items = (await claimNext()).json('Pleo');
		// the first run reported 5 results (2 failed) before it was killed
		const first = items
			.slice(0, 5)
			.map((item, i) =>
				i < 2
					? { ...item, status: 'failed', failureReasonType: 'account_unknown', failureReason: 'x' }
					: { ...item, status: 'successful', externalId: `PC-${i}` },
			);
		await runNode({ resource: 'exportItem', operation: 'reportResults' }, first);
		// the resumed run exports and reports the rest, all successful, then completes
		const resumed = (await claimNext({ resumeAfterMinutes: 0 })).json('Pleo');
		expect(resumed).toHaveLength(items.length - 5);
		const rest = resumed.map((item, i) => ({
			...item,
			status: 'successful',
			externalId: `R-${i}`,
		}));
		const reported = await runNode({ resource: 'exportItem', operation: 'reportResults' }, rest);
		const complete = await runNode(
			{ resource: 'exportJob', operation: 'complete' },
			reported.json('Pleo'),
		);
		expect(complete.json('Pleo')[0]).toMatchObject({
			jobId: job.id,
			event: 'completed_with_errors',
			failed: 2,
			successful: items.length - 2,
		});
		expect(jobRecord(job.id).job.status).toBe('completed_with_errors');
	});
});

describe('Complete when Pleo fails', () => {
	test('a 503 on the event is retried after reading the job back', async () => {
		const { jobId, items } = await reportedJob(0);
		sb.setFaults({ fail5xxEventsNext: 2 });
		const complete = await runNode({ resource: 'exportJob', operation: 'complete' }, items);
		expect(complete.error).toBeUndefined();
		expect(complete.json('Pleo')[0]).toMatchObject({ jobId, event: 'completed' });
		expect(complete.json('Pleo')[0].alreadyCompleted).toBeUndefined();
		expect(jobRecord(jobId).job.status).toBe('completed');
	});

	test('still failing: the error names the job and what to do; the next poll finishes the job', async () => {
		const { jobId, items } = await reportedJob(1);
		sb.setFaults({ fail5xxEventsNext: 3 });
		const failed = await runNode({ resource: 'exportJob', operation: 'complete' }, items);
		expect(failed.error?.message).toContain(`export job ${jobId}`);
		expect(failed.error?.message).toMatch(/HTTP 503; 3 attempts/);
		const description = String(
			(failed.error as { description?: unknown } | undefined)?.description,
		);
		expect(description).toContain('Claim Next');
		expect(description).toContain(`Complete again for job ${jobId}`);
		expect(jobRecord(jobId).job.status).toBe('in_progress');

		// with continueOnFail the item says the same
		sb.setFaults({ fail5xxEventsNext: 3 });
		const soft = await runNode({ resource: 'exportJob', operation: 'complete' }, items, {
			continueOnFail: true,
		});
		expect(soft.error).toBeUndefined();
		const [item] = soft.json('Pleo');
		expect(item).toMatchObject({ jobId, error: expect.stringContaining(jobId) });
		expect(String(item.description)).toContain('Claim Next');

		const poll = await claimNext();
		expect(poll.error).toBeUndefined();
		expect(jobRecord(jobId).job.status).toBe('completed_with_errors');
	});

	test('a job that ended otherwise is an error that says how it ended', async () => {
		const { jobId, items } = await reportedJob(0);
		await runNode({ resource: 'exportJob', operation: 'complete', outcome: 'failed' }, items);
		const late = await runNode({ resource: 'exportJob', operation: 'complete' }, items);
		expect(late.error?.message).toContain(
			`export job ${jobId}: the job is already ended as "failed"`,
		);
	});
});
