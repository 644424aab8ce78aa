// VAT › Get Defaults in n8n-core's engine against the Procountor sandbox.
import type { IDataObject } from 'n8n-workflow';
import { useProcountorEngine } from '../../helpers/procountor';

const env = useProcountorEngine();

test('VAT › Get Defaults', async () => {
	const d = await env.runOne({ resource: 'vat', operation: 'getDefaults' });
	const defaults = d.json('Procountor')[0] as IDataObject;
	expect(JSON.stringify(defaults)).toContain('25.5');
});
