import type { INodeProperties } from 'n8n-workflow';

/**
 * The API client's request budget, the same field in both Procountor credentials: the most calls
 * each n8n process starts in any one second with this client (docs/queue-mode.md).
 */
export const requestsPerSecondProperty: INodeProperties = {
	displayName: 'Requests per Second',
	name: 'requestsPerSecond',
	type: 'number',
	typeOptions: { minValue: 1, maxValue: 60 },
	default: 19,
	description:
		'The most Procountor calls that each n8n process starts in any one second with this API client, over all nodes and workflows. Procountor allows 20 per API client; 19 leaves room for the token request. Processes that share the client (queue-mode workers) lower their own rate when Procountor answers 429; to never see a 429, set 19 divided by the number of processes, rounded down (6 for 3 workers).',
};
