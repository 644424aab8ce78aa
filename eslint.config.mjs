// ESLint 9 flat config.
// - nodes/ and credentials/: the rule sets n8n's package scanner applies
//   (@n8n/eslint-plugin-community-nodes "recommended" with the cloud rules on, and
//   eslint-plugin-n8n-nodes-base community/credentials/nodes rules), as in @n8n/node-cli.
// - sandbox/, test/, scripts/, bench/: dev tooling that runs under Node, so the
//   cloud-only rules (no process/setTimeout/fs) do not apply there.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import { n8nCommunityNodesPlugin } from '@n8n/eslint-plugin-community-nodes';
import n8nNodesBase from 'eslint-plugin-n8n-nodes-base';

const community = n8nCommunityNodesPlugin.configs.recommended;

export default tseslint.config(
	{
		ignores: [
			'dist/**',
			'node_modules/**',
			'.n8n-e2e/**',
			'.tools/**',
			'.artifacts/**',
			'coverage/**',
			'.n8n-demo/**',
		],
	},
	{
		files: ['nodes/**/*.ts', 'credentials/**/*.ts'],
		extends: [js.configs.recommended, tseslint.configs.recommended, community],
		plugins: { 'n8n-nodes-base': n8nNodesBase },
		linterOptions: { noInlineConfig: true },
		rules: {
			'prefer-spread': 'off',
			'no-console': 'error',
			// state has types that say what exists at each step (DEVELOPERS.md): no `x!`
			'@typescript-eslint/no-non-null-assertion': 'error',
		},
	},
	{
		files: ['package.json'],
		extends: [community],
		plugins: { 'n8n-nodes-base': n8nNodesBase },
		rules: { ...n8nNodesBase.configs.community.rules },
		languageOptions: { parser: tseslint.parser, parserOptions: { extraFileExtensions: ['.json'] } },
	},
	{
		files: ['credentials/**/*.ts'],
		rules: {
			...n8nNodesBase.configs.credentials.rules,
			'n8n-nodes-base/cred-class-field-documentation-url-miscased': 'off',
			'n8n-nodes-base/cred-class-field-type-options-password-missing': 'off',
		},
	},
	{
		files: ['nodes/**/*.ts'],
		rules: {
			...n8nNodesBase.configs.nodes.rules,
			'n8n-nodes-base/node-class-description-inputs-wrong-regular-node': 'off',
			'n8n-nodes-base/node-class-description-outputs-wrong': 'off',
			'n8n-nodes-base/node-param-type-options-max-value-present': 'off',
		},
	},
	{
		files: ['sandbox/**/*.ts', 'test/**/*.ts', 'scripts/**/*.ts', 'bench/**/*.ts'],
		extends: [js.configs.recommended, tseslint.configs.recommended],
		rules: {
			'@typescript-eslint/no-explicit-any': 'off',
			'@typescript-eslint/no-require-imports': 'off',
			'@typescript-eslint/no-unused-vars': [
				'error',
				{ argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
			],
		},
	},
	{
		files: ['**/*.js', '**/*.mjs'],
		extends: [js.configs.recommended],
		languageOptions: {
			sourceType: 'commonjs',
			globals: {
				require: 'readonly',
				module: 'writable',
				process: 'readonly',
				console: 'readonly',
				__dirname: 'readonly',
				exports: 'writable',
				setTimeout: 'readonly',
				clearTimeout: 'readonly',
				Buffer: 'readonly',
				URL: 'readonly',
				setInterval: 'readonly',
				clearInterval: 'readonly',
			},
		},
	},
	{ files: ['**/*.mjs'], languageOptions: { sourceType: 'module' } },
);
