/** Export job item failure reasons Pleo accepts (Export API v3). */
export const ITEM_FAILURE_REASON_TYPES = [
	'receipt_upload_failure',
	'receipt_download_failure',
	'receipt_file_size_limit_exceeded',
	'receipt_conversion_failure',
	'unexpected_failure',
	'invalid_configuration',
	'missing_configuration',
	'accounting_system_authentication_failure',
	'accounting_system_rate_limit',
	'accounting_system_unreachable',
	'validation_failure',
	'accounting_system_validation_failure',
	'authorization_failure',
	'accounting_system_timeout',
	'vendor_unknown',
	'account_unknown',
	'tax_code_unknown',
	'tag_unknown',
] as const;

/** Export job failure reasons (for the `failed` job event). */
export const JOB_FAILURE_REASON_TYPES = [
	'invalid_configuration',
	'missing_configuration',
	'authentication_failure',
	'accounting_system_authentication_failure',
	'pleo_rate_limit',
	'accounting_system_rate_limit',
	'service_unreachable',
	'accounting_system_unreachable',
	'validation_failure',
	'authorization_failure',
	'integration_unusable',
	'job_expired',
	'service_timeout',
	'accounting_system_timeout',
	'canceled_by_user',
] as const;

export const JOB_STATUSES = [
	'pending',
	'in_progress',
	'failed',
	'completed',
	'completed_with_errors',
] as const;

export const ITEM_STATUSES = [
	'pending',
	'in_progress',
	'failed',
	'successful',
	'abandoned',
] as const;

/** Pleo's largest page for the cursor-paged list and search endpoints. */
export const PLEO_PAGE_SIZE = 100;
/** Pleo's cap for one PUT /v3/export-jobs/{id}/items call. */
export const MAX_ITEM_RESULTS_PER_CALL = 100;
/** Pleo's cap for POST /v0/tags/archive. */
export const MAX_TAGS_PER_ARCHIVE_CALL = 100;
/** Pleo's cap for POST /v1/chart-of-accounts/batch. */
export const MAX_ACCOUNTS_PER_BATCH = 1000;
/** Failure reasons are shown to users in Pleo; keep them readable. */
export const DEFAULT_FAILURE_REASON_MAX_LENGTH = 1000;

export const EVENT_EXPORT_JOB_CREATED = 'v1.export-job.created';
export const EVENT_VENDOR_CREATED = 'v1.vendor.created';
