// Accounting Entry › Download Receipts in n8n-core's engine against the Pleo sandbox.
import { usePleoEngine } from '../../helpers/pleo';

const env = usePleoEngine();

test('download receipts as binary', async () => {
	const withFile = [...env.sb.state.expenses.values()].find(
		(e) => e.fileIds.length > 0 && (env.sb.state.files.get(e.fileIds[0])?.size ?? 0) < 1_000_000,
	)!;
	const run = await env.runNode({
		resource: 'accountingEntry',
		operation: 'downloadReceipts',
		accountingEntryId: withFile.id,
	});
	expect(run.error).toBeUndefined();
	const [item] = run.items('Pleo');
	expect(item.binary?.data).toBeDefined();
	expect(item.binary!.data.mimeType).toEqual(expect.stringMatching(/image|pdf/));
	expect(item.json).not.toHaveProperty('url');
	expect(item.json.accountingEntryId).toBe(withFile.id);
});
