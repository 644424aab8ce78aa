// Tax Code › Get Many against a stub PleoClient (the pager is the client's getAllPages).
import * as op from '../../../../../nodes/Pleo/actions/taxCode/getAll.operation';
import { fakeContext, pleoApiErrorOf, run, stubPleo } from '../../stubs';

const CODES = [{ id: 'a' }, { id: 'b' }, { id: 'c' }];

describe('Pleo › Tax Code › Get Many', () => {
	it('searches with the filters as the body, as a read-only (idempotent) POST', async () => {
		const client = stubPleo({ 'POST /v0/tax-codes:search': CODES });
		const filters = { archived: false, type: 'reverse' };
		const out = await run(op, fakeContext({ params: { returnAll: true, filters } }), client);
		expect(client.getAllPages).toHaveBeenCalledWith('POST', '/v0/tax-codes:search', {
			qs: { company_id: 'company-1' },
			body: filters,
			limit: undefined,
			idempotent: true,
		});
		expect(out.map((o) => o.json.id)).toEqual(['a', 'b', 'c']);
		expect(out.every((o) => (o.pairedItem as { item: number }).item === 0)).toBe(true);
	});

	it('Limit goes to the pager; errors become error items with Continue On Fail', async () => {
		const ok = stubPleo({ 'POST /v0/tax-codes:search': CODES });
		const out = await run(op, fakeContext({ params: { returnAll: false, limit: 2 } }), ok);
		expect(out.map((o) => o.json.id)).toEqual(['a', 'b']);
		expect(ok.getAllPages.mock.calls[0][2]).toMatchObject({ limit: 2, body: {} });
		const bad = stubPleo({
			'POST /v0/tax-codes:search': () => {
				throw pleoApiErrorOf(500, 'oops', 'INTERNAL');
			},
		});
		await expect(run(op, fakeContext({ params: { returnAll: true } }), bad)).rejects.toMatchObject({
			context: { itemIndex: 0 },
		});
		expect(
			await run(op, fakeContext({ params: { returnAll: true }, continueOnFail: true }), bad),
		).toEqual([
			{ json: { error: 'Pleo API error 500 – INTERNAL: oops' }, pairedItem: { item: 0 } },
		]);
	});
});
