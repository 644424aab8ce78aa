import type { Icon, ICredentialType, INodeProperties } from 'n8n-workflow';
import { requestsPerSecondProperty } from './procountorRequestsPerSecond';

/**
 * Procountor OAuth2 (authorization code): a Procountor user logs in on Procountor's
 * login page and picks the company. n8n stores and refreshes the token.
 *
 * Procountor takes the client id and secret in the form body of the token request
 * (never in the query string), so `authentication` is fixed to `body`.
 */
export class ProcountorOAuth2Api implements ICredentialType {
	name = 'procountorOAuth2Api';

	extends = ['oAuth2Api'];

	displayName = 'Procountor OAuth2 API';

	icon: Icon = { light: 'file:../icons/procountor.svg', dark: 'file:../icons/procountor.dark.svg' };

	documentationUrl = 'https://dev.procountor.com/api-authentication/';

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
		requestsPerSecondProperty,
		{
			displayName: 'Grant Type',
			name: 'grantType',
			type: 'hidden',
			default: 'authorizationCode',
		},
		{
			displayName: 'Authorization URL',
			name: 'authUrl',
			type: 'hidden',
			default:
				'={{ ($self["environment"] === "custom" ? String($self["baseUrl"] || "").replace(/\\/+$/, "") : $self["environment"] === "test" ? "https://pts-api.procountor.com" : "https://api.procountor.com") + "/login" }}',
		},
		{
			displayName: 'Access Token URL',
			name: 'accessTokenUrl',
			type: 'hidden',
			default:
				'={{ ($self["environment"] === "custom" ? String($self["baseUrl"] || "").replace(/\\/+$/, "") : $self["environment"] === "test" ? "https://pts-api.procountor.com" : "https://api.procountor.com") + "/api/oauth/token" }}',
		},
		{
			displayName: 'Scope',
			name: 'scope',
			type: 'hidden',
			default: '',
		},
		{
			displayName: 'Auth URI Query Parameters',
			name: 'authQueryParameters',
			type: 'hidden',
			default: '',
		},
		{
			displayName: 'Authentication',
			name: 'authentication',
			type: 'hidden',
			default: 'body',
		},
	];
}
