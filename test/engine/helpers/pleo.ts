// Shared set-up for the Pleo engine tests: credentials for the sandbox, node builders and a
// counting loopback proxy (to see how many requests of each kind the nodes send).
import { createServer, request as httpRequest, type Server } from 'http';
import type { AddressInfo } from 'net';
import type { ICredentialDataDecryptedObject, IDataObject } from 'n8n-workflow';
import type { PleoSandbox } from '../../../sandbox/pleo';
import { node } from '../../harness';

export function pleoCredentials(sb: PleoSandbox, baseUrl = sb.url): ICredentialDataDecryptedObject {
	return { apiKey: sb.apiKey, environment: 'custom', baseUrl, companyId: sb.companyId };
}

export function pleoNode(parameters: IDataObject, name = 'Pleo', extra: IDataObject = {}) {
	return node(name, 'pleo', parameters, {
		credentials: { pleoApi: { id: '1', name: 'Pleo key' } },
		...extra,
	});
}

export function pleoTrigger(parameters: IDataObject, name = 'Pleo Trigger') {
	return node(name, 'pleoTrigger', parameters, {
		credentials: { pleoApi: { id: '1', name: 'Pleo key' } },
	});
}

export interface CountingProxy {
	url: string;
	requests: Array<{ method: string; path: string }>;
	count(method: string, pathPrefix: string): number;
	close(): Promise<void>;
}

/** Forwards every request to `target` (loopback) and records method + path. */
export async function startCountingProxy(target: string): Promise<CountingProxy> {
	const to = new URL(target);
	const requests: CountingProxy['requests'] = [];
	const server: Server = createServer((req, res) => {
		const path = req.url ?? '/';
		requests.push({ method: req.method ?? 'GET', path });
		const upstream = httpRequest(
			{ host: to.hostname, port: to.port, method: req.method, path, headers: req.headers },
			(up) => {
				res.writeHead(up.statusCode ?? 502, up.headers);
				up.pipe(res);
			},
		);
		upstream.on('error', () => {
			res.statusCode = 502;
			res.end();
		});
		req.pipe(upstream);
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	return {
		url: `http://127.0.0.1:${port}`,
		requests,
		count: (method, prefix) =>
			requests.filter((r) => r.method === method && r.path.split('?')[0].startsWith(prefix)).length,
		close: () =>
			new Promise<void>((resolve) => {
				server.closeAllConnections?.();
				server.close(() => resolve());
			}),
	};
}
