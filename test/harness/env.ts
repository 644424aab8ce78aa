// Imported first by the harness: n8n-core's InstanceSettings writes into
// $N8N_USER_FOLDER/.n8n at import time, so point it at a throw-away folder.
import 'reflect-metadata';
import { mkdtempSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';

if (!process.env.N8N_USER_FOLDER) {
	process.env.N8N_USER_FOLDER = mkdtempSync(join(tmpdir(), 'n8n-harness-'));
}
process.env.N8N_LOG_LEVEL ??= 'silent';
