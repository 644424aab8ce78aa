// Attachment › Upload in n8n-core's engine against the Procountor sandbox.
import { procountorNode, useProcountorEngine } from '../../helpers/procountor';

const env = useProcountorEngine();

test('Attachment › Upload attaches a binary file to the journal invoice; a file without extension is refused', async () => {
	const [journal] = await env.seedJournals(1);
	const pdf = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
	const item = {
		json: {},
		binary: {
			data: { data: pdf.toString('base64'), mimeType: 'application/pdf', fileName: 'kuitti.pdf' },
		},
	};
	const n = procountorNode({
		resource: 'attachment',
		operation: 'upload',
		ledgerReceiptId: String(journal.id),
		binaryPropertyName: 'data',
		options: {},
	});
	const r = await env.h.run(
		{ nodes: [n], connections: {} },
		{ input: { node: n.name, items: [item] } },
	);
	expect(r.error).toBeUndefined();
	expect(r.json('Procountor')[0]).toMatchObject({
		name: 'kuitti.pdf',
		referenceType: 'INVOICE',
		referenceId: journal.invoiceId,
	});
	const stored = env.sb.state.companies[1001].ledgerReceipts.find((x) => x.id === journal.id)!;
	expect(stored.attachments.map((a) => a.name)).toEqual(['kuitti.pdf']);

	const noExt = {
		json: {},
		binary: {
			data: { data: pdf.toString('base64'), mimeType: 'application/pdf', fileName: 'kuitti' },
		},
	};
	const bad = await env.h.run(
		{ nodes: [n], connections: {} },
		{ input: { node: n.name, items: [noExt] } },
	);
	expect(bad.error?.message).toMatch(/has no extension/);
});
