// Rate limit: a sliding 1 s window per client_id (from the bearer token, or the token
// request's client_id). Rejected requests do not count; requests without a recognisable
// client are not limited.
import type { SandboxRuntime } from './context';
import { err, type FieldError } from './rules';

export function rateLimited(sb: SandboxRuntime, clientId: string | undefined): boolean {
	if (!clientId || sb.rateLimit <= 0) return false;
	const t = sb.now();
	const w = (sb.windows.get(clientId) ?? []).filter((x) => x > t - 1000);
	if (w.length >= sb.rateLimit) {
		sb.windows.set(clientId, w);
		return true;
	}
	w.push(t);
	sb.windows.set(clientId, w);
	return false;
}

export function rateLimitErrors(sb: SandboxRuntime): FieldError[] {
	return [
		err('', 'TOO_MANY_REQUESTS', `rate limit of ${sb.rateLimit} requests per second exceeded`, 429),
	];
}

export const RATE_LIMIT_HEADERS = { 'retry-after': '1' };
