// Both sandboxes in their own process, so the bench process that runs n8n-core and the nodes
// carries none of their memory. Usage:
//   node bench/sandboxes.js '<json {rateLimit, tagCap, dimItems}>'   (compiled by scripts/bench.js)
// It prints one line `SANDBOXES_READY {json}` with the URLs and credentials, then serves on
// 127.0.0.1 until its stdin closes (or SIGTERM), closes both servers and exits. Everything else
// goes through the sandboxes' HTTP admin endpoints (/_sandbox/*).
import { startPleoSandbox } from '../sandbox/pleo';
import { PROCOUNTOR_SEED, startProcountorSandbox } from '../sandbox/procountor';

export interface SandboxesOptions {
	/** Procountor's requests per sliding second per client (0 = off) */
	rateLimit?: number;
	/** Pleo's cap of active tags per tag group */
	tagCap?: number;
	/** extra items added to Procountor dimension 201 (Kustannuspaikka) of company 1001 */
	dimItems?: number;
}

export interface SandboxesReady {
	procountorUrl: string;
	procountorApiUrl: string;
	procountorClientId: string;
	procountorClientSecret: string;
	procountorApiKey: string;
	pleoUrl: string;
	pleoApiKey: string;
	pleoCompanyId: string;
	pid: number;
}

async function main(): Promise<void> {
	const o = JSON.parse(process.argv[2] ?? '{}') as SandboxesOptions;
	const pc = await startProcountorSandbox({ rateLimitPerSecond: o.rateLimit ?? 20, quiet: true });
	const pleo = await startPleoSandbox({ activeTagCapPerGroup: o.tagCap, quiet: true });
	const dim = pc.state.companies[1001].dimensions.find((d) => d.id === 201);
	for (let k = 0; k < (o.dimItems ?? 0); k++) {
		dim?.items.push({
			id: 100000 + k,
			codeName: `CC${String(k).padStart(5, '0')}`,
			description: `Kustannuspaikka ${k}`,
		});
	}
	let closing = false;
	const stop = (): void => {
		if (closing) return;
		closing = true;
		void Promise.all([pc.close(), pleo.close()]).then(
			() => process.exit(0),
			() => process.exit(1),
		);
	};
	process.stdin.on('end', stop);
	process.stdin.on('close', stop);
	process.stdin.resume();
	process.on('SIGTERM', stop);
	const ready: SandboxesReady = {
		procountorUrl: pc.url,
		procountorApiUrl: pc.apiUrl,
		procountorClientId: PROCOUNTOR_SEED.clientId,
		procountorClientSecret: PROCOUNTOR_SEED.clientSecret,
		procountorApiKey: PROCOUNTOR_SEED.apiKeys[1001],
		pleoUrl: pleo.url,
		pleoApiKey: pleo.apiKey,
		pleoCompanyId: pleo.companyId,
		pid: process.pid,
	};
	process.stdout.write(`SANDBOXES_READY ${JSON.stringify(ready)}\n`);
}

main().catch((e) => {
	process.stderr.write(`${(e as Error)?.stack ?? String(e)}\n`);
	process.exit(1);
});
