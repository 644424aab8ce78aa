import type {
	IAuthenticateGeneric,
	ICredentialTestRequest,
	ICredentialType,
	Icon,
	INodeProperties,
} from 'n8n-workflow';

/**
 * Pleo External API key. Pleo takes the key as HTTP Basic auth: the key is the
 * username and the password is empty.
 */
export class PleoApi implements ICredentialType {
	name = 'pleoApi';

	displayName = 'Pleo API';

	icon: Icon = { light: 'file:../icons/pleo.svg', dark: 'file:../icons/pleo.dark.svg' };

	documentationUrl = 'https://developers.pleo.io/docs/authentication';

	properties: INodeProperties[] = [
		{
			displayName: 'API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description: 'Created in Pleo under Settings › API Keys (Admin or Bookkeeper)',
		},
		{
			displayName: 'Environment',
			name: 'environment',
			type: 'options',
			options: [
				{ name: 'Production', value: 'production', description: 'external.pleo.io' },
				{ name: 'Staging', value: 'staging', description: 'external.staging.pleo.io' },
				{
					name: 'Custom',
					value: 'custom',
					description: 'Your own base URL, such as the local sandbox',
				},
			],
			default: 'production',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: '',
			placeholder: 'http://127.0.0.1:4020',
			displayOptions: { show: { environment: ['custom'] } },
		},
		{
			displayName: 'Company ID',
			name: 'companyId',
			type: 'string',
			default: '',
			required: true,
			placeholder: '00000000-0000-4000-8000-000000001001',
			description:
				'The Pleo company (entity) the key works on, a UUID. Exports, tags and accounts are per company.',
		},
	];

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			auth: { username: '={{$credentials.apiKey}}', password: '' },
		},
	};

	test: ICredentialTestRequest = {
		request: {
			baseURL:
				'={{ $credentials.environment === "custom" ? String($credentials.baseUrl || "").replace(/\\/+$/, "") : $credentials.environment === "staging" ? "https://external.staging.pleo.io" : "https://external.pleo.io" }}',
			url: '/v0/tag-groups',
			qs: { company_id: '={{$credentials.companyId}}' },
		},
	};
}
