type ResourceOperations = {
	exportJob: 'claimNext' | 'complete' | 'get' | 'getAll' | 'start';
	exportItem: 'getAll' | 'reportResults';
	tagGroup: 'create' | 'delete' | 'get' | 'getAll' | 'update';
	tag: 'archive' | 'create' | 'get' | 'getAll' | 'unarchive' | 'update';
	chartOfAccounts: 'upsertMany';
	taxCode: 'create' | 'getAll';
	accountingEntry: 'downloadReceipts' | 'get' | 'search';
	webhookSubscription: 'delete' | 'get' | 'getAll';
};

export type PleoResource = keyof ResourceOperations;

export type PleoNodeType = {
	[R in PleoResource]: { resource: R; operation: ResourceOperations[R] };
}[PleoResource];
