// Ledger Account › Get Many in n8n-core's engine against the Procountor sandbox, with both
// credential types.
import type { IDataObject } from 'n8n-workflow';
import { useProcountorEngine } from '../../helpers/procountor';

const env = useProcountorEngine();

describe.each(['apiKey', 'oAuth2'] as const)('with the %s credential', (auth) => {
	test('Ledger Account › Get Many filters inactive accounts and applies the limit', async () => {
		const h = await env.harnessFor(auth);
		const all = await env.runOne(
			{ resource: 'ledgerAccount', operation: 'getAll', activeOnly: true, returnAll: true },
			auth,
			h,
		);
		const codes = all.json('Procountor').map((a) => a.ledgerAccountCode);
		expect(codes).toEqual(expect.arrayContaining(['1940', '2940', '7600']));
		expect(codes).not.toContain('7999');
		const withInactive = await env.runOne(
			{ resource: 'ledgerAccount', operation: 'getAll', activeOnly: false, returnAll: true },
			auth,
			h,
		);
		expect(withInactive.json('Procountor').map((a) => a.ledgerAccountCode)).toContain('7999');
		const limited = await env.runOne(
			{
				resource: 'ledgerAccount',
				operation: 'getAll',
				activeOnly: true,
				returnAll: false,
				limit: 3,
			},
			auth,
			h,
		);
		expect(limited.json('Procountor')).toHaveLength(3);
		expect(
			limited.items('Procountor').every((i) => (i.pairedItem as unknown as IDataObject).item === 0),
		).toBe(true);
	});
});
