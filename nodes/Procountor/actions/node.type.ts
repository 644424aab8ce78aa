import type { AllEntities } from 'n8n-workflow';

type NodeMap = {
	attachment: 'upload';
	company: 'get';
	dimension: 'createItem' | 'get' | 'getAll';
	fiscalYear: 'getAll';
	ledgerAccount: 'getAll';
	ledgerReceipt: 'get' | 'getAll';
	vat: 'getCountryRates' | 'getDefaults';
};

export type ProcountorType = AllEntities<NodeMap>;
