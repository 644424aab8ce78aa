// The Procountor reference data the export steps read (chart of accounts, VAT, dimensions,
// company, fiscal years), answered from the Procountor sandbox's seed (docs/seed-contract.md) in
// the shapes the sandbox's routes answer.
import { companyInfo, defaultVats } from '../../../../sandbox/procountor/masterdata';
import { createSeedState } from '../../../../sandbox/procountor/seed';
import type { Routes } from '../stubs';

export function referenceRoutes(): Routes {
	const c = createSeedState().companies[1001];
	return {
		'GET /company': companyInfo(c),
		'GET /coa': { ledgerAccounts: c.coa },
		'GET /vats/default': defaultVats(c),
		'GET /dimensions': c.dimensions,
		'GET /fiscalyears': { fiscalYears: c.fiscalYears },
	};
}
