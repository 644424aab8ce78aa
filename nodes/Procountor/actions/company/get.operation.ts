import type { INodeProperties } from 'n8n-workflow';
import { perItem } from '../../../shared/perItem';
import type { ProcountorClient } from '../../transport';

export const description: INodeProperties[] = [];

export const execute = perItem(async function (client: ProcountorClient) {
	return await client.request('GET', '/company');
});
