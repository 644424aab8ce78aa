// The README and docs/ stay readable and connected: every relative link (and its #anchor) in
// README.md, docs/ and the other Markdown files of the repository resolves, the README stays an ops person's five-minute page (at most
// 12,000 bytes, no line over 400 characters, the sections in the n8n starter's order), and the e2e
// install still finds the tarball command it runs in the README.
import { existsSync, readdirSync, readFileSync, statSync } from 'fs';
import * as path from 'path';

import { readmeTarballInstallArgs } from '../../e2e/lib/install';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const README = path.join(ROOT, 'README.md');

/** Pages other work streams are writing right now; a link to one passes while it does not exist yet. */
const EXPECTED_SOON = new Set<string>([]);

/** README.md, CHANGELOG.md and every Markdown file under docs/ and beside the code (examples, nodes, sandboxes, tests). */
function markdownFiles(): string[] {
	const out = [README, path.join(ROOT, 'CHANGELOG.md')];
	const walk = (dir: string) => {
		for (const name of readdirSync(dir).sort()) {
			const full = path.join(dir, name);
			if (name === 'node_modules') continue;
			if (statSync(full).isDirectory()) walk(full);
			else if (name.endsWith('.md')) out.push(full);
		}
	};
	for (const dir of ['docs', 'examples', 'nodes', 'sandbox', 'test', 'bench']) {
		if (existsSync(path.join(ROOT, dir))) walk(path.join(ROOT, dir));
	}
	return out;
}

/** The lines of a Markdown file outside fenced code blocks (``` or ~~~), with their line numbers. */
function proseLines(text: string): Array<{ line: string; no: number }> {
	const out: Array<{ line: string; no: number }> = [];
	let fence: string | undefined;
	text.split('\n').forEach((line, i) => {
		const m = /^\s*(`{3,}|~{3,})/.exec(line);
		if (m) {
			if (!fence) fence = m[1][0];
			else if (m[1][0] === fence) fence = undefined;
			return;
		}
		if (!fence) out.push({ line, no: i + 1 });
	});
	return out;
}

/** GitHub's heading anchor (github-slugger): the rendered text, lower-cased, punctuation dropped. */
export function slug(heading: string): string {
	const rendered = heading
		.replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1') // links and images keep their text
		.replace(/<[^>]+>/g, '') // inline HTML
		.replace(/`([^`]*)`/g, '$1') // code spans keep their text
		.replace(/(\*\*|__)(.+?)\1/g, '$2') // bold
		.replace(/(^|\W)[*_](.+?)[*_](?=\W|$)/g, '$1$2'); // italics
	return rendered
		.trim()
		.toLowerCase()
		.replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '')
		.replace(/ /g, '-');
}

/** Every anchor a file offers: its headings' slugs (duplicates numbered as GitHub does) and explicit ids. */
function anchorsOf(file: string): Set<string> {
	const seen = new Map<string, number>();
	const anchors = new Set<string>();
	for (const { line } of proseLines(readFileSync(file, 'utf8'))) {
		const h = /^ {0,3}#{1,6}\s+(.*?)\s*#*\s*$/.exec(line);
		if (h) {
			const base = slug(h[1]);
			const n = seen.get(base) ?? 0;
			seen.set(base, n + 1);
			anchors.add(n === 0 ? base : `${base}-${n}`);
		}
		for (const m of line.matchAll(/<a\s+(?:name|id)="([^"]+)"/g)) anchors.add(m[1]);
	}
	return anchors;
}

interface Link {
	file: string;
	no: number;
	target: string;
}

/** Inline links and images `[text](target)` and reference definitions `[x]: target`, outside code. */
function linksOf(file: string): Link[] {
	const out: Link[] = [];
	for (const { line, no } of proseLines(readFileSync(file, 'utf8'))) {
		const prose = line.replace(/`[^`]*`/g, ''); // code spans are not links
		for (const m of prose.matchAll(/\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)) {
			out.push({ file, no, target: m[1] });
		}
		const def = /^ {0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s+"[^"]*")?\s*$/.exec(prose);
		if (def) out.push({ file, no, target: def[1] });
	}
	return out;
}

/** Why a relative link does not resolve, or undefined when it does (external links are not checked). */
function problemOf(link: Link): string | undefined {
	if (/^[a-z][a-z0-9+.-]*:/i.test(link.target)) return undefined; // https:, mailto:, …
	const [rawPath, anchor] = link.target.split('#', 2);
	const targetFile = rawPath
		? path.resolve(path.dirname(link.file), decodeURIComponent(rawPath))
		: link.file;
	const rel = path.relative(ROOT, targetFile).split(path.sep).join('/');
	if (rel.startsWith('..')) return `points outside the repository (${rel})`;
	if (!existsSync(targetFile)) {
		return EXPECTED_SOON.has(rel) ? undefined : `${rel} does not exist`;
	}
	if (anchor === undefined || anchor === '') return undefined;
	if (!targetFile.endsWith('.md') || statSync(targetFile).isDirectory()) {
		return `#${anchor} points into ${rel}, which has no Markdown headings`;
	}
	return anchorsOf(targetFile).has(decodeURIComponent(anchor))
		? undefined
		: `${rel} has no heading for #${anchor}`;
}

describe('README and docs/', () => {
	const files = markdownFiles();

	it('have a docs/ index and more than the README', () => {
		expect(files.map((f) => path.relative(ROOT, f))).toEqual(
			expect.arrayContaining(['README.md', 'docs/README.md']),
		);
	});

	it('have no broken relative link or anchor', () => {
		const broken = files
			.flatMap(linksOf)
			.map((l) => ({ l, problem: problemOf(l) }))
			.filter((x) => x.problem)
			.map(({ l, problem }) => `${path.relative(ROOT, l.file)}:${l.no} (${l.target}): ${problem}`);
		expect(broken).toEqual([]);
	});

	it('link every docs page from docs/README.md', () => {
		const index = path.join(ROOT, 'docs', 'README.md');
		const linked = new Set(
			linksOf(index)
				.map((l) => l.target.split('#')[0])
				.filter((t) => t && !/^[a-z]+:/i.test(t))
				.map((t) => path.resolve(path.dirname(index), t)),
		);
		const unlinked = files
			.filter((f) => path.dirname(f) === path.join(ROOT, 'docs') && f !== index)
			.filter((f) => !linked.has(f))
			.map((f) => path.relative(ROOT, f));
		expect(unlinked).toEqual([]);
	});

	describe('README.md', () => {
		const text = readFileSync(README, 'utf8');

		it('is at most 12,000 bytes', () => {
			expect(Buffer.byteLength(text, 'utf8')).toBeLessThanOrEqual(12_000);
		});

		it('has no line over 400 characters', () => {
			const long = text
				.split('\n')
				.map((line, i) => ({ no: i + 1, length: [...line].length }))
				.filter((l) => l.length > 400);
			expect(long).toEqual([]);
		});

		it("keeps the n8n starter's section order", () => {
			const sections = proseLines(text)
				.map(({ line }) => /^## (.*)$/.exec(line)?.[1])
				.filter((s): s is string => s !== undefined);
			expect(sections).toEqual([
				'What it does',
				'Installation',
				'Credentials',
				'Operations',
				'Compatibility',
				'Usage',
				'Limitations',
				'Development',
				'Version history',
			]);
		});

		it('gives the install command the e2e suite runs, with --legacy-peer-deps', () => {
			const args = readmeTarballInstallArgs();
			expect(args[0]).toBe('install');
			expect(args).toContain('--legacy-peer-deps');
			expect(args[args.length - 1]).toMatch(/n8n-nodes-pleo-procountor-.*\.tgz$/);
			// the registry form of the same command, for the n8n user folder
			expect(text).toContain('npm install --legacy-peer-deps n8n-nodes-pleo-procountor\n');
		});
	});

	describe('the anchor rule', () => {
		it.each([
			['Install into n8n', 'install-into-n8n'],
			['Limitations and unconfirmed API behaviour', 'limitations-and-unconfirmed-api-behaviour'],
			['`Export Expense` options', 'export-expense-options'],
			['Pleo › Export Job › Claim Next', 'pleo--export-job--claim-next'],
			['If n8n stopped in the middle of an export', 'if-n8n-stopped-in-the-middle-of-an-export'],
			['Set Contra Accounts (`setContraAccounts`)', 'set-contra-accounts-setcontraaccounts'],
		])('%s → #%s', (heading, anchor) => {
			expect(slug(heading)).toBe(anchor);
		});
	});
});
