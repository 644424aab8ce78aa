// Fault switches: latency, hanging requests, 5xx (next N or a share), responses dropped after
// the write was committed, a disabled API licence and a bare 403. Flipped by tests through setFaults()
// or POST /_sandbox/faults.
import type { SandboxRuntime } from './context';
import { HttpError } from './context';
import { err, type FieldError } from './rules';

export interface ProcountorFaults {
	latencyMs: number;
	errorRate: number;
	dropAfterCommitRate: number;
	dropAfterCommitNext: number;
	licenceDisabled: boolean;
	/**
	 * A 403 whose body says nothing but FORBIDDEN on every /api call except the token request
	 * (Procountor's wording of a 403 is not documented: the nodes must explain it without words).
	 */
	bareForbidden: boolean;
	fail5xxNext: number;
	timeoutNext: number;
}

export const LICENCE_DISABLED_MESSAGE =
	'API_LICENCE_NOT_ENABLED: The API licence is not enabled for this company. Enable "Allow the usage of invoiceable API clients" in Management > Company info > Usage settings.';
export const PRNG_SEED = 0x5eed1001;

export function defaultFaults(): ProcountorFaults {
	return {
		latencyMs: 0,
		errorRate: 0,
		dropAfterCommitRate: 0,
		dropAfterCommitNext: 0,
		licenceDisabled: false,
		bareForbidden: false,
		fail5xxNext: 0,
		timeoutNext: 0,
	};
}

/** Whether this committed write's answer is dropped (the socket closed instead). */
export function shouldDrop(sb: SandboxRuntime): boolean {
	const { faults } = sb;
	if (faults.dropAfterCommitNext > 0) {
		faults.dropAfterCommitNext--;
		return true;
	}
	return faults.dropAfterCommitRate > 0 && sb.random() < faults.dropAfterCommitRate;
}

/** Whether this request hangs (never answered). */
export function takeTimeout(sb: SandboxRuntime): boolean {
	if (sb.faults.timeoutNext > 0) {
		sb.faults.timeoutNext--;
		return true;
	}
	return false;
}

/** The 5xx to answer instead of the request, if a fault says so. */
export function serverFault(
	sb: SandboxRuntime,
): { status: number; errors: FieldError[] } | undefined {
	const { faults } = sb;
	if (faults.fail5xxNext > 0) {
		faults.fail5xxNext--;
		return { status: 503, errors: [{ status: 503, field: '', message: 'Service Unavailable' }] };
	}
	if (faults.errorRate > 0 && sb.random() < faults.errorRate) {
		const status = sb.random() < 0.5 ? 500 : 503;
		return {
			status,
			errors: [
				{
					status,
					field: '',
					message: status === 500 ? 'Internal Server Error' : 'Service Unavailable',
				},
			],
		};
	}
	return undefined;
}

export function setFaults(sb: SandboxRuntime, p: Partial<ProcountorFaults>): void {
	const d = defaultFaults();
	for (const [k, v] of Object.entries(p ?? {})) {
		if (!(k in d)) throw new HttpError(400, [err(k, 'UNKNOWN_FAULT', `unknown fault ${k}`)]);
		const key = k as keyof ProcountorFaults;
		if (typeof v !== typeof d[key]) {
			throw new HttpError(400, [err(k, 'INVALID_VALUE', `${k} must be a ${typeof d[key]}`)]);
		}
		(sb.faults as unknown as Record<string, unknown>)[key] = v;
	}
}
