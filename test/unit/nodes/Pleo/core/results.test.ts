import { chunk, groupBy } from '../../../../../nodes/Pleo/core/batching';
import {
	capText,
	decideJobCompletion,
	normaliseItemResult,
} from '../../../../../nodes/Pleo/core/results';

describe('normaliseItemResult', () => {
	it('keeps the fields Pleo accepts for a successful item and drops extras', () => {
		const r = normaliseItemResult({
			accountingEntryId: 'e1',
			status: 'successful',
			externalId: 'V-1',
			externalUrl: 'https://erp/1',
			exportedAt: '2026-01-01T00:00:00Z',
			jobId: 'j1',
			amount: 123,
		});
		expect(r).toEqual({
			ok: true,
			result: {
				accountingEntryId: 'e1',
				status: 'successful',
				externalId: 'V-1',
				externalUrl: 'https://erp/1',
				exportedAt: '2026-01-01T00:00:00Z',
			},
		});
	});

	it('fills exportedAt and rejects a successful item without externalId', () => {
		const r = normaliseItemResult(
			{ accountingEntryId: 'e1', status: 'successful', externalId: 7 },
			{ now: () => new Date('2026-02-03T04:05:06Z') },
		);
		expect(r.ok && r.result).toMatchObject({
			externalId: '7',
			exportedAt: '2026-02-03T04:05:06.000Z',
		});
		expect(normaliseItemResult({ accountingEntryId: 'e1', status: 'successful' }).ok).toBe(false);
	});

	it('maps unknown failure reason types to unexpected_failure and caps the reason', () => {
		const r = normaliseItemResult(
			{
				accountingEntryId: 'e2',
				status: 'failed',
				failureReasonType: 'nope',
				failureReason: 'x'.repeat(50),
			},
			{ failureReasonMaxLength: 20 },
		);
		expect(r.ok && r.result).toEqual({
			accountingEntryId: 'e2',
			status: 'failed',
			failureReasonType: 'unexpected_failure',
			failureReason: `${'x'.repeat(19)}…`,
		});
		const known = normaliseItemResult({
			accountingEntryId: 'e3',
			status: 'failed',
			failureReasonType: 'account_unknown',
		});
		expect(known.ok && known.result).toMatchObject({
			failureReasonType: 'account_unknown',
			failureReason: expect.any(String),
		});
	});

	it('rejects items without id or with an unknown status', () => {
		expect(normaliseItemResult({ status: 'failed' }).ok).toBe(false);
		expect(normaliseItemResult({ accountingEntryId: 'e', status: 'done' }).ok).toBe(false);
	});
});

describe('decideJobCompletion', () => {
	it('all successful → completed (also for no items)', () => {
		expect(decideJobCompletion([{ status: 'successful' }, { status: 'successful' }]).event).toBe(
			'completed',
		);
		expect(decideJobCompletion([]).event).toBe('completed');
	});
	it('some failed → completed_with_errors', () => {
		const d = decideJobCompletion([{ status: 'successful' }, { status: 'failed' }]);
		expect(d).toMatchObject({ event: 'completed_with_errors', successful: 1, failed: 1 });
	});
	it('a reporting error counts as failed', () => {
		expect(
			decideJobCompletion([{ status: 'successful', failed: true }, { status: 'successful' }]).event,
		).toBe('completed_with_errors');
	});
	it('none successful → failed with a reason', () => {
		const d = decideJobCompletion([{ status: 'failed' }, { status: 'failed' }]);
		expect(d.event).toBe('failed');
		expect(d.failureReasonType).toBe('validation_failure');
		expect(d.failureReason).toMatch(/2/);
	});
});

describe('batching', () => {
	it('chunks 250 into 100/100/50', () => {
		expect(
			chunk(
				Array.from({ length: 250 }, (_, i) => i),
				100,
			).map((c) => c.length),
		).toEqual([100, 100, 50]);
		expect(chunk([], 100)).toEqual([]);
	});
	it('groups keeping order', () => {
		const g = groupBy(['a1', 'b1', 'a2'], (s) => s[0]);
		expect([...g.keys()]).toEqual(['a', 'b']);
		expect(g.get('a')).toEqual(['a1', 'a2']);
	});
	it('capText', () => {
		expect(capText('abc', 5)).toBe('abc');
		expect(capText('abcdef', 4)).toBe('abc…');
	});
});
