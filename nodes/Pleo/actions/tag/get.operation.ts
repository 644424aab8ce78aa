import type { INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { perItem } from '../../../shared/perItem';
import { unwrap } from '../../helpers/utils';
import { tagIdField } from '../../helpers/descriptions';
import type { PleoClient } from '../../transport';

const properties: INodeProperties[] = [tagIdField];

const displayOptions = { show: { resource: ['tag'], operation: ['get'] } };

export const description = updateDisplayOptions(displayOptions, properties);

export const execute = perItem(async function (client: PleoClient, i) {
	const id = (this.getNodeParameter('tagId', i) as string).trim();
	return unwrap(await client.request('GET', `/v0/tags/${encodeURIComponent(id)}`));
});
