import type {
	IAuthenticateGeneric,
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IHttpRequestHelper,
	Icon,
	INodeProperties,
} from 'n8n-workflow';
import { requestsPerSecondProperty } from './procountorRequestsPerSecond';

function procountorHost(credentials: ICredentialDataDecryptedObject): string {
	if (credentials.environment === 'custom') {
		return String(credentials.baseUrl ?? '').replace(/\/+$/, '');
	}
	return credentials.environment === 'test'
		? 'https://pts-api.procountor.com'
		: 'https://api.procountor.com';
}

/**
 * Procountor API key (machine to machine): the client-credentials grant with an API key
 * bound to one user and one company. The access token (3600 s, no refresh token) is
 * fetched in preAuthentication into the expirable `accessToken` field; n8n fetches a
 * new one when it is empty or after a 401.
 */
export class ProcountorApi implements ICredentialType {
	name = 'procountorApi';

	displayName = 'Procountor API Key API';

	icon: Icon = { light: 'file:../icons/procountor.svg', dark: 'file:../icons/procountor.dark.svg' };

	documentationUrl = 'https://dev.procountor.com/m2m-authentication/';

	properties: INodeProperties[] = [
		{
			displayName: 'Environment',
			name: 'environment',
			type: 'options',
			options: [
				{ name: 'Production', value: 'production', description: 'api.procountor.com' },
				{ name: 'Test (PTS)', value: 'test', description: 'pts-api.procountor.com' },
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
			placeholder: 'http://127.0.0.1:4010',
			description: 'The host only, without /api. The API is at {Base URL}/api.',
			displayOptions: { show: { environment: ['custom'] } },
		},
		{
			displayName: 'Client ID',
			name: 'clientId',
			type: 'string',
			default: '',
			required: true,
			description: 'The client ID of your Procountor API client (integration)',
		},
		{
			displayName: 'Client Secret',
			name: 'clientSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
		},
		{
			displayName: 'API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description:
				'Created in Procountor under Management › Integrations › API management (older UI: API client keys) for the user and company the integration acts as',
		},
		{
			displayName: 'Redirect URI',
			name: 'redirectUri',
			type: 'string',
			default: '',
			description:
				'The redirect URI registered for the API client. Procountor clients usually send it with the token request; leave empty if yours has none.',
		},
		requestsPerSecondProperty,
		{
			displayName: 'Access Token',
			name: 'accessToken',
			type: 'hidden',
			typeOptions: { expirable: true, password: true },
			default: '',
		},
	];

	async preAuthentication(this: IHttpRequestHelper, credentials: ICredentialDataDecryptedObject) {
		const form: Record<string, string> = {
			grant_type: 'client_credentials',
			client_id: String(credentials.clientId ?? ''),
			client_secret: String(credentials.clientSecret ?? ''),
			api_key: String(credentials.apiKey ?? ''),
		};
		if (credentials.redirectUri) form.redirect_uri = String(credentials.redirectUri);
		const response = (await this.helpers.httpRequest({
			method: 'POST',
			url: `${procountorHost(credentials)}/api/oauth/token`,
			headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
			body: new URLSearchParams(form).toString(),
			json: true,
		})) as { access_token?: string };
		return { accessToken: response.access_token ?? '' };
	}

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			headers: { Authorization: '=Bearer {{$credentials.accessToken}}' },
		},
	};

	test: ICredentialTestRequest = {
		request: {
			baseURL:
				'={{ ($credentials.environment === "custom" ? String($credentials.baseUrl || "").replace(/\\/+$/, "") : $credentials.environment === "test" ? "https://pts-api.procountor.com" : "https://api.procountor.com") + "/api" }}',
			url: '/company',
		},
	};
}
