// The Procountor client's 403 errors (nodes/Procountor/transport procountorError) through Company ›
// Get, in n8n-core's engine against the Procountor sandbox.
import type { IDataObject } from 'n8n-workflow';
import { useProcountorEngine } from '../helpers/procountor';

const env = useProcountorEngine();

test('a disabled API licence reads as a clear message saying what to enable', async () => {
	env.sb.setFaults({ licenceDisabled: true });
	const r = await env.runOne({ resource: 'company', operation: 'get' });
	expect(r.error?.message).toBe('Procountor API access is not enabled for this company');
	const description = String((r.error as unknown as IDataObject).description);
	expect(description).toMatch(/Allow the usage of invoiceable API clients/);
	// the other causes are named too, and Procountor's own words are kept
	expect(description).toMatch(/lacks the rights for this company or this call/);
	expect(description).toMatch(/Procountor said: API_LICENCE_NOT_ENABLED/);
});

test('a bare 403 FORBIDDEN names every likely cause with its fix and keeps the body', async () => {
	env.sb.setFaults({ bareForbidden: true });
	try {
		const r = await env.runOne({ resource: 'company', operation: 'get' });
		expect(r.error?.message).toBe(
			'Procountor refused the request (403 Forbidden): the "Procountor API" licence is not active; or the user or API client lacks rights for this company or call',
		);
		const description = String((r.error as unknown as IDataObject).description);
		expect(description).toMatch(/\(1\) The "Procountor API" licence is not active/);
		expect(description).toMatch(/Allow the usage of invoiceable API clients/);
		expect(description).toMatch(
			/\(2\) The user \(OAuth2\) or API client \(API key\) lacks the rights/,
		);
		// a read: a closed fiscal year does not forbid it
		expect(description).not.toMatch(/fiscal year/);
		expect(description).toMatch(/Procountor said: FORBIDDEN$/);
	} finally {
		env.sb.setFaults({ bareForbidden: false });
	}
});
