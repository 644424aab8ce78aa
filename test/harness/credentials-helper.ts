// A CredentialsHelper that behaves like the one in the n8n server
// (packages/cli/src/credentials-helper.ts), reimplemented for tests:
//  - getDecrypted applies the credential type's defaults and resolves `={{ }}`
//    expressions with $self, as n8n does before handing credentials to a node;
//  - authenticate applies IAuthenticateGeneric (or calls a function authenticate);
//  - preAuthentication fills an empty or expired `expirable` field and stores it;
//  - the OAuth2 path lives in n8n-core itself; here we only record refreshed tokens.
import type {
	ICredentialDataDecryptedObject,
	ICredentials,
	ICredentialType,
	IHttpRequestHelper,
	IHttpRequestOptions,
	INode,
	INodeCredentialsDetails,
	INodeProperties,
	INodeType,
	INodeTypes,
	IRequestOptionsSimplified,
	IWorkflowExecuteAdditionalData,
} from 'n8n-workflow';
import { ICredentialsHelper, NodeHelpers, Workflow } from 'n8n-workflow';

export interface CredentialEvents {
	preAuthentications: number; // tokens fetched through preAuthentication
	oauthTokenUpdates: number; // OAuth2 tokens stored after a refresh or first fetch
}

export class HarnessCredentialsHelper extends ICredentialsHelper {
	readonly events: CredentialEvents = { preAuthentications: 0, oauthTokenUpdates: 0 };

	constructor(
		private readonly types: Record<string, ICredentialType>,
		/** credential data by credential type name (one credential per type in a harness) */
		readonly store: Record<string, ICredentialDataDecryptedObject>,
	) {
		super();
	}

	getParentTypes(name: string): string[] {
		const parents = this.types[name]?.extends ?? [];
		return [...parents, ...parents.flatMap((p) => this.getParentTypes(p))];
	}

	isCredentialUsableByNode(): boolean {
		return true;
	}

	getCredentialsProperties(type: string): INodeProperties[] {
		const own = this.types[type]?.properties ?? [];
		const inherited = (this.types[type]?.extends ?? []).flatMap((p) =>
			this.getCredentialsProperties(p),
		);
		const names = new Set(own.map((p) => p.name));
		return [...inherited.filter((p) => !names.has(p.name)), ...own];
	}

	async getDecrypted(
		_additionalData: IWorkflowExecuteAdditionalData,
		_nodeCredentials: INodeCredentialsDetails,
		type: string,
	): Promise<ICredentialDataDecryptedObject> {
		const raw = this.store[type];
		if (!raw) throw new Error(`harness: no credentials of type "${type}" were given`);
		const withDefaults = (NodeHelpers.getNodeParameters(
			this.getCredentialsProperties(type),
			raw as never,
			true,
			false,
			null,
			null,
		) ?? {}) as ICredentialDataDecryptedObject;
		// keep values the properties do not describe (oauthTokenData, clientId of the parent…)
		const data = { ...raw, ...withDefaults };
		const mockNode: INode = {
			id: 'credentials-mock',
			name: 'mock',
			type: 'mock',
			typeVersion: 1,
			position: [0, 0],
			parameters: {},
		};
		// like n8n, resolve credential expressions in a throw-away workflow with one mock node
		const mockType = {
			description: { properties: [], name: 'mock', version: 1 },
		} as unknown as INodeType;
		const mockTypes: INodeTypes = {
			getByName: () => mockType,
			getByNameAndVersion: () => mockType,
			getKnownTypes: () => ({}),
		};
		const workflow = new Workflow({
			nodes: [mockNode],
			connections: {},
			active: false,
			nodeTypes: mockTypes,
		});
		return workflow.expression.getComplexParameterValue(
			mockNode,
			data as never,
			'internal',
			{},
			undefined,
			undefined,
			data,
		) as ICredentialDataDecryptedObject;
	}

	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		requestOptions: IHttpRequestOptions | IRequestOptionsSimplified,
		workflow?: Workflow,
		node?: INode,
	): Promise<IHttpRequestOptions> {
		const auth = this.types[typeName]?.authenticate;
		if (typeof auth === 'function')
			return await auth(credentials, requestOptions as IHttpRequestOptions);
		if (auth?.type === 'generic') {
			const resolve = (v: unknown) => {
				if (typeof v !== 'string' || !v.startsWith('=') || !workflow || !node) return v;
				const r = workflow.expression.getSimpleParameterValue(
					node,
					v,
					'internal',
					{ $credentials: credentials },
					undefined,
					'',
				);
				return r ? String(r) : '';
			};
			const target = requestOptions as unknown as Record<string, Record<string, unknown>>;
			for (const [outer, values] of Object.entries(auth.properties)) {
				for (const [key, value] of Object.entries(values as Record<string, unknown>)) {
					target[outer] = { ...(target[outer] ?? {}), [String(resolve(key))]: resolve(value) };
				}
			}
		}
		return requestOptions as IHttpRequestOptions;
	}

	async preAuthentication(
		helpers: IHttpRequestHelper,
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		_node: INode,
		credentialsExpired: boolean,
	): Promise<ICredentialDataDecryptedObject | undefined> {
		const type = this.types[typeName];
		const expirable = type?.properties.find(
			(p) => p.type === 'hidden' && p.typeOptions?.expirable === true,
		);
		if (!type?.preAuthentication || !expirable) return undefined;
		if (
			credentials[expirable.name] !== '' &&
			credentials[expirable.name] !== undefined &&
			!credentialsExpired
		) {
			return undefined;
		}
		const output = await type.preAuthentication.call(helpers, credentials);
		if (output[expirable.name] === undefined) {
			throw new Error(`preAuthentication of ${typeName} did not return "${expirable.name}"`);
		}
		this.events.preAuthentications++;
		Object.assign(credentials, output);
		this.store[typeName] = {
			...this.store[typeName],
			...(output as ICredentialDataDecryptedObject),
		};
		return credentials;
	}

	async runPreAuthentication(
		helpers: IHttpRequestHelper,
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
	): Promise<ICredentialDataDecryptedObject | undefined> {
		const type = this.types[typeName];
		return type?.preAuthentication
			? ((await type.preAuthentication.call(
					helpers,
					credentials,
				)) as ICredentialDataDecryptedObject)
			: undefined;
	}

	async getCredentials(): Promise<ICredentials> {
		throw new Error('harness: getCredentials is not used by these nodes');
	}

	async updateCredentials(
		_c: INodeCredentialsDetails,
		type: string,
		data: ICredentialDataDecryptedObject,
	) {
		this.store[type] = { ...this.store[type], ...data };
	}

	async updateCredentialsOauthTokenData(
		_c: INodeCredentialsDetails,
		type: string,
		data: ICredentialDataDecryptedObject,
	): Promise<void> {
		this.events.oauthTokenUpdates++;
		this.store[type] = { ...this.store[type], oauthTokenData: data.oauthTokenData };
	}
}
