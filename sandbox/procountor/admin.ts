// Admin endpoints under /_sandbox/ (not logged, not rate limited): a readable state summary,
// the request log, fault switches, behaviour switches (behaviours.ts), expiring every token and
// a reset to the seed, and the request hold (../hold.ts).
import { fail, send, type Ctx, type SandboxRuntime } from './context';
import { defaultFaults, PRNG_SEED, setFaults, type ProcountorFaults } from './faults';
import { readBody, seededRandom } from './http-util';
import { invoiceOut } from './invoices';
import { setBehaviours, type ProcountorBehaviours } from './behaviours';
import { createSeedState } from './seed';
import { holdRuleFrom } from '../hold';

function summary(sb: SandboxRuntime) {
	const companies: Record<number, unknown> = {};
	for (const c of Object.values(sb.state.companies)) {
		companies[c.info.id] = {
			id: c.info.id,
			name: c.info.name,
			currency: c.info.companyCurrency,
			journals: c.ledgerReceipts.map((r) => ({
				id: r.id,
				invoiceId: r.invoiceId,
				receiptNumber: r.receiptNumber,
				name: r.name,
				receiptDate: r.receiptDate,
				status: r.status,
				created: r.created,
				lines: r.transactions.map((t) => ({
					transactionType: t.transactionType,
					account: t.account,
					accountingValue: t.accountingValue,
					vatPercent: t.vatPercent,
					vatStatus: t.vatStatus,
					description: t.description,
					dimensionItemValues: t.dimensionItemValues,
				})),
				vatPostings: r.vatPostings.map((v) => ({
					kind: v.kind,
					account: v.account,
					accountingValue: v.accountingValue,
				})),
				attachments: r.attachments.map((a) => a.name),
				invoiceAttachments: c.attachments
					.filter((a) => a.referenceType === 'INVOICE' && a.referenceId === r.invoiceId)
					.map((a) => a.name),
			})),
			invoices: c.invoices.map(invoiceOut),
			dimensions: c.dimensions,
		};
	}
	return {
		companies,
		faults: sb.faults,
		tokens: sb.accessTokens.size,
		requests: sb.requests.length,
	};
}

/** Back to the seed: state, faults, request log, rate windows, codes and the PRNG. */
export function reset(sb: SandboxRuntime): void {
	Object.assign(sb.state, createSeedState());
	Object.assign(sb.faults, defaultFaults());
	sb.requests.length = 0;
	sb.windows.clear();
	sb.codes.clear();
	sb.random = seededRandom(PRNG_SEED);
	sb.hold.release();
}

export function expireAllTokens(sb: SandboxRuntime): void {
	for (const t of sb.accessTokens.values()) t.expiresAt = 0;
}

export async function handleAdmin(sb: SandboxRuntime, ctx: Ctx): Promise<void> {
	const p = ctx.url.pathname.replace(/\/+$/, '');
	const m = ctx.req.method;
	if (m === 'GET' && p === '/_sandbox/state') return send(sb, ctx, 200, summary(sb));
	if (m === 'GET' && p === '/_sandbox/requests') return send(sb, ctx, 200, sb.requests);
	if (m === 'POST' && p === '/_sandbox/faults') {
		const raw = await readBody(ctx.req, 100_000);
		let body: unknown;
		try {
			body = raw.length ? JSON.parse(raw.toString('utf8')) : {};
		} catch {
			fail(400, '', 'INVALID_JSON', 'body is not JSON');
		}
		setFaults(sb, body as Partial<ProcountorFaults>);
		return send(sb, ctx, 200, sb.faults);
	}
	if (m === 'GET' && p === '/_sandbox/behaviours') return send(sb, ctx, 200, sb.state.behaviours);
	if (m === 'POST' && p === '/_sandbox/behaviours') {
		const raw = await readBody(ctx.req, 100_000);
		let body: unknown;
		try {
			body = raw.length ? JSON.parse(raw.toString('utf8')) : {};
		} catch {
			fail(400, '', 'INVALID_JSON', 'body is not JSON');
		}
		setBehaviours(sb.state, body as Partial<ProcountorBehaviours>);
		return send(sb, ctx, 200, sb.state.behaviours);
	}
	if (m === 'GET' && p === '/_sandbox/hold') return send(sb, ctx, 200, sb.hold.status());
	if (m === 'POST' && p === '/_sandbox/hold/release') {
		sb.hold.release();
		return send(sb, ctx, 200, sb.hold.status());
	}
	if (m === 'POST' && p === '/_sandbox/hold') {
		const raw = await readBody(ctx.req, 100_000);
		try {
			void sb.hold.arm(holdRuleFrom(raw.length ? JSON.parse(raw.toString('utf8')) : {}));
		} catch (e) {
			fail(400, '', 'INVALID_VALUE', (e as Error).message);
		}
		return send(sb, ctx, 200, sb.hold.status());
	}
	if (m === 'POST' && p === '/_sandbox/expire-tokens') {
		expireAllTokens(sb);
		return send(sb, ctx, 200, { ok: true });
	}
	if (m === 'POST' && p === '/_sandbox/reset') {
		reset(sb);
		return send(sb, ctx, 200, { ok: true });
	}
	fail(404, '', 'NOT_FOUND', `no such admin endpoint ${m} ${p}`);
}
