// Tax Code › Create against a stub PleoClient.
import * as op from '../../../../../nodes/Pleo/actions/taxCode/create.operation';
import { fakeContext, inputs, pairing, pleoApiErrorOf, run, stubPleo } from '../../stubs';

const base = {
	name: 'VAT 25.5%',
	code: 'VAT25.5',
	rate: 0.255,
	type: 'inclusive',
	additionalFields: {},
};

describe('Pleo › Tax Code › Create', () => {
	it('POSTs the tax code with the company and the optional tax accounts', async () => {
		const client = stubPleo({
			'POST /v0/tax-codes': ({ body }) => ({ data: { id: 'tc', ...(body as object) } }),
		});
		const ctx = fakeContext({
			items: inputs({}, {}),
			params: (i) =>
				i === 0
					? base
					: { ...base, additionalFields: { ingoingTaxAccount: '2939', archived: true } },
		});
		const out = await run(op, ctx, client);
		expect(client.calls.map((c) => c.options.body)).toEqual([
			{
				companyId: 'company-1',
				name: 'VAT 25.5%',
				code: 'VAT25.5',
				rate: 0.255,
				type: 'inclusive',
				archived: false,
			},
			{
				companyId: 'company-1',
				name: 'VAT 25.5%',
				code: 'VAT25.5',
				rate: 0.255,
				type: 'inclusive',
				archived: true,
				ingoingTaxAccount: '2939',
			},
		]);
		expect(pairing(out)).toEqual([{ item: 0 }, { item: 1 }]);
	});

	it('refuses a rate outside 0–1 (a percent typed as 25.5) before the request', async () => {
		const client = stubPleo();
		await expect(
			run(op, fakeContext({ params: { ...base, rate: 25.5 } }), client),
		).rejects.toMatchObject({
			message: 'Rate must be a decimal between 0 and 1',
			context: { itemIndex: 0 },
		});
		expect(client.calls).toEqual([]);
	});

	it('a refused create is an error item with Continue On Fail', async () => {
		const client = stubPleo({
			'POST /v0/tax-codes': () => {
				throw pleoApiErrorOf(409, 'code exists', 'CONFLICT');
			},
		});
		expect(await run(op, fakeContext({ params: base, continueOnFail: true }), client)).toEqual([
			{ json: { error: 'Pleo API error 409 – CONFLICT: code exists' }, pairedItem: { item: 0 } },
		]);
	});
});
