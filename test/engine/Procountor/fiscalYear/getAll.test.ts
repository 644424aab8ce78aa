// Fiscal Year › Get Many in n8n-core's engine against the Procountor sandbox.
import { useProcountorEngine } from '../../helpers/procountor';

const env = useProcountorEngine();

test('Fiscal Year › Get Many, open only', async () => {
	const all = await env.runOne({ resource: 'fiscalYear', operation: 'getAll', openOnly: false });
	expect(all.json('Procountor').length).toBeGreaterThanOrEqual(2);
	const open = await env.runOne({ resource: 'fiscalYear', operation: 'getAll', openOnly: true });
	expect(open.json('Procountor').every((y) => y.isOpen === true)).toBe(true);
	expect(open.json('Procountor').length).toBeLessThan(all.json('Procountor').length);
});
