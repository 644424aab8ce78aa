#!/usr/bin/env node
// `npm run sandbox`: runs sandbox/cli.ts (TypeScript, through ts-node's transpile-only mode).
require('ts-node').register({
	transpileOnly: true,
	project: require('path').join(__dirname, '..', 'tsconfig.dev.json'),
});
require('../sandbox/cli.ts');
