import type { INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { perItem } from '../../../shared/perItem';
import { unwrap } from '../../helpers/utils';
import { accountingEntryIdField } from '../../helpers/descriptions';
import type { PleoClient } from '../../transport';

const properties: INodeProperties[] = [accountingEntryIdField];

const displayOptions = { show: { resource: ['accountingEntry'], operation: ['get'] } };

export const description = updateDisplayOptions(displayOptions, properties);

export const execute = perItem(async function (client: PleoClient, i) {
	const id = (this.getNodeParameter('accountingEntryId', i) as string).trim();
	return unwrap(await client.request('GET', `/v1/accounting-entries/${encodeURIComponent(id)}`));
});
