import { createHmac, timingSafeEqual } from 'crypto';

/** Input for Standard-Webhooks signature verification. */
export interface WebhookVerificationInput {
	/** The subscription secret, `whsec_<base64>` (the prefix is optional). */
	secret: string;
	/** `webhook-id` header */
	id: string | undefined;
	/** `webhook-timestamp` header (unix seconds) */
	timestamp: string | undefined;
	/** `webhook-signature` header: space-separated `v1,<base64>` entries */
	signatureHeader: string | undefined;
	/** The raw request body bytes, exactly as received */
	rawBody: Buffer | string;
	/** Current time in unix seconds */
	nowSeconds: number;
	/** Allowed clock difference in seconds (both directions); default 300 */
	toleranceSeconds?: number;
}

export type WebhookVerificationResult =
	| { valid: true }
	| {
			valid: false;
			reason:
				| 'missing_headers'
				| 'invalid_secret'
				| 'invalid_timestamp'
				| 'stale_timestamp'
				| 'malformed_signature'
				| 'signature_mismatch';
	  };

const TIMESTAMP_RE = /^\d{1,15}$/;
const BASE64_RE = /^[A-Za-z0-9+/]+={0,2}$/;

/** Decodes `whsec_<base64>` into the HMAC key bytes; undefined when it is not valid base64. */
export function decodeWebhookSecret(secret: string): Buffer | undefined {
	const raw = secret.startsWith('whsec_') ? secret.slice('whsec_'.length) : secret;
	if (raw.length === 0 || !BASE64_RE.test(raw)) return undefined;
	const key = Buffer.from(raw, 'base64');
	return key.length > 0 ? key : undefined;
}

/** `v1,<base64(HMAC-SHA256(key, id.timestamp.body))>` */
export function signStandardWebhook(
	secret: string,
	id: string,
	timestamp: number | string,
	rawBody: Buffer | string,
): string {
	const key = decodeWebhookSecret(secret);
	if (!key) throw new Error('Invalid webhook secret');
	return `v1,${computeSignature(key, id, String(timestamp), rawBody).toString('base64')}`;
}

function computeSignature(
	key: Buffer,
	id: string,
	timestamp: string,
	rawBody: Buffer | string,
): Buffer {
	const body = typeof rawBody === 'string' ? Buffer.from(rawBody, 'utf8') : rawBody;
	return createHmac('sha256', key)
		.update(Buffer.from(`${id}.${timestamp}.`, 'utf8'))
		.update(body)
		.digest();
}

/** Parses a `webhook-signature` header into the decoded v1 signatures (other versions are ignored). */
export function parseSignatureHeader(header: string): Buffer[] {
	const signatures: Buffer[] = [];
	for (const entry of header.trim().split(/\s+/)) {
		const comma = entry.indexOf(',');
		if (comma < 1) continue;
		const version = entry.slice(0, comma);
		const value = entry.slice(comma + 1);
		if (version !== 'v1' || !BASE64_RE.test(value)) continue;
		signatures.push(Buffer.from(value, 'base64'));
	}
	return signatures;
}

/**
 * Verifies a Standard-Webhooks delivery (as Pleo/Svix send it): HMAC-SHA256 over
 * `id.timestamp.rawBody` with the base64-decoded secret; any one of several
 * signatures may match; the timestamp must be within the tolerance.
 */
export function verifyStandardWebhook(input: WebhookVerificationInput): WebhookVerificationResult {
	const { id, timestamp, signatureHeader } = input;
	if (!id || !timestamp || !signatureHeader) return { valid: false, reason: 'missing_headers' };
	const key = decodeWebhookSecret(input.secret);
	if (!key) return { valid: false, reason: 'invalid_secret' };
	if (!TIMESTAMP_RE.test(timestamp)) return { valid: false, reason: 'invalid_timestamp' };
	const tolerance = input.toleranceSeconds ?? 300;
	if (Math.abs(input.nowSeconds - Number(timestamp)) > tolerance) {
		return { valid: false, reason: 'stale_timestamp' };
	}
	const candidates = parseSignatureHeader(signatureHeader);
	if (candidates.length === 0) return { valid: false, reason: 'malformed_signature' };
	const expected = computeSignature(key, id, timestamp, input.rawBody);
	let matched = false;
	for (const candidate of candidates) {
		// compare every candidate (no early exit), each in constant time
		if (candidate.length === expected.length && timingSafeEqual(candidate, expected))
			matched = true;
	}
	return matched ? { valid: true } : { valid: false, reason: 'signature_mismatch' };
}

/**
 * Remembers an accepted webhook id in a bounded list (oldest dropped first).
 * Returns the new list; does not mutate the input.
 */
export function rememberWebhookId(seen: readonly string[], id: string, max = 1000): string[] {
	const next = seen.filter((s) => s !== id);
	next.push(id);
	return next.length > max ? next.slice(next.length - max) : next;
}
