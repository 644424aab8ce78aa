// What our package declares (package.json `n8n` section), resolved to the type names n8n registers.
import { existsSync, readFileSync } from 'fs';
import * as path from 'path';

import { REPO_ROOT } from './install';

export interface DeclaredTypes {
	packageName: string;
	/** Full node type names, e.g. `n8n-nodes-pleo-procountor.procountor`. */
	nodes: string[];
	/** Credential type names, e.g. `procountorOAuth2Api`. */
	credentials: string[];
}

function loadClass(file: string): new () => any {
	const mod = require(file) as Record<string, unknown>;
	const base = path.basename(file).replace(/\.(node|credentials)\.js$/, '');
	const cls = (mod[base] ?? Object.values(mod).find((v) => typeof v === 'function')) as
		(new () => any) | undefined;
	if (!cls) throw new Error(`${file} exports no class`);
	return cls;
}

/**
 * Reads package.json's `n8n` section and loads each built file from dist/ to get the names n8n
 * registers (node description.name, credential name). Needs `npm run build` first.
 */
export function declaredTypes(repoRoot: string = REPO_ROOT): DeclaredTypes {
	const pkg = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as {
		name: string;
		n8n?: { nodes?: string[]; credentials?: string[] };
	};
	const resolveFile = (rel: string) => {
		const file = path.join(repoRoot, rel);
		if (!existsSync(file)) throw new Error(`package.json lists ${rel} but it is not built`);
		return file;
	};
	const nodes = (pkg.n8n?.nodes ?? []).map((rel) => {
		const node = new (loadClass(resolveFile(rel)))();
		const name = (node.description?.name ?? node.baseDescription?.name) as string | undefined;
		if (!name) throw new Error(`${rel}: node has no description.name`);
		return `${pkg.name}.${name}`;
	});
	const credentials = (pkg.n8n?.credentials ?? []).map((rel) => {
		const cred = new (loadClass(resolveFile(rel)))();
		if (typeof cred.name !== 'string') throw new Error(`${rel}: credential has no name`);
		return cred.name as string;
	});
	return { packageName: pkg.name, nodes, credentials };
}
