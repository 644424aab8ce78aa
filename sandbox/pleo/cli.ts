/* Starts the Pleo sandbox for people, the demo and e2e: PLEO_SANDBOX_PORT or 4020. */
import { startPleoSandbox } from './index';

async function main(): Promise<void> {
	const port = Number(process.env.PLEO_SANDBOX_PORT ?? 4020);
	const generatedExpenses = Number(process.env.PLEO_SANDBOX_GENERATED_EXPENSES ?? 0);
	const clockSpeed = Number(process.env.PLEO_SANDBOX_CLOCK_SPEED ?? 1);
	const sandbox = await startPleoSandbox({ port, quiet: false, generatedExpenses, clockSpeed });
	console.log(`Pleo sandbox listening on ${sandbox.url}`);
	console.log(`  API key:    ${sandbox.apiKey} (HTTP Basic username, empty password)`);
	console.log(`  Company id: ${sandbox.companyId}`);
	console.log(
		`  Admin:      POST ${sandbox.url}/_sandbox/export, GET ${sandbox.url}/_sandbox/state`,
	);
	const stop = (): void => {
		void sandbox.close().then(() => process.exit(0));
	};
	process.on('SIGINT', stop);
	process.on('SIGTERM', stop);
}

main().catch((err) => {
	console.error(err);
	process.exit(1);
});
