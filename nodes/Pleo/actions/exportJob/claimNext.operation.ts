import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { optionsWithCompanyId } from '../../helpers/descriptions';
import {
	claimJob,
	fetchJobExportItems,
	fetchJobItems,
	findNextJob,
	finishExportedJob,
} from '../../helpers/exportJobs';
import { getCompanyOverride } from '../../helpers/utils';
import type { PleoClient } from '../../transport';
import { runOnce } from '../../../shared/perItem';

const properties: INodeProperties[] = [
	{
		displayName:
			'Claims the oldest pending export job (sending "started") and outputs one item per export item that still needs exporting. A job in progress with nothing left to export (its run stopped before Complete) is completed instead, and nothing is output. Runs once, whatever the number of input items.',
		name: 'claimNextNotice',
		type: 'notice',
		default: '',
	},
	optionsWithCompanyId(
		{
			displayName: 'Resume In-Progress Job',
			name: 'resumeInProgress',
			type: 'boolean',
			default: true,
			description:
				'Whether to resume a job that is already in progress (without sending "started" again) before claiming a pending one',
		},
		{
			displayName: 'Resume Only After Idle (Minutes)',
			name: 'resumeAfterMinutes',
			type: 'number',
			typeOptions: { minValue: 0 },
			default: 15,
			description:
				'A job in progress with expenses left is resumed only when Pleo has seen no activity on it for this long, so a poll never works on a job another execution is still exporting. Set it to 0 only for a one-off recovery run by hand. Pleo expires a job after 60 idle minutes.',
		},
	),
];

/** Minutes since Pleo last saw activity on a job (its last update, start or creation). */
function minutesSinceActivity(job: IDataObject): number {
	const times = [job.lastUpdatedAt, job.startedAt, job.createdAt]
		.map((t) => (typeof t === 'string' ? Date.parse(t) : NaN))
		.filter((t) => Number.isFinite(t));
	if (!times.length) return Infinity;
	return (Date.now() - Math.max(...times)) / 60000;
}

const displayOptions = { show: { resource: ['exportJob'], operation: ['claimNext'] } };

export const description = updateDisplayOptions(displayOptions, properties);

/** Runs once, whatever the number of input items; its output items pair with the first. */
export const execute = runOnce(async function (client: PleoClient) {
	const options = this.getNodeParameter('options', 0, {}) as IDataObject;
	const override = getCompanyOverride.call(this, 0);
	const companyId = await client.companyId(override);
	const resume = options.resumeInProgress !== false;
	const next = await findNextJob(client, companyId, resume);
	if (!next) return [];
	const jobId = String(next.id);
	let jobItems: IDataObject[] | undefined;
	if (next.status === 'in_progress') {
		// Everything reported but not completed (the run stopped before Complete, or Complete
		// failed): complete it now, whatever its idle time. No execution exports it any more;
		// one that is about to send Complete itself finds the job completed the same way.
		jobItems = await fetchJobItems(client, jobId, companyId);
		if (await finishAndLog.call(this, client, jobId, jobItems)) return [];
		// another execution (the webhook flow, or an earlier poll) may still be exporting it
		const idleMinutes = Number(options.resumeAfterMinutes ?? 15);
		if (minutesSinceActivity(next) < idleMinutes) return [];
	}
	const claim = await claimJob(client, jobId, { resumeInProgress: true });
	if (!claim.claimed) return [];
	jobItems ??= await fetchJobItems(client, jobId, companyId);
	const exportItems = await fetchJobExportItems(client, jobId, companyId, jobItems);
	// a job claimed with nothing left to export is completed, not left in progress
	if (!exportItems.length) await finishAndLog.call(this, client, jobId, jobItems);
	return exportItems;
});

/** Completes a job with nothing left to export and logs it; false when items are left. */
async function finishAndLog(
	this: IExecuteFunctions,
	client: PleoClient,
	jobId: string,
	jobItems: IDataObject[],
): Promise<boolean> {
	const finished = await finishExportedJob(client, jobId, jobItems);
	if (!finished) return false;
	this.logger.info(
		`Claim Next: export job ${jobId} had nothing left to export; ` +
			(finished.outcome === 'sent' ? 'completed it' : 'it was already completed') +
			` as ${finished.event} (${finished.successful} successful, ${finished.failed} failed)`,
		{ jobId, event: finished.event, successful: finished.successful, failed: finished.failed },
	);
	return true;
}
