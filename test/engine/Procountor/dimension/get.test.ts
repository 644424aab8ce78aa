// Dimension › Get in n8n-core's engine against the Procountor sandbox.
import type { IDataObject } from 'n8n-workflow';
import { useProcountorEngine } from '../../helpers/procountor';

const env = useProcountorEngine();

test('Dimension › Get', async () => {
	const one = await env.runOne({
		resource: 'dimension',
		operation: 'get',
		dimensionId: { __rl: true, mode: 'id', value: '202' },
	});
	expect(one.json('Procountor')[0]).toMatchObject({ id: 202, name: 'Projekti' });
});

test('Dimension › Get of an unknown dimension is a clear 404', async () => {
	const r = await env.runOne({
		resource: 'dimension',
		operation: 'get',
		dimensionId: { __rl: true, mode: 'id', value: '999' },
	});
	expect(r.error).toBeDefined();
	expect((r.error as unknown as IDataObject).httpCode).toBe('404');
});
