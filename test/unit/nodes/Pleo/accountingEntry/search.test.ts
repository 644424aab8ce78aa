// Accounting Entry › Search against a stub PleoClient: the filters become Pleo's search body.
import * as op from '../../../../../nodes/Pleo/actions/accountingEntry/search.operation';
import { fakeContext, pleoApiErrorOf, run, stubPleo } from '../../stubs';

const ENTRIES = [{ id: 'ae-1' }, { id: 'ae-2' }, { id: 'ae-3' }];

describe('Pleo › Accounting Entry › Search', () => {
	it('builds the search body from the filters and pages through the results', async () => {
		const client = stubPleo({ 'POST /v1/accounting-entries:search': ENTRIES });
		const ctx = fakeContext({
			params: {
				returnAll: true,
				filters: {
					dateField: 'bookkeepingDate',
					from: '2026-03-01T00:00:00.000+02:00',
					to: '2026-03-31T23:59:59',
					employeeIds: ' e1, e2 ,',
					exportStatus: ['EXPORTED'],
					families: [],
					includeDeleted: true,
				},
				options: { companyId: 'c2' },
			},
		});
		const out = await run(op, ctx, client);
		expect(client.getAllPages).toHaveBeenCalledWith('POST', '/v1/accounting-entries:search', {
			qs: { company_id: 'c2' },
			body: {
				includeDeleted: true,
				exportStatus: ['EXPORTED'],
				employeeIds: ['e1', 'e2'],
				bookkeepingDateStart: '2026-02-28T22:00:00Z',
				bookkeepingDateEnd: expect.stringMatching(/^2026-03-31T\d\d:59:59Z$/),
			},
			limit: undefined,
			idempotent: true,
		});
		expect(out.map((o) => [o.json.id, o.pairedItem])).toEqual([
			['ae-1', { item: 0 }],
			['ae-2', { item: 0 }],
			['ae-3', { item: 0 }],
		]);
	});

	it('Limit goes to the pager; more than 100 employee IDs are refused before the request', async () => {
		const client = stubPleo({ 'POST /v1/accounting-entries:search': ENTRIES });
		const limited = await run(
			op,
			fakeContext({ params: { returnAll: false, limit: 1, filters: {} } }),
			client,
		);
		expect(limited.map((o) => o.json.id)).toEqual(['ae-1']);
		expect(client.getAllPages.mock.calls[0][2]).toMatchObject({
			body: { includeDeleted: false },
			limit: 1,
		});
		const many = Array.from({ length: 101 }, (_, k) => `e${k}`).join(',');
		await expect(
			run(op, fakeContext({ params: { returnAll: true, filters: { employeeIds: many } } }), client),
		).rejects.toMatchObject({
			message: 'Pleo accepts at most 100 employee IDs',
			context: { itemIndex: 0 },
		});
		expect(client.getAllPages).toHaveBeenCalledTimes(1);
	});

	it('errors become error items with Continue On Fail', async () => {
		const client = stubPleo({
			'POST /v1/accounting-entries:search': () => {
				throw pleoApiErrorOf(400, 'bad date');
			},
		});
		expect(
			await run(
				op,
				fakeContext({ params: { returnAll: true, filters: {} }, continueOnFail: true }),
				client,
			),
		).toEqual([
			{ json: { error: 'Pleo API error 400 – VALIDATION: bad date' }, pairedItem: { item: 0 } },
		]);
	});
});
