// VAT › Get Defaults against a stub Procountor client.
import * as op from '../../../../../nodes/Procountor/actions/vat/getDefaults.operation';
import { fakeContext, inputs, pairing, procountorApiError, run, stubProcountor } from '../../stubs';

const VATS = {
	countryCode: 'FI',
	vatPercentages: [25.5, 14, 10, 0],
	vatStatuses: [{ vatStatus: 1 }],
};

describe('Procountor › VAT › Get Defaults', () => {
	it('returns GET /vats/default for every input item', async () => {
		const client = stubProcountor({ 'GET /vats/default': VATS });
		const out = await run(op, fakeContext({ items: inputs({}, {}) }), client);
		expect(out.map((o) => o.json)).toEqual([VATS, VATS]);
		expect(pairing(out)).toEqual([{ item: 0 }, { item: 1 }]);
	});

	it('fails the item, or outputs an error item with Continue On Fail', async () => {
		const fail = () => {
			throw procountorApiError(401, 'invalid token');
		};
		const client = stubProcountor({ 'GET /vats/default': fail });
		await expect(run(op, fakeContext(), client)).rejects.toMatchObject({
			context: { itemIndex: 0 },
		});
		const out = await run(op, fakeContext({ continueOnFail: true }), client);
		expect(out[0]).toEqual({
			json: { error: 'Procountor: invalid token' },
			pairedItem: { item: 0 },
		});
	});
});
