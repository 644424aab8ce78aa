// What a Procountor 403 means. Procountor's wording of a 403 is not documented (procountor-api.md
// §7, §8): the same status covers a company without the "Procountor API" licence, a user or API
// client without the rights for this company or this call, and a write into a closed fiscal year.
// So every 403 names all the likely causes with the fix for each, and keeps what Procountor said;
// words in the body only decide which cause is named first.

export type ForbiddenCause = 'licence' | 'rights' | 'closedYear';

/** The causes of a 403, the most likely first (by the words of the body, if it has any). */
export function forbiddenCauses(said: string, write: boolean): ForbiddenCause[] {
	const causes: ForbiddenCause[] = ['licence', 'rights'];
	if (write) causes.push('closedYear');
	const first: ForbiddenCause | undefined = /licen[cs]e|not enabled|integration|api client/i.test(
		said,
	)
		? 'licence'
		: /fiscal|closed|period|locked/i.test(said) && write
			? 'closedYear'
			: /right|permission|privilege|access denied|not allowed|role/i.test(said)
				? 'rights'
				: undefined;
	return first ? [first, ...causes.filter((c) => c !== first)] : causes;
}

const SHORT: Record<ForbiddenCause, string> = {
	licence: 'the "Procountor API" licence is not active',
	rights: 'the user or API client lacks rights for this company or call',
	closedYear: 'the fiscal year is closed',
};

const FIXES: Record<ForbiddenCause, string> = {
	licence:
		'The "Procountor API" licence is not active for the company: in Procountor, Management › Company info › Usage settings › Integration settings, enable "Allow the usage of invoiceable API clients" and make sure the company has the Procountor API add-on.',
	rights:
		"The user (OAuth2) or API client (API key) lacks the rights for this company or this call: in Procountor's user management give it the rights the call needs (accounting and ledger receipts, attachments, dimensions, invoices) in this company, or reconnect the credential with a user of the right company.",
	closedYear:
		'The fiscal year (or period) of the date is closed for writes: reopen it in Procountor (Accounting › Fiscal years) or date the entry in an open year.',
};

/** "Procountor refused the request (403 Forbidden)…" with every likely cause and its fix, and the body. */
export function explainForbidden(opts: { said: string; write: boolean; action?: string }): {
	message: string;
	description: string;
} {
	const causes = forbiddenCauses(opts.said, opts.write);
	const said = opts.said.trim() || '(no text)';
	// the causes in short in the message too: with "Continue On Fail" only the message reaches the item
	const short = causes.map((c) => SHORT[c]);
	const message = `Procountor refused ${opts.action ? `to ${opts.action}` : 'the request'} (403 Forbidden): ${short.slice(0, -1).join('; ')}; or ${short[short.length - 1]}`;
	const description =
		`Likely causes, each with its fix: ${causes.map((c, i) => `(${i + 1}) ${FIXES[c]}`).join(' ')} ` +
		`Procountor said: ${said}`;
	return { message, description };
}
