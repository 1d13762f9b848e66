#!/usr/bin/env node
// @ts-check
// pnpm run docs: the docs site in spec/dist/ (or --out DIR), offline.
//   reference/       TypeDoc API reference of the published packages, with the changelog
//   openapi.json     the spec as the page shows it: each operation's access section, error
//                    table and samples (operation facts from @hem/types's tables, words and
//                    examples from the generator's IR: ir.mjs), the intro with the key-type table
//   index.html       that document rendered by Redocly's build-docs as one self-contained page
import { execFile } from 'node:child_process';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs, promisify } from 'node:util';
// Only what refusing a spec needs is imported here; the generator's emitters, TypeDoc,
// changesets and the samples load once the spec has passed (a bad spec is refused sooner).
import { loadDocs } from './ir.mjs';
import { DocsError, accessSection, errorSection, keyTypeSection, scopeSection, table } from './sections.mjs';

export const SPEC_DIR = fileURLToPath(new URL('../..', import.meta.url));
export const ROOT = join(SPEC_DIR, '..');
export const DIST = join(SPEC_DIR, 'dist');
const REDOCLY = join(SPEC_DIR, 'node_modules/@redocly/cli/bin/cli.js');

/** @typedef {import('./reference.mjs').Release} Release */
/** @typedef {{ index: string, changelog: string }} ReferencePages */

/**
 * The intro's derived blocks, by marker.
 * @param {import('@hem/codegen').IR} ir @param {import('./ir.mjs').DocOperation[]} operations @param {Release} release @param {ReferencePages} pages
 */
function introBlocks(ir, operations, release, pages) {
  const bearer = ir.securitySchemes.filter((s) => s.type === 'http' && s.scheme === 'bearer');
  const version = release.next ? `${release.version} (not published yet; the pending changesets make the next release ${release.next.version})` : release.version;
  const ref = (/** @type {string} */ page) => `reference/${page}`;
  return {
    packages: table(
      ['Package', 'Version', 'What it is'],
      release.packages.map((p) => [`\`${p.name}\``, p.version, p.description]),
    ),
    bearer: bearer.map((s) => `Every call sends \`Authorization: Bearer <token>\` (${s.name}). ${s.description ?? ''}`).join('\n\n'),
    scopes: scopeSection(operations),
    'key-types': keyTypeSection(ir),
    reference: [
      `The API of ${release.packages.map((p) => `\`${p.name}\``).join(', ')}, version ${version}:`,
      '',
      `- [Package reference](${ref(pages.index)}): every export, with its documentation and types.`,
      `- [Changelog](${ref(pages.changelog)}): what each release changed.`,
    ].join('\n'),
  };
}

/**
 * The document the page renders: the bundled spec with, per operation, its access section,
 * error table and samples, and the intro in `info.description`.
 * @param {{ spec: string, release: Release, pages: ReferencePages, loaded?: Awaited<ReturnType<typeof loadDocs>> }} options
 */
export async function deriveDocument({ spec, release, pages, loaded }) {
  const { document, ir, operations } = loaded ?? (await loadDocs(spec));
  const [{ atPointer }, { samplesFor }] = await Promise.all([import('@hem/codegen'), import('./samples.mjs')]);
  const derived = structuredClone(document);
  for (const op of operations) {
    const node = /** @type {any} */ (atPointer(derived, op.ir.pointer));
    if (!node) throw new DocsError(op.ir.pointer, 'the IR points at an operation the document does not hold.');
    node.description = [node.description?.trim(), accessSection(op, ir), errorSection(op)].filter(Boolean).join('\n\n');
    node['x-codeSamples'] = samplesFor(op, document, operations);
  }
  const blocks = introBlocks(ir, operations, release, pages);
  const intro = (await readFile(join(SPEC_DIR, 'docs/intro.md'), 'utf8')).replace(/<!-- hem:([\w-]+) -->/g, (marker, name) => {
    const block = /** @type {Record<string, string>} */ (blocks)[name];
    if (block === undefined) throw new DocsError('spec/docs/intro.md', `unknown marker ${marker}; known: ${Object.keys(blocks).join(', ')}.`);
    return block;
  });
  derived.info.description = `${derived.info.description?.trim() ?? ''}\n\n${intro}`;
  return { document: derived, ir };
}

// Redoc's sidebar footer loads its logo from a CDN; the page must not ask anything of the
// network, so the logo comes inline. (The page's CSP would refuse the request anyway.)
const CDN_LOGO = /https:\/\/cdn\.redoc\.ly\/redoc\/logo-mini(?:-full)?\.svg/g;
const INLINE_LOGO = `data:image/svg+xml,${encodeURIComponent("<svg xmlns='http://www.w3.org/2000/svg' width='56' height='14'><text x='0' y='11' font-family='sans-serif' font-size='11' fill='#555'>Redocly</text></svg>")}`;

// Redoc's options (disableTelemetry among them: the page sends Redocly no usage data) come
// from a JSON file rather than redocly.yaml, whose schema in CLI 2.77 does not know
// disableTelemetry yet and warns on every lint. The template adds the page's CSP.
export const PAGE_OPTIONS = ['--config', 'redocly.yaml', '--openapi', 'docs/redoc-options.json', '--template', 'docs/template.hbs', '--inlineBundle'];

/** Runs the real Redocly CLI (telemetry off in redocly.yaml). @param {string[]} args */
export async function redocly(args, cwd = SPEC_DIR) {
  return promisify(execFile)(process.execPath, [REDOCLY, ...args], { cwd, maxBuffer: 64 << 20 });
}

/** Builds the site into `out` (spec/dist unless `--out DIR` is given) from `spec` (`--spec FILE`). */
export async function main(out = DIST, spec = join(SPEC_DIR, 'openapi.yaml')) {
  // The spec first: a document the loader refuses stops the build before anything is written.
  const loaded = await loadDocs(spec);
  const { buildReference } = await import('./reference.mjs');
  await rm(out, { recursive: true, force: true });
  await mkdir(out, { recursive: true });
  const { release, index, changelog } = await buildReference({ root: ROOT, out: join(out, 'reference') });
  const { document } = await deriveDocument({ spec, release, pages: { index, changelog }, loaded });
  const derived = join(out, 'openapi.json');
  const page = join(out, 'index.html');
  await writeFile(derived, `${JSON.stringify(document, null, 2)}\n`);
  const { stdout, stderr } = await redocly(['build-docs', derived, ...PAGE_OPTIONS, '-o', page]);
  process.stderr.write(stderr);
  process.stdout.write(stdout);
  const html = await readFile(page, 'utf8');
  await writeFile(page, html.replace(CDN_LOGO, INLINE_LOGO));
  console.log(`docs: ${page} (${Math.round(Buffer.byteLength(html) / 1024)} KiB), ${join(out, 'reference', index)}`);
}

/**
 * The command line (`--out DIR`, `--spec FILE`) as a function of its arguments: it prints, and
 * answers the exit code; it never exits, so tests can run many builds in one process.
 * @param {string[]} args
 * @returns {Promise<number>}
 */
export async function runDocs(args) {
  try {
    const { values } = parseArgs({ args, options: { out: { type: 'string' }, spec: { type: 'string' } } });
    await main(values.out ? resolve(values.out) : DIST, values.spec ? resolve(values.spec) : undefined);
    return 0;
  } catch (error) {
    console.error(error instanceof DocsError ? `docs: ${error.message}` : error);
    return 1;
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  runDocs(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
