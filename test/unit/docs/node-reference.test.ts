// docs/node-reference.md names every parameter and option of the three nodes, and docs/credentials.md
// every field of the three credentials, as the editor labels them: a parameter added to a node
// description without a line in the reference fails here, naming the node and the label.
import { readFileSync } from 'fs';
import * as path from 'path';
import type { ICredentialType, INodeProperties, INodeType } from 'n8n-workflow';

import { PleoApi } from '../../../credentials/PleoApi.credentials';
import { ProcountorApi } from '../../../credentials/ProcountorApi.credentials';
import { ProcountorOAuth2Api } from '../../../credentials/ProcountorOAuth2Api.credentials';
import { Pleo } from '../../../nodes/Pleo/Pleo.node';
import { PleoTrigger } from '../../../nodes/Pleo/PleoTrigger.node';
import { Procountor } from '../../../nodes/Procountor/Procountor.node';

const DOCS = path.resolve(__dirname, '..', '..', '..', 'docs');

/**
 * The labels a reader looks for: every visible parameter, and every field of its collections,
 * without n8n's "Name or ID" suffix of dropdown fields (the reference says "VAT Status", the
 * editor "VAT Status Name or ID"). Notices and hidden fields are not parameters.
 */
export function labelsOf(properties: INodeProperties[]): string[] {
	const out: string[] = [];
	const walk = (props: readonly unknown[]) => {
		for (const raw of props) {
			const p = raw as INodeProperties & { values?: INodeProperties[] };
			if (p.values) {
				walk(p.values); // a fixedCollection's group: its fields are the parameters
				continue;
			}
			if (p.type === 'notice' || p.type === 'hidden') continue;
			out.push(p.displayName.replace(/ Names? or IDs?$/, ''));
			if (p.type === 'collection' || p.type === 'fixedCollection') walk(p.options ?? []);
		}
	};
	walk(properties);
	return [...new Set(out)];
}

/** Every internal name a node description holds: parameters at any depth, and resource and operation values. */
function namesOf(properties: INodeProperties[]): Set<string> {
	const out = new Set<string>();
	const walk = (props: readonly unknown[]) => {
		for (const raw of props) {
			const p = raw as INodeProperties & { values?: INodeProperties[]; value?: unknown };
			if (p.values) walk(p.values);
			if (p.name) out.add(p.name);
			if (p.name === 'resource' || p.name === 'operation') {
				for (const o of (p.options ?? []) as Array<{ value?: unknown }>) out.add(String(o.value));
			}
			if (p.type === 'collection' || p.type === 'fixedCollection') walk(p.options ?? []);
		}
	};
	walk(properties);
	return out;
}

describe('docs/node-reference.md', () => {
	const reference = readFileSync(path.join(DOCS, 'node-reference.md'), 'utf8');
	const nodes = [new PleoTrigger(), new Pleo(), new Procountor()] as INodeType[];

	it('names in brackets only parameters, resources and operations that exist', () => {
		const known = new Set(nodes.flatMap((n) => [...namesOf(n.description.properties)]));
		const stale = [...reference.matchAll(/\[`([A-Za-z0-9_]+)`\]/g)]
			.map((m) => m[1])
			.filter((name) => !known.has(name));
		expect(stale).toEqual([]);
	});

	it.each([
		['Pleo Trigger', new PleoTrigger() as INodeType],
		['Pleo', new Pleo() as INodeType],
		['Procountor', new Procountor() as INodeType],
	])('names every parameter and option of the %s node', (_name, node) => {
		const missing = labelsOf(node.description.properties).filter((l) => !reference.includes(l));
		expect(missing).toEqual([]);
	});
});

describe('docs/credentials.md', () => {
	const credentialsPage = readFileSync(path.join(DOCS, 'credentials.md'), 'utf8');

	it.each([
		['Procountor API Key API', new ProcountorApi() as ICredentialType],
		['Procountor OAuth2 API', new ProcountorOAuth2Api() as ICredentialType],
		['Pleo API', new PleoApi() as ICredentialType],
	])('names every field of the %s credential', (name, credential) => {
		const missing = [name, ...labelsOf(credential.properties)].filter(
			(l) => !credentialsPage.includes(l),
		);
		expect(missing).toEqual([]);
	});
});
