// Chart of Accounts › Upsert Many in n8n-core's engine against the Pleo sandbox.
import { usePleoEngine } from '../../helpers/pleo';

const env = usePleoEngine();

test('chart of accounts: upsert many reports created and failed per item', async () => {
	const input = [
		{ externalId: '9100', name: 'Uusi tili' },
		{ externalId: '6800', name: 'Toimistotarvikkeet' },
		{ externalId: '9101', name: 'x'.repeat(300) },
	];
	const run = await env.runNode(
		{
			resource: 'chartOfAccounts',
			operation: 'upsertMany',
			additionalFields: { code: '={{ $json.externalId }}' },
		},
		input,
	);
	expect(run.error).toBeUndefined();
	const out = run.json('Pleo');
	expect(out[0]).toMatchObject({
		externalId: '9100',
		outcome: 'created',
		account: { code: '9100' },
	});
	expect(out[1]).toMatchObject({
		externalId: '6800',
		outcome: 'failed',
		reasons: ['EXTERNAL_ID_ALREADY_EXISTS'],
	});
	expect(out[2]).toMatchObject({
		externalId: '9101',
		outcome: 'failed',
		reasons: ['NAME_TOO_LONG'],
	});
	expect(env.proxy.count('POST', '/v1/chart-of-accounts/batch')).toBe(1);
	const empty = await env.runNode({
		resource: 'chartOfAccounts',
		operation: 'upsertMany',
		externalId: '={{ "" }}',
		name: 'x',
	});
	expect(empty.error?.message).toMatch(/external ID/);
});
