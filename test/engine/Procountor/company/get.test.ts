// Company › Get in n8n-core's engine against the Procountor sandbox, with both credential types.
import type { IDataObject } from 'n8n-workflow';
import { useProcountorEngine } from '../../helpers/procountor';

const env = useProcountorEngine();

describe.each(['apiKey', 'oAuth2'] as const)('with the %s credential', (auth) => {
	test('Company › Get returns the connected company, and keeps working after the tokens expire', async () => {
		const h = await env.harnessFor(auth);
		const first = await env.runOne({ resource: 'company', operation: 'get' }, auth, h);
		expect(first.error).toBeUndefined();
		expect(first.json('Procountor')[0]).toMatchObject({
			id: 1001,
			name: 'Pleo Demo Oy',
			companyCurrency: 'EUR',
		});

		env.sb.expireAllTokens();
		const second = await env.runOne({ resource: 'company', operation: 'get' }, auth, h);
		expect(second.error).toBeUndefined();
		expect(second.json('Procountor')[0]).toMatchObject({ id: 1001 });
		if (auth === 'apiKey') {
			// one token for the first run, a new one after the 401
			expect(h.credentials.events.preAuthentications).toBe(2);
		} else {
			expect(h.credentials.events.oauthTokenUpdates).toBe(1);
			const stored = h.credentials.store.procountorOAuth2Api.oauthTokenData as IDataObject;
			expect(stored.access_token).toBeTruthy();
		}
		const unauthorized = env.sb.requests.filter((r) => r.status === 401);
		expect(unauthorized).toHaveLength(1);
	});
});
