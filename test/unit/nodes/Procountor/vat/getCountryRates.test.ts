// VAT › Get Country Rates against a stub Procountor client.
import * as op from '../../../../../nodes/Procountor/actions/vat/getCountryRates.operation';
import { fakeContext, inputs, pairing, run, stubProcountor } from '../../stubs';

describe('Procountor › VAT › Get Country Rates', () => {
	it('sends the upper-cased code of each item and adds it to the output', async () => {
		const client = stubProcountor({
			'GET /vats/country': ({ qs }) => ({
				vatPercentages: (qs as { countryCode: string }).countryCode === 'SE' ? [25, 12, 6] : [25.5],
			}),
		});
		const ctx = fakeContext({
			items: inputs({}, {}),
			params: (i) => ({ countryCode: i === 0 ? ' se ' : 'FI' }),
		});
		const out = await run(op, ctx, client);
		expect(out.map((o) => o.json)).toEqual([
			{ countryCode: 'SE', vatPercentages: [25, 12, 6] },
			{ countryCode: 'FI', vatPercentages: [25.5] },
		]);
		expect(pairing(out)).toEqual([{ item: 0 }, { item: 1 }]);
		expect(client.request).toHaveBeenCalledWith('GET', '/vats/country', {
			qs: { countryCode: 'SE' },
		});
	});

	it('refuses a code that is not two letters, before any request, naming the fix', async () => {
		const client = stubProcountor();
		await expect(
			run(op, fakeContext({ params: { countryCode: 'FIN' } }), client),
		).rejects.toMatchObject({
			message: '"FIN" is not a two-letter country code',
			description: expect.stringContaining('ISO 3166-1 alpha-2'),
			context: { itemIndex: 0 },
		});
		expect(client.request).not.toHaveBeenCalled();
	});

	it('with Continue On Fail, the bad item becomes an error item and the good one still runs', async () => {
		const client = stubProcountor({ 'GET /vats/country': { vatPercentages: [25.5] } });
		const ctx = fakeContext({
			items: inputs({}, {}),
			continueOnFail: true,
			params: (i) => ({ countryCode: i === 0 ? '1' : 'fi' }),
		});
		const out = await run(op, ctx, client);
		expect(out).toEqual([
			{ json: { error: '"1" is not a two-letter country code' }, pairedItem: { item: 0 } },
			{ json: { countryCode: 'FI', vatPercentages: [25.5] }, pairedItem: { item: 1 } },
		]);
	});
});
