import type { AllEntities } from 'n8n-workflow';

type NodeMap = {
	attachment: 'upload';
	company: 'get';
	dimension: 'createItem' | 'get' | 'getAll';
	fiscalYear: 'getAll';
	ledgerAccount: 'getAll';
	ledgerReceipt: 'get' | 'getAll';
	pleoExport:
		| 'exportExpense'
		| 'importAccountsToPleo'
		| 'importDimensionsAsTags'
		| 'mapCategory'
		| 'setContraAccounts';
	vat: 'getCountryRates' | 'getDefaults';
};

export type ProcountorType = AllEntities<NodeMap>;
