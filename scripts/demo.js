#!/usr/bin/env node
// `npm start`: the whole integration in a real n8n on this machine (see scripts/demo/main.ts).
require('ts-node').register({
	transpileOnly: true,
	project: require('path').join(__dirname, '..', 'tsconfig.dev.json'),
});
require('./demo/main.ts');
