import type {
	IDataObject,
	IHookFunctions,
	INodeType,
	INodeTypeDescription,
	IWebhookFunctions,
	IWebhookResponseData,
	JsonObject,
} from 'n8n-workflow';
import { NodeApiError, NodeConnectionTypes } from 'n8n-workflow';

import { EVENT_EXPORT_JOB_CREATED, EVENT_VENDOR_CREATED } from './core/constants';
import { rememberWebhookId, verifyStandardWebhook } from './core/signature';
import {
	claimJob,
	fetchJobExportItems,
	fetchJobItems,
	finishExportedJob,
} from './helpers/exportJobs';
import { PleoClient } from './transport';
import { collection } from '../shared/descriptions';

interface TriggerStaticData {
	subscriptionId?: string;
	webhookSecret?: string;
	acceptedWebhookIds?: string[];
}

const MAX_REMEMBERED_WEBHOOK_IDS = 1000;

/** Deliveries that can never be served: answered 2xx with this status and one warning line. */
const UNSERVABLE = new Set(['unknown_job', 'job_expired']);

function header(value: string | string[] | undefined): string | undefined {
	return Array.isArray(value) ? value.join(' ') : value;
}

function sameSet(a: readonly unknown[], b: readonly unknown[]): boolean {
	const left = new Set(a.map(String));
	const right = new Set(b.map(String));
	return left.size === right.size && [...left].every((v) => right.has(v));
}

export class PleoTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Pleo Trigger',
		name: 'pleoTrigger',
		icon: { light: 'file:../../icons/pleo.svg', dark: 'file:../../icons/pleo.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{$parameter["events"].join(", ")}}',
		description: 'Starts the workflow on Pleo webhook events (signed, Standard Webhooks)',
		defaults: { name: 'Pleo Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'pleoApi', required: true }],
		webhooks: [
			{
				name: 'default',
				httpMethod: 'POST',
				responseMode: 'onReceived',
				// empty, so n8n answers with the node's webhookResponse (n8n's default would be the
				// literal text "firstEntryJson")
				responseData: '',
				path: 'webhook',
			},
		],
		properties: [
			{
				displayName:
					'Publishing this workflow registers a webhook subscription in Pleo for the production URL; unpublishing removes it. Pleo must be able to reach that URL (set WEBHOOK_URL behind a proxy).',
				name: 'subscriptionNotice',
				type: 'notice',
				default: '',
			},
			{
				displayName: 'Events',
				name: 'events',
				type: 'multiOptions',
				required: true,
				options: [
					{
						name: 'Export Job Created',
						value: EVENT_EXPORT_JOB_CREATED,
						description: 'A bookkeeper clicked Export in Pleo',
					},
					{
						name: 'Vendor Created',
						value: EVENT_VENDOR_CREATED,
						description: 'A vendor unknown to the accounting system was created',
					},
				],
				default: [EVENT_EXPORT_JOB_CREATED],
			},
			{
				displayName: 'Start Job and Output Export Items',
				name: 'startJob',
				type: 'boolean',
				default: true,
				description:
					'Whether to send "started" for a new export job and output one item per export item to export (with jobID), instead of the event itself',
				displayOptions: { show: { events: [EVENT_EXPORT_JOB_CREATED] } },
			},
			{
				displayName:
					'On: the trigger claims the export job (sends "started" to Pleo) and outputs one item per expense to export, each with its jobID. A delivery for a job that is already started, finished, expired or unknown starts nothing. Off: the event is output as it came and the job stays pending.',
				name: 'startJobNotice',
				type: 'notice',
				default: '',
				displayOptions: { show: { events: [EVENT_EXPORT_JOB_CREATED] } },
			},
			collection('options', [
				{
					displayName: 'Timestamp Tolerance (Seconds)',
					name: 'toleranceSeconds',
					type: 'number',
					typeOptions: { minValue: 1 },
					default: 300,
					description:
						'Deliveries whose webhook-timestamp differs more than this from the current time are rejected',
				},
			]),
		],
	};

	webhookMethods = {
		default: {
			async checkExists(this: IHookFunctions): Promise<boolean> {
				const staticData = this.getWorkflowStaticData('node') as TriggerStaticData;
				if (!staticData.subscriptionId || !staticData.webhookSecret) return false;
				const pleo = new PleoClient(this);
				const path = `/v1/subscriptions/${encodeURIComponent(staticData.subscriptionId)}`;
				const response = await pleo.requestFull('GET', path, { allowStatus: [404] });
				if (response.statusCode === 404) {
					delete staticData.subscriptionId;
					delete staticData.webhookSecret;
					return false;
				}
				const subscription = ((response.body as IDataObject).data ?? {}) as IDataObject;
				const events = this.getNodeParameter('events', []) as string[];
				const matches =
					subscription.endpointUrl === this.getNodeWebhookUrl('default') &&
					sameSet((subscription.eventTypes as string[] | undefined) ?? [], events) &&
					subscription.status === 'ACTIVE' &&
					!subscription.deletedAt;
				if (matches) return true;
				// a stale subscription (other URL or events): remove it so create() makes a fresh one
				await pleo.requestFull('DELETE', path, { allowStatus: [404] });
				delete staticData.subscriptionId;
				delete staticData.webhookSecret;
				return false;
			},

			async create(this: IHookFunctions): Promise<boolean> {
				const staticData = this.getWorkflowStaticData('node') as TriggerStaticData;
				const endpointUrl = this.getNodeWebhookUrl('default');
				const eventTypes = this.getNodeParameter('events', []) as string[];
				const pleo = new PleoClient(this);
				const created = await pleo.request('POST', '/v1/subscriptions', {
					body: { endpointUrl, eventTypes, status: 'ACTIVE' },
				});
				const subscription = (created.data ?? {}) as IDataObject;
				if (typeof subscription.id !== 'string' || !subscription.id) {
					throw new NodeApiError(this.getNode(), created as JsonObject, {
						message: 'Pleo did not return a subscription ID',
					});
				}
				const secretResponse = await pleo.request(
					'GET',
					`/v1/subscriptions/${encodeURIComponent(subscription.id)}/secret`,
				);
				const secretKey = ((secretResponse.data ?? {}) as IDataObject).secretKey;
				if (typeof secretKey !== 'string' || !secretKey) {
					// do not leave an unverifiable subscription behind
					await pleo.requestFull(
						'DELETE',
						`/v1/subscriptions/${encodeURIComponent(subscription.id)}`,
						{ allowStatus: [404] },
					);
					throw new NodeApiError(
						this.getNode(),
						{ message: 'The subscription secret is missing' },
						{ message: 'Pleo did not return the signing secret of the subscription' },
					);
				}
				staticData.subscriptionId = subscription.id;
				staticData.webhookSecret = secretKey;
				return true;
			},

			async delete(this: IHookFunctions): Promise<boolean> {
				const staticData = this.getWorkflowStaticData('node') as TriggerStaticData;
				if (staticData.subscriptionId) {
					const response = await new PleoClient(this).requestFull(
						'DELETE',
						`/v1/subscriptions/${encodeURIComponent(staticData.subscriptionId)}`,
						{ allowStatus: [404] },
					);
					if (response.statusCode === 404) {
						this.logger.debug('Pleo subscription was already gone', {
							subscriptionId: staticData.subscriptionId,
						});
					}
				}
				delete staticData.subscriptionId;
				delete staticData.webhookSecret;
				return true;
			},
		},
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		const staticData = this.getWorkflowStaticData('node') as TriggerStaticData;
		const request = this.getRequestObject();
		const headers = this.getHeaderData();
		const options = this.getNodeParameter('options', {}) as IDataObject;
		const webhookId = header(headers['webhook-id']);
		const rawBody: Buffer | string =
			(request as unknown as { rawBody?: Buffer }).rawBody ?? JSON.stringify(this.getBodyData());

		const verification = verifyStandardWebhook({
			secret: staticData.webhookSecret ?? '',
			id: webhookId,
			timestamp: header(headers['webhook-timestamp']),
			signatureHeader: header(headers['webhook-signature']),
			rawBody,
			nowSeconds: Math.floor(Date.now() / 1000),
			toleranceSeconds: (options.toleranceSeconds as number | undefined) ?? 300,
		});
		if (!verification.valid || !webhookId) {
			this.getResponseObject().status(401).send('Unauthorized').end();
			return { noWebhookResponse: true };
		}

		// redelivery of a message that was already accepted: acknowledge, do not run again
		const seen = staticData.acceptedWebhookIds ?? [];
		if (seen.includes(webhookId)) {
			return { webhookResponse: { status: 'duplicate', webhookId } };
		}

		const body = this.getBodyData();
		const eventType = String(body.eventType ?? '');
		const events = this.getNodeParameter('events', []) as string[];
		if (!events.includes(eventType)) {
			staticData.acceptedWebhookIds = rememberWebhookId(
				seen,
				webhookId,
				MAX_REMEMBERED_WEBHOOK_IDS,
			);
			return { webhookResponse: { status: 'ignored', eventType } };
		}

		const startJob = this.getNodeParameter('startJob', true) as boolean;
		if (eventType !== EVENT_EXPORT_JOB_CREATED || !startJob) {
			staticData.acceptedWebhookIds = rememberWebhookId(
				seen,
				webhookId,
				MAX_REMEMBERED_WEBHOOK_IDS,
			);
			return { workflowData: [this.helpers.returnJsonArray(body)] };
		}

		const job = (body.data ?? {}) as IDataObject;
		const jobId = typeof job.id === 'string' ? job.id : '';
		if (!jobId) {
			this.getResponseObject().status(400).send('Missing export job ID').end();
			return { noWebhookResponse: true };
		}
		// Claiming is the lock: only the delivery whose `started` Pleo accepts runs the export.
		// A job that is not pending (a redelivery while it runs, a finished, expired or unknown
		// job) starts nothing and is answered 2xx, so Pleo stops retrying. A job left in progress
		// by a crashed execution is finished by Claim Next (polling example; docs/recovery.md).
		const pleo = new PleoClient(this);
		const claim = await claimJob(pleo, jobId, { resumeInProgress: false });
		staticData.acceptedWebhookIds = rememberWebhookId(seen, webhookId, MAX_REMEMBERED_WEBHOOK_IDS);
		if (!claim.claimed) {
			const status = claim.status;
			if (UNSERVABLE.has(status)) {
				this.logger.warn(
					`Pleo Trigger: delivery ${webhookId} for export job ${jobId} cannot be served (${status}); nothing started`,
					{ webhookId, jobId, status },
				);
			} else {
				this.logger.info(
					`Pleo Trigger: delivery ${webhookId} for export job ${jobId} ignored, the job is ${status}`,
					{ webhookId, jobId, status },
				);
			}
			return { webhookResponse: { status, jobId, webhookId } };
		}
		const companyId = typeof job.companyId === 'string' ? job.companyId : undefined;
		const jobItems = await fetchJobItems(pleo, jobId, companyId);
		const exportItems = await fetchJobExportItems(pleo, jobId, companyId, jobItems);
		if (!exportItems.length) {
			// claimed with nothing to export: ended at once, not left in progress
			const finished = await finishExportedJob(pleo, jobId, jobItems);
			return {
				webhookResponse: { status: 'no_items', jobId, webhookId, completedAs: finished?.event },
			};
		}
		return {
			workflowData: [this.helpers.returnJsonArray(exportItems)],
			webhookResponse: { status: 'started', jobId, webhookId, items: exportItems.length },
		};
	}
}
