import { createHmac, randomBytes } from 'crypto';
import * as fc from 'fast-check';

import {
	decodeWebhookSecret,
	parseSignatureHeader,
	rememberWebhookId,
	signStandardWebhook,
	verifyStandardWebhook,
} from '../../../../../nodes/Pleo/core/signature';

const secret = `whsec_${randomBytes(24).toString('base64')}`;
const id = 'msg_p5jXN8AQM9LWM0D4loKWxJek';
const now = 1_767_225_600; // 2026-01-01T00:00:00Z
const body = '{"data":{"id":"b4c4d068","status":"pending"},"eventType":"v1.export-job.created"}';

function independentSign(s: string, msgId: string, ts: number, payload: string): string {
	const key = Buffer.from(s.slice('whsec_'.length), 'base64');
	return `v1,${createHmac('sha256', key).update(`${msgId}.${ts}.${payload}`).digest('base64')}`;
}

const base = () => ({
	secret,
	id,
	timestamp: String(now),
	signatureHeader: independentSign(secret, id, now, body),
	rawBody: Buffer.from(body),
	nowSeconds: now,
});

describe('Standard-Webhooks verification', () => {
	it('accepts a valid signature (raw bytes or string body)', () => {
		expect(verifyStandardWebhook(base())).toEqual({ valid: true });
		expect(verifyStandardWebhook({ ...base(), rawBody: body })).toEqual({ valid: true });
	});

	it('signs exactly like an independent implementation', () => {
		expect(signStandardWebhook(secret, id, now, body)).toBe(independentSign(secret, id, now, body));
	});

	it('accepts a header with several signatures when one matches', () => {
		const other = independentSign(`whsec_${randomBytes(24).toString('base64')}`, id, now, body);
		const header = `v1,${randomBytes(32).toString('base64')} ${other} v2,abc ${base().signatureHeader}`;
		expect(verifyStandardWebhook({ ...base(), signatureHeader: header })).toEqual({ valid: true });
	});

	it('rejects a tampered body, id or timestamp', () => {
		const tampered = Buffer.from(body);
		tampered[10] ^= 1;
		expect(verifyStandardWebhook({ ...base(), rawBody: tampered })).toEqual({
			valid: false,
			reason: 'signature_mismatch',
		});
		expect(verifyStandardWebhook({ ...base(), id: 'msg_other' }).valid).toBe(false);
		expect(
			verifyStandardWebhook({ ...base(), timestamp: String(now + 1), nowSeconds: now }).valid,
		).toBe(false);
	});

	it('rejects stale and future timestamps outside the tolerance', () => {
		const old = now - 301;
		const signed = {
			...base(),
			timestamp: String(old),
			signatureHeader: independentSign(secret, id, old, body),
		};
		expect(verifyStandardWebhook(signed)).toEqual({ valid: false, reason: 'stale_timestamp' });
		expect(verifyStandardWebhook({ ...signed, toleranceSeconds: 600 })).toEqual({ valid: true });
		const future = now + 301;
		expect(
			verifyStandardWebhook({
				...base(),
				timestamp: String(future),
				signatureHeader: independentSign(secret, id, future, body),
			}).valid,
		).toBe(false);
		const edge = now - 300;
		expect(
			verifyStandardWebhook({
				...base(),
				timestamp: String(edge),
				signatureHeader: independentSign(secret, id, edge, body),
			}).valid,
		).toBe(true);
	});

	it('rejects missing or malformed headers and secrets', () => {
		expect(verifyStandardWebhook({ ...base(), id: undefined })).toEqual({
			valid: false,
			reason: 'missing_headers',
		});
		expect(verifyStandardWebhook({ ...base(), signatureHeader: '' }).valid).toBe(false);
		expect(verifyStandardWebhook({ ...base(), timestamp: 'yesterday' })).toEqual({
			valid: false,
			reason: 'invalid_timestamp',
		});
		for (const header of ['garbage', 'v1,', ',abc', 'v1,n*t!!', 'v2,AAAA']) {
			expect(verifyStandardWebhook({ ...base(), signatureHeader: header })).toEqual({
				valid: false,
				reason: 'malformed_signature',
			});
		}
		expect(verifyStandardWebhook({ ...base(), secret: '' })).toEqual({
			valid: false,
			reason: 'invalid_secret',
		});
		expect(verifyStandardWebhook({ ...base(), secret: 'whsec_%%%' }).valid).toBe(false);
	});

	it('a signature of the wrong length never matches', () => {
		const short = `v1,${Buffer.from('short').toString('base64')}`;
		expect(verifyStandardWebhook({ ...base(), signatureHeader: short }).valid).toBe(false);
	});

	it('property: a flipped body byte always fails, the original always passes', () => {
		fc.assert(
			fc.property(fc.uint8Array({ minLength: 1, maxLength: 200 }), fc.nat(), (bytes, pos) => {
				const raw = Buffer.from(bytes);
				const header = independentSign(secret, id, now, raw.toString('latin1'));
				// sign over the exact bytes
				const sig = signStandardWebhook(secret, id, now, raw);
				const ok = verifyStandardWebhook({ ...base(), rawBody: raw, signatureHeader: sig });
				const changed = Buffer.from(raw);
				changed[pos % changed.length] ^= 0xff;
				const bad = verifyStandardWebhook({ ...base(), rawBody: changed, signatureHeader: sig });
				return ok.valid && !bad.valid && typeof header === 'string';
			}),
			{ numRuns: 200 },
		);
	});

	it('parses headers and secrets', () => {
		expect(parseSignatureHeader('v1,AAAA v1,BBBB')).toHaveLength(2);
		expect(decodeWebhookSecret('whsec_AAAA')).toEqual(Buffer.from([0, 0, 0]));
		expect(decodeWebhookSecret('whsec_')).toBeUndefined();
	});
});

describe('rememberWebhookId', () => {
	it('keeps the last N ids without duplicates', () => {
		let seen: string[] = [];
		for (let i = 0; i < 15; i++) seen = rememberWebhookId(seen, `msg_${i}`, 10);
		expect(seen).toHaveLength(10);
		expect(seen[0]).toBe('msg_5');
		seen = rememberWebhookId(seen, 'msg_7', 10);
		expect(seen.filter((s) => s === 'msg_7')).toHaveLength(1);
		expect(seen[seen.length - 1]).toBe('msg_7');
	});
});
