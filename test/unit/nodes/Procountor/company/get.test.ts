// Company › Get against a stub Procountor client.
import * as op from '../../../../../nodes/Procountor/actions/company/get.operation';
import { fakeContext, inputs, pairing, procountorApiError, run, stubProcountor } from '../../stubs';

describe('Procountor › Company › Get', () => {
	it('reads GET /company once per input item, each output paired with its input', async () => {
		const client = stubProcountor({ 'GET /company': { id: 1001, name: 'Demo Oy' } });
		const out = await run(op, fakeContext({ items: inputs({}, {}) }), client);
		expect(out.map((o) => o.json)).toEqual([
			{ id: 1001, name: 'Demo Oy' },
			{ id: 1001, name: 'Demo Oy' },
		]);
		expect(pairing(out)).toEqual([{ item: 0 }, { item: 1 }]);
		expect(client.request).toHaveBeenCalledWith('GET', '/company');
	});

	it("throws Procountor's error with the item index", async () => {
		const client = stubProcountor({
			'GET /company': () => {
				throw procountorApiError(404, 'Not found');
			},
		});
		await expect(run(op, fakeContext(), client)).rejects.toMatchObject({
			message: 'Procountor: Not found',
			context: { itemIndex: 0 },
		});
	});

	it('turns the error into an error item with Continue On Fail', async () => {
		const client = stubProcountor({
			'GET /company': () => {
				throw procountorApiError(500, 'Internal error');
			},
		});
		const out = await run(op, fakeContext({ continueOnFail: true }), client);
		expect(out).toEqual([
			{ json: { error: 'Procountor: Internal error' }, pairedItem: { item: 0 } },
		]);
	});
});
