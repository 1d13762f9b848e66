// @ts-check
// The API reference of the published packages (TypeDoc), built beside the page: one module
// per package entry (its package.json exports), a front page with the group's version, and
// the changelog of the release as a page of its own. The group is read from
// .changeset/config.json, so a package that joins it joins the reference.
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import getReleasePlan from '@changesets/get-release-plan';
import { Application, Converter, OptionDefaults, PageEvent } from 'typedoc';
import { parse } from 'yaml';
import { escapeToken } from '@hem/codegen';
import { DocsError } from './sections.mjs';

/**
 * @typedef {{ name: string, version: string, description: string, dir: string, entries: { name: string, file: string }[] }} PublishedPackage
 * @typedef {{ version: string, next?: { version: string, changesets: { id: string, summary: string, releases: { name: string, type: string }[] }[] }, packages: PublishedPackage[] }} Release
 */

/** Folders of the workspace's packages, from pnpm-workspace.yaml (`dir/*` and `dir` forms). @param {string} root */
async function workspaceDirs(root) {
  const { packages = [] } = parse(await readFile(join(root, 'pnpm-workspace.yaml'), 'utf8'));
  const dirs = [];
  for (const pattern of /** @type {string[]} */ (packages)) {
    if (pattern.endsWith('/*')) {
      const base = join(root, pattern.slice(0, -2));
      for (const entry of await readdir(base, { withFileTypes: true })) if (entry.isDirectory()) dirs.push(join(base, entry.name));
    } else dirs.push(join(root, pattern));
  }
  return dirs.filter((dir) => existsSync(join(dir, 'package.json')));
}

/**
 * The source file behind each public entry: `exports` types `dist/<x>.d.ts` come from
 * `src/<x>.ts` (the tsdown entries).
 * @param {string} dir @param {any} manifest
 */
function entries(dir, manifest) {
  const exported = manifest.exports ?? { '.': { types: manifest.types } };
  return Object.entries(exported)
    .filter(([subpath]) => subpath !== './package.json')
    .map(([subpath, target]) => {
      const types = typeof target === 'string' ? target : (target?.import?.types ?? target?.types ?? target?.require?.types);
      const file = typeof types === 'string' ? join(dir, types.replace(/^\.\/dist\//, 'src/').replace(/\.d\.c?ts$/, '.ts')) : '';
      if (!file || !existsSync(file))
        throw new DocsError(
          `${relative(process.cwd(), join(dir, 'package.json'))}#/exports/${escapeToken(subpath)}`,
          `cannot find the source of ${manifest.name} ${subpath} (looked for ${file || 'a types path'}).`,
        );
      return { name: subpath === '.' ? manifest.name : `${manifest.name}${subpath.slice(1)}`, file };
    });
}

/** The published packages (the fixed changesets group), their version, and the pending release. @param {string} root @returns {Promise<Release>} */
export async function readRelease(root) {
  const config = JSON.parse(await readFile(join(root, '.changeset/config.json'), 'utf8'));
  /** @type {string[]} */
  const names = (config.fixed ?? []).flat();
  if (!names.length) throw new DocsError('.changeset/config.json#/fixed', 'no fixed group: the reference documents the packages released together; list them there.');
  const manifests = new Map();
  for (const dir of await workspaceDirs(root)) {
    const manifest = JSON.parse(await readFile(join(dir, 'package.json'), 'utf8'));
    manifests.set(manifest.name, { dir, manifest });
  }
  const packages = names.map((name) => {
    const found = manifests.get(name);
    if (!found) throw new DocsError('.changeset/config.json#/fixed', `${name} is in the fixed group but not in the workspace.`);
    return { name, version: found.manifest.version, description: found.manifest.description ?? '', dir: found.dir, entries: entries(found.dir, found.manifest) };
  });
  const versions = [...new Set(packages.map((p) => p.version))];
  if (versions.length !== 1)
    throw new DocsError(
      '.changeset/config.json#/fixed',
      `the fixed group's packages disagree on their version (${packages.map((p) => `${p.name} ${p.version}`).join(', ')}); run changeset version.`,
    );
  const plan = await getReleasePlan(root);
  const mine = plan.releases.filter((r) => names.includes(r.name) && r.type !== 'none');
  const changesets = plan.changesets.filter((c) => c.releases.some((r) => names.includes(r.name) && r.type !== 'none'));
  return {
    version: /** @type {string} */ (versions[0]),
    ...(mine.length ? { next: { version: /** @type {string} */ (mine[0]?.newVersion), changesets } } : {}),
    packages,
  };
}

/** `- first line` with the rest of a summary indented under it. @param {string} text */
const item = (text) => {
  const [first, ...rest] = text.trim().split('\n');
  return [`- ${first}`, ...rest.map((line) => (line.trim() ? `  ${line}` : ''))].join('\n');
};

/** The changelog page: the pending release first, then each package's CHANGELOG.md. @param {Release} release */
export async function changelog(release) {
  const parts = ['---', 'title: Changelog', '---', '', '# Changelog', ''];
  if (release.next) {
    parts.push(
      `## ${release.next.version} (not released yet)`,
      '',
      `What the pending changesets (\`.changeset/*.md\`) put into the next release, ${release.version} → ${release.next.version}, for ${release.packages.map((p) => `\`${p.name}\``).join(', ')}:`,
      '',
      ...release.next.changesets.map((c) => item(c.summary)),
      '',
    );
  }
  for (const p of release.packages) {
    const file = join(p.dir, 'CHANGELOG.md');
    if (!existsSync(file)) {
      parts.push(`## ${p.name}`, '', `No release yet: ${p.name} ${p.version} has not been published.`, '');
      continue;
    }
    // Each file starts with "# <name>"; its versions become this page's subsections.
    const text = (await readFile(file, 'utf8')).replace(/^# .*\n/, '').replace(/^(#{2,}) /gm, '#$1 ');
    parts.push(`## ${p.name}`, '', text.trim(), '');
  }
  return parts.join('\n');
}

/** The reference's front page. @param {Release} release */
function frontPage(release) {
  const modules = release.packages.flatMap((p) =>
    p.entries.map((e) => `- {@link "${e.name}" | ${e.name}}: ${e.name === p.name ? p.description : `another entry point of ${p.name}.`}`),
  );
  return [
    `${release.packages.map((p) => `\`${p.name}\``).join(', ')}: one version for all, released together (a fixed changesets group).`,
    release.next ? `Version ${release.version} is not published yet; the pending changesets make the next release ${release.next.version}.` : '',
    'What changed in each release: the [changelog](./changelog.md).',
    '',
    ...modules,
    '',
  ].join('\n');
}

const HTTP_API = 'hem-docs:http-api';

/**
 * Builds the reference into `out` and says where its pages are, relative to `out`.
 * @param {{ root: string, out: string }} options
 */
export async function buildReference({ root, out }) {
  const release = await readRelease(root);
  const work = await mkdtemp(join(tmpdir(), 'hem-reference-'));
  try {
    await writeFile(join(work, 'index.md'), frontPage(release));
    await writeFile(join(work, 'changelog.md'), await changelog(release));
    const names = new Map(release.packages.flatMap((p) => p.entries.map((e) => [resolve(e.file), e.name])));
    const app = await Application.bootstrapWithPlugins({
      entryPoints: [...names.keys()],
      entryPointStrategy: 'resolve',
      tsconfig: join(root, 'spec/docs/tsconfig.reference.json'),
      name: `@hem packages ${release.version}`,
      readme: join(work, 'index.md'),
      projectDocuments: [join(work, 'changelog.md')],
      // openapi-typescript writes the spec's description, format and enum as JSDoc tags.
      blockTags: [...OptionDefaults.blockTags, '@description', '@format', '@enum'],
      navigationLinks: { 'HTTP API': HTTP_API },
      disableSources: true,
      disableGit: true,
      githubPages: false,
      hideGenerator: true,
      treatWarningsAsErrors: true,
      logLevel: 'Warn',
    });
    // Modules are named after their package entry (`@hem/client/core`), not their path;
    // before links are resolved, so `{@link "@hem/client"}` finds them.
    app.converter.on(Converter.EVENT_RESOLVE_BEGIN, (context) => {
      for (const module of context.project.children ?? []) {
        const file = context.project.getSymbolIdFromReflection(module)?.fileName;
        const name = file && names.get(resolve(file));
        if (name) module.name = name;
      }
      context.project.children?.sort((a, b) => a.name.localeCompare(b.name));
    });
    // A navigation link is written as given on every page; the way back to the HTTP API page
    // (beside the reference) depends on how deep the page is.
    app.renderer.on(PageEvent.END, (page) => {
      const depth = page.url.split('/').length - 1;
      if (page.contents) page.contents = page.contents.replaceAll(`href="${HTTP_API}"`, `href="${'../'.repeat(depth + 1)}index.html"`);
    });
    const project = await app.convert();
    if (!project) throw new Error('TypeDoc could not convert the packages; see its errors above.');
    await app.generateDocs(project, out);
    if (app.logger.hasErrors() || app.logger.hasWarnings()) throw new Error('TypeDoc reported problems; see above.');
  } finally {
    await rm(work, { recursive: true, force: true });
  }
  const changelogPage = join('documents', 'Changelog.html');
  if (!existsSync(join(out, changelogPage))) throw new Error(`TypeDoc wrote no ${changelogPage}; the page links to it.`);
  return { release, index: 'index.html', changelog: changelogPage };
}
