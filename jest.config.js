// Three projects:
//  unit   - pure functions and the sandboxes on their own (fast, no build needed)
//  engine - the built package inside n8n-core's real WorkflowExecute against the sandboxes
//  e2e    - a real n8n server (installed by scripts/install-n8n.sh) against the sandboxes, on the
//           n8n version N8N_E2E_VERSION names (default and list: scripts/n8n-versions.json); files a
//           version's `e2eExclude` names do not run on it
const tsJest = [
	'ts-jest',
	{ tsconfig: 'tsconfig.dev.json', isolatedModules: true, diagnostics: false },
];
const n8nVersions = require('./scripts/n8n-versions.json');
const e2eVersion = n8nVersions.versions.find(
	(v) => v.n8n === (process.env.N8N_E2E_VERSION || n8nVersions.default),
);
const e2eExclude = ((e2eVersion && e2eVersion.e2eExclude) || []).map(
	(f) => `<rootDir>/test/e2e/${f.replace(/\./g, '\\.')}$`,
);
const common = {
	testEnvironment: 'node',
	transform: { '^.+\\.ts$': tsJest },
	moduleFileExtensions: ['ts', 'js', 'json'],
};
module.exports = {
	// e2e files raise it themselves with jest.setTimeout
	testTimeout: 60000,
	projects: [
		{
			...common,
			displayName: 'unit',
			testMatch: ['<rootDir>/test/unit/**/*.test.ts', '<rootDir>/test/sandbox/**/*.test.ts'],
		},
		{ ...common, displayName: 'engine', testMatch: ['<rootDir>/test/engine/**/*.test.ts'] },
		{
			...common,
			displayName: 'e2e',
			testMatch: ['<rootDir>/test/e2e/**/*.test.ts'],
			testPathIgnorePatterns: ['/node_modules/', ...e2eExclude],
		},
	],
};
