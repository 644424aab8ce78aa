// Tag Group › Create against a stub PleoClient.
import * as op from '../../../../../nodes/Pleo/actions/tagGroup/create.operation';
import { fakeContext, inputs, pairing, pleoApiErrorOf, run, stubPleo } from '../../stubs';

describe('Pleo › Tag Group › Create', () => {
	it('POSTs name, code, archived and metadata for the company (credential or override)', async () => {
		const client = stubPleo({
			'POST /v0/tag-groups': ({ body }) => ({ data: { id: 'g', ...(body as object) } }),
		});
		const ctx = fakeContext({
			items: inputs({}, {}),
			params: (i) => ({
				name: 'Kustannuspaikka',
				code: 'KP',
				additionalFields:
					i === 0 ? { metadata: '{"externalId": 201}' } : { companyId: ' other ', archived: true },
			}),
		});
		const out = await run(op, ctx, client);
		expect(client.calls.map((c) => c.options)).toEqual([
			{
				qs: { company_id: 'company-1' },
				body: {
					name: 'Kustannuspaikka',
					code: 'KP',
					archived: false,
					metadata: { externalId: '201' },
				},
			},
			{
				qs: { company_id: 'other' },
				body: { name: 'Kustannuspaikka', code: 'KP', archived: true },
			},
		]);
		expect(pairing(out)).toEqual([{ item: 0 }, { item: 1 }]);
	});

	it('refuses metadata that is not a JSON object before the request', async () => {
		const client = stubPleo();
		const ctx = fakeContext({
			params: { name: 'n', code: 'c', additionalFields: { metadata: '[1]' } },
		});
		await expect(run(op, ctx, client)).rejects.toMatchObject({
			message: 'Metadata must be a JSON object',
			context: { itemIndex: 0 },
		});
		expect(client.calls).toEqual([]);
	});

	it('a refused create fails the item; Continue On Fail makes it an error item', async () => {
		const client = stubPleo({
			'POST /v0/tag-groups': () => {
				throw pleoApiErrorOf(409, 'code exists', 'CONFLICT');
			},
		});
		const params = { name: 'n', code: 'c', additionalFields: {} };
		await expect(run(op, fakeContext({ params }), client)).rejects.toMatchObject({
			context: { itemIndex: 0 },
		});
		expect(await run(op, fakeContext({ params, continueOnFail: true }), client)).toEqual([
			{ json: { error: 'Pleo API error 409 – CONFLICT: code exists' }, pairedItem: { item: 0 } },
		]);
	});
});
