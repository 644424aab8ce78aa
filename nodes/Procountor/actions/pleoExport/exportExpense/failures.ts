// Turns what Procountor answered into Pleo's item failure reason types, with a sentence a
// bookkeeper can act on. Pure apart from describeHttpFailure.
import type { IDataObject } from 'n8n-workflow';
import { isObject, type FailureReasonType } from '../../../core';
import { explainForbidden } from '../../../core/forbidden';
import {
	describeHttpFailure,
	isWrite,
	ProcountorApiError,
	type ProcountorHttpFailure,
} from '../../../transport';

/** Why an expense was not exported, in Pleo's terms. */
export interface ExportFailureReason {
	failureReasonType: FailureReasonType;
	failureReason: string;
}

/** Whether the error is an answer (or non-answer) of Procountor, reported per item. */
export function isProcountorError(error: unknown): boolean {
	return (
		error instanceof ProcountorApiError ||
		(isObject(error) && isObject((error as IDataObject).procountor))
	);
}

/** True when the request may have been processed although no (good) answer arrived. */
export function isAmbiguous(f: ProcountorHttpFailure): boolean {
	if (f.status === 429) return false; // not processed; the client retries it
	return f.network || f.status === undefined || f.status >= 500;
}

export function isTimeout(f: ProcountorHttpFailure): boolean {
	return f.network && /timeout|timed out|ETIMEDOUT|ECONNABORTED/i.test(f.message);
}

function procountorSaid(f: ProcountorHttpFailure): string {
	if (f.errors.length) {
		return f.errors
			.map((e) => {
				const field = e.field ? `field '${e.field}'` : '';
				return [field, e.message].filter(Boolean).join(': ');
			})
			.join('; ');
	}
	return f.message;
}

/** Extra hints for validation codes a bookkeeper can fix. */
function hint(f: ProcountorHttpFailure, receiptDate?: string): string {
	const text = `${f.message} ${f.errors.map((e) => `${e.field ?? ''} ${e.message ?? ''}`).join(' ')}`;
	if (/CLOSED_FISCAL_PERIOD|closed (fiscal )?period/i.test(text)) {
		return ` The receipt date${receiptDate ? ` ${receiptDate}` : ''} falls in a closed Procountor fiscal period: reopen the period in Procountor (Accounting › Fiscal years) or correct the expense date in Pleo, then export again.`;
	}
	if (/account/i.test(text)) {
		return ' Check that the ledger account exists and is active in Procountor, or fix the mapping in Map Category.';
	}
	if (/vat/i.test(text)) {
		return ' Check the VAT rate/status in Map Category against the company VAT settings in Procountor.';
	}
	if (/dimension/i.test(text)) {
		return ' Check the dimension items (tags) in Procountor and re-run Import Dimensions as Tags.';
	}
	return ' Correct the expense in Pleo or the mapping in the workflow and export again.';
}

/**
 * Maps an error thrown by the Procountor client to a Pleo failure.
 * `what` names the expense ("The expense 'Taxi' of 2026-03-14, 50.00 EUR (Pleo accounting entry …)"),
 * `action` what was attempted ("post the journal", "attach the receipt x.jpg").
 */
export function failureFromError(
	error: unknown,
	what: string,
	action: string,
	receiptDate?: string,
): ExportFailureReason {
	const f = describeHttpFailure(error);
	const said = procountorSaid(f);
	if (f.status === 401) {
		return {
			failureReasonType: 'accounting_system_authentication_failure',
			failureReason: `${what} was not exported: Procountor rejected the credentials when trying to ${action}. Check the client ID, secret and API key (or reconnect the OAuth2 credential) in n8n. (Procountor said: ${said})`,
		};
	}
	if (f.status === 403) {
		// Procountor's 403 wording is not documented: every likely cause with its fix, and the body
		const { description } = explainForbidden({ said, write: isWrite(f) });
		return {
			failureReasonType: 'authorization_failure',
			failureReason: `${what} was not exported: Procountor refused to ${action} (403 Forbidden). ${description}`,
		};
	}
	if (f.status === 429) {
		return {
			failureReasonType: 'accounting_system_rate_limit',
			failureReason: `${what} was not exported: Procountor's rate limit was still exceeded after several retries when trying to ${action}. Lower "Requests per Second" in the Procountor credential (with several n8n workers on one API client: 19 divided by their number) and export again.`,
		};
	}
	if (f.status !== undefined && f.status >= 400 && f.status < 500) {
		return {
			failureReasonType: 'accounting_system_validation_failure',
			failureReason: `${what} was rejected by Procountor when trying to ${action} (HTTP ${f.status}): ${said}.${hint(f, receiptDate)}`,
		};
	}
	if (isTimeout(f)) {
		return {
			failureReasonType: 'accounting_system_timeout',
			failureReason: `${what} was not exported: Procountor did not answer in time when trying to ${action}. Nothing was posted twice; export again later.`,
		};
	}
	return {
		failureReasonType: 'accounting_system_unreachable',
		failureReason: `${what} was not exported: Procountor could not be reached or failed (${f.status ? `HTTP ${f.status}` : 'no answer'}) when trying to ${action}: ${said}. Nothing was posted twice; export again later.`,
	};
}
