// VAT › Get Country Rates in n8n-core's engine against the Procountor sandbox.
import { useProcountorEngine } from '../../helpers/procountor';

const env = useProcountorEngine();

test('VAT › Get Country Rates', async () => {
	const c = await env.runOne({ resource: 'vat', operation: 'getCountryRates', countryCode: 'fi' });
	expect(c.json('Procountor')[0]).toMatchObject({ countryCode: 'FI' });
	expect((c.json('Procountor')[0].vatPercentages as number[]).sort()).toEqual(
		[0, 10, 13.5, 14, 25.5].sort(),
	);
});

test('VAT › Get Country Rates rejects a bad country code before calling Procountor', async () => {
	const before = env.sb.requests.length;
	const r = await env.runOne({
		resource: 'vat',
		operation: 'getCountryRates',
		countryCode: 'Finland',
	});
	expect(r.error?.message).toMatch(/not a two-letter country code/);
	expect(env.sb.requests.filter((x) => x.path.includes('/vats')).length).toBe(0);
	expect(env.sb.requests.length).toBeGreaterThanOrEqual(before);
});
