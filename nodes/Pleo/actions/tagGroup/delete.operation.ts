import type { INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { tagGroupLocator } from '../../helpers/descriptions';
import { perItem } from '../../../shared/perItem';
import { getLocatorValue } from '../../helpers/utils';
import type { PleoClient } from '../../transport';

const properties: INodeProperties[] = [tagGroupLocator];

const displayOptions = { show: { resource: ['tagGroup'], operation: ['delete'] } };

export const description = updateDisplayOptions(displayOptions, properties);

export const execute = perItem(async function (client: PleoClient, i) {
	const id = getLocatorValue.call(this, 'tagGroupId', i);
	await client.request('DELETE', `/v0/tag-groups/${encodeURIComponent(id)}`);
	return { id, deleted: true };
});
