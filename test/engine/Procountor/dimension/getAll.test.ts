// Dimension › Get Many in n8n-core's engine against the Procountor sandbox.
import type { IDataObject } from 'n8n-workflow';
import { useProcountorEngine } from '../../helpers/procountor';

const env = useProcountorEngine();

test('Dimension › Get Many leaves inactive items out', async () => {
	const all = await env.runOne({
		resource: 'dimension',
		operation: 'getAll',
		name: '',
		includeInactive: false,
	});
	const names = all.json('Procountor').map((d) => d.name);
	expect(names).toEqual(['Kustannuspaikka', 'Projekti']);
	const cc = all.json('Procountor')[0].items as IDataObject[];
	expect(cc.map((i) => i.codeName)).not.toContain('900');
});
