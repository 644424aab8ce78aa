// `npm start` demo: builds the package, installs the real n8n 2.41.1 if it is missing, starts both
// sandboxes and n8n with the package installed, imports the example workflows with credentials
// pointing at the sandboxes, activates the export flow, lets the Pleo sandbox "click Export",
// prints what happened and keeps everything running until Ctrl-C.
import { spawn } from 'child_process';
import * as net from 'net';

import { startPleoSandbox, type PleoSandbox } from '../../sandbox/pleo';
import {
	PROCOUNTOR_SEED,
	startProcountorSandbox,
	type ProcountorSandbox,
} from '../../sandbox/procountor';
import {
	EXAMPLE_FILES,
	OWNER,
	REPO_ROOT,
	ensureN8nInstalled,
	executionError,
	freePort,
	isN8nInstalled,
	loadExample,
	nodeOutput,
	packPackage,
	startN8n,
	createSandboxCredentials,
	type N8nServer,
} from '../../test/e2e/lib';

const say = (msg: string) => console.log(`[demo] ${msg}`);

/** Prints "... still <what> (N s)" every `everyMs` while `promise` runs. */
async function withProgress<T>(what: string, promise: Promise<T>, everyMs = 10_000): Promise<T> {
	const started = Date.now();
	say(`${what} ...`);
	const timer = setInterval(
		() => say(`  ... still ${what} (${Math.round((Date.now() - started) / 1000)} s)`),
		everyMs,
	);
	try {
		const result = await promise;
		say(`${what}: done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
		return result;
	} finally {
		clearInterval(timer);
	}
}

function build(): Promise<void> {
	return new Promise((resolve, reject) => {
		const child = spawn('npm', ['run', 'build', '--silent'], {
			cwd: REPO_ROOT,
			stdio: ['ignore', 'pipe', 'pipe'],
		});
		let out = '';
		child.stdout.on('data', (c: Buffer) => (out += c.toString()));
		child.stderr.on('data', (c: Buffer) => (out += c.toString()));
		child.on('error', reject);
		child.on('exit', (code) =>
			code === 0 ? resolve() : reject(new Error(`npm run build failed:\n${out}`)),
		);
	});
}

function portIsFree(port: number): Promise<boolean> {
	return new Promise((resolve) => {
		const srv = net.createServer();
		srv.once('error', () => resolve(false));
		srv.listen(port, '127.0.0.1', () => srv.close(() => resolve(true)));
	});
}

async function preferredPort(port: number): Promise<number> {
	return (await portIsFree(port)) ? port : freePort();
}

const money = (cents: number, currency = 'EUR') => {
	const sign = cents < 0 ? '-' : '';
	const abs = Math.abs(cents);
	return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')} ${currency}`;
};
const toCents = (value: number) => Math.round(value * 100);

async function main(): Promise<void> {
	let n8n: N8nServer | undefined;
	let pc: ProcountorSandbox | undefined;
	let pleo: PleoSandbox | undefined;
	let stopping = false;
	const stopAll = async (code: number) => {
		if (stopping) return;
		stopping = true;
		say('stopping n8n and the sandboxes ...');
		await n8n?.stop().catch(() => undefined);
		await Promise.all([pc?.close(), pleo?.close()]).catch(() => undefined);
		say('stopped.');
		process.exit(code);
	};
	for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const)
		process.on(sig, () => void stopAll(0));
	// Ctrl-C reaches every process of the terminal's group; `kill <npm's pid>` ends npm and its
	// shell but not this process: stop when the parent is gone (re-parented).
	const parent = process.ppid;
	setInterval(() => {
		if (process.ppid !== parent) void stopAll(0);
	}, 1000).unref();

	try {
		await withProgress('building the package', build());
		const tgz = await withProgress('packing it (npm pack)', packPackage());
		if (!isN8nInstalled()) {
			say(
				'n8n 2.41.1 is not installed yet: running scripts/install-n8n.sh (3-4 min and ~3 GB, once)',
			);
			await ensureN8nInstalled({ onProgress: (line) => console.log(`  ${line}`) });
		}

		pc = await startProcountorSandbox({ port: await preferredPort(4010) });
		pleo = await startPleoSandbox({ port: await preferredPort(4020) });
		say(`Procountor sandbox on ${pc.url}, Pleo sandbox on ${pleo.url}`);

		const port = await preferredPort(5688);
		n8n = await withProgress(
			`starting n8n on port ${port} with the package installed (first start: database migrations, ~40 s)`,
			startN8n({ port, packageTgz: tgz, logName: 'n8n-demo' }),
		);
		say(`n8n log: ${n8n.logFile}`);

		const refs = await createSandboxCredentials(n8n, { pleoUrl: pleo.url, procountorUrl: pc.url });
		await n8n.createCredential('Procountor OAuth2 (connect me)', 'procountorOAuth2Api', {
			environment: 'custom',
			baseUrl: pc.url,
			clientId: PROCOUNTOR_SEED.clientId,
			clientSecret: PROCOUNTOR_SEED.clientSecret,
		});
		// the weekly reconciliation mails its report: a placeholder SMTP account to fill in (its
		// Schedule trigger is not activated, so the demo sends nothing)
		const smtpName = 'SMTP account (fill in your mail server)';
		refs.smtp = {
			name: smtpName,
			id: await n8n.createCredential(smtpName, 'smtp', {
				host: 'localhost',
				port: 25,
				user: '',
				password: '',
				secure: false,
			}),
		};
		const ids: Record<string, string> = {};
		for (const [key, file] of Object.entries(EXAMPLE_FILES)) {
			ids[key] = await n8n.importWorkflow(loadExample(file, refs));
		}
		say(
			`imported the ${Object.keys(ids).length} example workflows and the demo credentials (Pleo, Procountor API key and OAuth2, SMTP placeholder)`,
		);

		await withProgress(
			'activating "Export Pleo expenses to Procountor"',
			n8n.activateWorkflow(ids.exportWebhook),
		);
		const sub = pleo.state.subscriptions.values().next().value;
		say(`Pleo now delivers export jobs to ${sub?.endpointUrl ?? '(no subscription!)'}`);

		const queued = pleo.state.expenses.size;
		say(`the bookkeeper clicks Export in Pleo (${queued} expenses in the queue) ...`);
		const res = await fetch(`${pleo.url}/_sandbox/export`, { method: 'POST' });
		const jobId = ((await res.json()) as { data: { id: string } }).data.id;
		const [summary] = await withProgress(
			'waiting for n8n to run the workflow',
			n8n.waitForExecutions(ids.exportWebhook, 1, 180_000),
		);
		const exec = await n8n.getExecution(summary.id, true);
		const err = executionError(exec);
		say(`execution ${summary.id}: ${summary.status}${err ? ` (${err})` : ''}`);

		console.log('\nJournals posted to Procountor (company 1001 Pleo Demo Oy):');
		for (const j of pc.state.companies[1001].ledgerReceipts) {
			// the amount is what the contra line (card 1940, bank 1910, employee liability 2940) carries
			const contra =
				j.transactions.find((t) => t.account === '1940' || t.account === '1910') ??
				j.transactions.find((t) => t.account === '2940');
			const gross = contra ? toCents(contra.accountingValue) : 0;
			const accounts = [...new Set(j.transactions.map((t) => t.account))].join(' ');
			const files = j.attachments.length
				? `, ${j.attachments.length} receipt${j.attachments.length > 1 ? 's' : ''}`
				: '';
			console.log(`  #${j.id}  ${money(-gross).padStart(12)}  ${j.name}  [${accounts}${files}]`);
		}
		const job = pleo.state.jobs.get(jobId);
		if (job) {
			const failed = job.items.filter((i) => i.status === 'failed');
			const ok = job.items.filter((i) => i.status === 'successful');
			console.log(
				`\nPleo export job ${jobId}: ${job.job.status} (${ok.length} successful, ${failed.length} failed)`,
			);
			const notes = new Map(
				nodeOutput(exec, 'Pleo Trigger').map((i) => [i.accountingEntryId, i.note]),
			);
			for (const f of failed) {
				console.log(
					`  ✗ ${notes.get(f.accountingEntryId) ?? f.accountingEntryId}: ${f.failureReasonType}: ${f.failureReason ?? ''}`,
				);
			}
		}

		console.log(`
Open the editor: ${n8n.url}/workflow/${ids.exportWebhook}
Log in as ${OWNER.email} / ${OWNER.password}
Other workflows: ${n8n.url}/home/workflows   Executions: ${n8n.url}/workflow/${ids.exportWebhook}/executions
Sandbox state: ${pc.url}/_sandbox/state  and  ${pleo.url}/_sandbox/state
Export again in Pleo: curl -X POST ${pleo.url}/_sandbox/export
Press Ctrl-C to stop n8n and the sandboxes.`);
	} catch (error) {
		console.error(`[demo] failed: ${(error as Error).stack ?? String(error)}`);
		if (n8n) console.error(`[demo] last lines of the n8n log:\n${n8n.logTail(30)}`);
		await stopAll(1);
	}
}

void main();
