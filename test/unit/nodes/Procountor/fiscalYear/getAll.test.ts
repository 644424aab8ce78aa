// Fiscal Year › Get Many against a stub Procountor client.
import * as op from '../../../../../nodes/Procountor/actions/fiscalYear/getAll.operation';
import { fakeContext, inputs, pairing, procountorApiError, run, stubProcountor } from '../../stubs';

const YEARS = [
	{ id: 1, startDate: '2025-01-01', endDate: '2025-12-31', isOpen: false },
	{ id: 2, startDate: '2026-01-01', endDate: '2026-12-31', isOpen: true },
	{ id: 3, startDate: '2027-01-01', endDate: '2027-12-31' },
];

describe('Procountor › Fiscal Year › Get Many', () => {
	it('outputs one item per fiscal year, all paired with the input item', async () => {
		const client = stubProcountor({ 'GET /fiscalyears': { fiscalYears: YEARS } });
		const out = await run(op, fakeContext({ params: { openOnly: false } }), client);
		expect(out.map((o) => o.json.id)).toEqual([1, 2, 3]);
		expect(pairing(out)).toEqual([{ item: 0 }, { item: 0 }, { item: 0 }]);
	});

	it('Open Only drops the closed years (a year without isOpen counts as open)', async () => {
		const client = stubProcountor({ 'GET /fiscalyears': { fiscalYears: YEARS } });
		const ctx = fakeContext({ items: inputs({}, {}), params: { openOnly: true } });
		const out = await run(op, ctx, client);
		expect(out.map((o) => [o.json.id, o.pairedItem])).toEqual([
			[2, { item: 0 }],
			[3, { item: 0 }],
			[2, { item: 1 }],
			[3, { item: 1 }],
		]);
	});

	it('outputs nothing when Procountor has no fiscal years', async () => {
		const client = stubProcountor({ 'GET /fiscalyears': {} });
		expect(await run(op, fakeContext({ params: { openOnly: false } }), client)).toEqual([]);
	});

	it('errors carry the item index; Continue On Fail makes them error items', async () => {
		const client = stubProcountor({
			'GET /fiscalyears': () => {
				throw procountorApiError(503, 'Service unavailable');
			},
		});
		const params = { openOnly: true };
		await expect(run(op, fakeContext({ params }), client)).rejects.toMatchObject({
			context: { itemIndex: 0 },
		});
		const out = await run(op, fakeContext({ params, continueOnFail: true }), client);
		expect(out).toEqual([
			{ json: { error: 'Procountor: Service unavailable' }, pairedItem: { item: 0 } },
		]);
	});
});
