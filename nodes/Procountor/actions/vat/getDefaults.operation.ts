import type { INodeProperties } from 'n8n-workflow';
import { perItem } from '../../helpers/perItem';

export const description: INodeProperties[] = [];

export const execute = perItem(async function (client) {
	return await client.request('GET', '/vats/default');
});
