// Three projects:
//  unit   - pure functions and the sandboxes on their own (fast, no build needed)
//  engine - the built package inside n8n-core's real WorkflowExecute against the sandboxes
//  e2e    - a real n8n 2.x server (installed by scripts/install-n8n.sh) against the sandboxes
const tsJest = [
	'ts-jest',
	{ tsconfig: 'tsconfig.dev.json', isolatedModules: true, diagnostics: false },
];
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
		{ ...common, displayName: 'e2e', testMatch: ['<rootDir>/test/e2e/**/*.test.ts'] },
	],
};
