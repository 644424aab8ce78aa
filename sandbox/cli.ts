// `npm run sandbox`: starts both sandboxes (Procountor on 4010, Pleo on 4020 unless
// PROCOUNTOR_SANDBOX_PORT / PLEO_SANDBOX_PORT say otherwise) and prints how to use them.
import { PROCOUNTOR_SEED, startProcountorSandbox } from './procountor';
import { startPleoSandbox } from './pleo';

async function main(): Promise<void> {
	const procountor = await startProcountorSandbox({
		port: Number(process.env.PROCOUNTOR_SANDBOX_PORT ?? 4010),
		quiet: process.env.SANDBOX_QUIET === 'true',
	});
	const pleo = await startPleoSandbox({
		port: Number(process.env.PLEO_SANDBOX_PORT ?? 4020),
		quiet: process.env.SANDBOX_QUIET === 'true',
		generatedExpenses: Number(process.env.PLEO_SANDBOX_GENERATED_EXPENSES ?? 0),
	});
	const s = PROCOUNTOR_SEED;
	console.log(
		`Procountor sandbox  ${procountor.url}   (credential environment "Custom", Base URL ${procountor.url})`,
	);
	console.log(
		`  client id ${s.clientId}, client secret ${s.clientSecret}, API key ${s.apiKeys[1001]}`,
	);
	console.log(`  OAuth2 login: user ${s.username} / password ${s.password}`);
	console.log(`  state: ${procountor.url}/_sandbox/state`);
	console.log(
		`Pleo sandbox        ${pleo.url}   (credential environment "Custom", Base URL ${pleo.url})`,
	);
	console.log(`  API key ${pleo.apiKey}, company ID ${pleo.companyId}`);
	console.log(`  bookkeeper clicks Export: curl -X POST ${pleo.url}/_sandbox/export`);
	console.log(`  state: ${pleo.url}/_sandbox/state`);
	console.log('Ctrl-C stops both.');
	const stop = () => {
		void Promise.all([procountor.close(), pleo.close()]).then(() => process.exit(0));
	};
	process.on('SIGINT', stop);
	process.on('SIGTERM', stop);
}

main().catch((error) => {
	console.error(error);
	process.exit(1);
});
