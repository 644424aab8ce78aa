import type { IDataObject, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { optionsWithCompanyId } from '../../helpers/descriptions';
import { claimJob, fetchJobExportItems, findNextJob } from '../../helpers/exportJobs';
import { getCompanyOverride } from '../../helpers/utils';
import type { PleoClient } from '../../transport';
import { runOnce } from '../../../shared/perItem';

const properties: INodeProperties[] = [
	{
		displayName:
			'Claims the oldest pending export job (sending "started") and outputs one item per export item that still needs exporting. Runs once, whatever the number of input items.',
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
				'A job in progress is resumed only when Pleo has seen no activity on it for this long, so a poll never works on a job another execution is still exporting. Pleo expires a job after 60 idle minutes.',
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
	const next = await findNextJob.call(client.ctx, companyId, resume);
	if (!next) return [];
	if (next.status === 'in_progress') {
		// another execution (the webhook flow, or an earlier poll) may still be exporting it
		const idleMinutes = Number(options.resumeAfterMinutes ?? 15);
		if (minutesSinceActivity(next) < idleMinutes) return [];
	}
	const jobId = String(next.id);
	const claim = await claimJob.call(client.ctx, jobId, { resumeInProgress: true });
	if (!claim.claimed) return [];
	return await fetchJobExportItems.call(client.ctx, jobId, override);
});
