// Starts the Procountor sandbox on its own: `npx ts-node sandbox/procountor/cli.ts [port]`
// (port from argv, else PROCOUNTOR_SANDBOX_PORT, else 4010).
import { PROCOUNTOR_SEED, startProcountorSandbox } from './index';

async function main(): Promise<void> {
	const port = Number(process.argv[2] ?? process.env.PROCOUNTOR_SANDBOX_PORT) || 4010;
	const sandbox = await startProcountorSandbox({ port, quiet: false });
	const s = PROCOUNTOR_SEED;
	console.log(`Procountor sandbox: ${sandbox.url}  (API base ${sandbox.apiUrl})`);
	console.log(
		`  login page:     ${sandbox.url}/login?response_type=code&client_id=${s.clientId}&redirect_uri=...&state=...`,
	);
	console.log(`  token endpoint: ${sandbox.apiUrl}/oauth/token`);
	console.log(`  client_id:      ${s.clientId}`);
	console.log(`  client_secret:  ${s.clientSecret}`);
	for (const id of s.companyIds) console.log(`  api_key ${id}:   ${s.apiKeys[id]}`);
	console.log(
		`  user/password:  ${s.username} / ${s.password} (companies ${s.companyIds.join(', ')})`,
	);
	console.log(
		`  admin:          ${sandbox.url}/_sandbox/state | /_sandbox/requests | POST /_sandbox/faults, /expire-tokens, /reset`,
	);
	const stop = () => {
		void sandbox.close().then(() => process.exit(0));
	};
	process.on('SIGINT', stop);
	process.on('SIGTERM', stop);
}

main().catch((e) => {
	console.error(e);
	process.exit(1);
});
