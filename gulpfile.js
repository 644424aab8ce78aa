// Copies icons and other non-TypeScript assets (codex JSON, SVG, PNG) into dist/.
const { src, dest } = require('gulp');

function copyAssets() {
	return src(
		[
			'nodes/**/*.{png,svg}',
			'nodes/**/*.node.json',
			'credentials/**/*.{png,svg}',
			'icons/**/*.{png,svg}',
		],
		{
			base: '.',
			encoding: false,
		},
	).pipe(dest('dist'));
}

exports['build:assets'] = copyAssets;
exports['build:icons'] = copyAssets;
