#!/usr/bin/env node
// pnpm typecheck: what `tsc --noEmit` reports in each workspace package whose `typecheck` script
// is exactly that, from one process. Each package's program is built from its own tsconfig.json,
// as its tsc builds it; the declaration files they share (TypeScript's libs, @types/node, zod,
// msw ...) are parsed and bound once for all of them, as `tsc --build` shares them between
// projects (the packages cannot be composite projects: they read each other's src/ through the
// @hem/source condition). Measured on the seven packages a spec change reaches: 25 CPU-s,
// against 50 for one tsc per package (turbo run typecheck, no cache).
//
//   node tools/checks/typecheck.mjs [--filter F]...   the packages turbo selects (`turbo ls`), all by default
//   node tools/checks/typecheck.mjs --project FILE... these tsconfig files instead
//
// Prints the diagnostics as tsc does (with context on a terminal), then one summary line; exits
// 1 when any package has an error, 2 when it cannot run (a package whose typecheck script is
// something else, another TypeScript version).
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import ts from 'typescript';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const SCRIPT = 'tsc --noEmit';

class CannotRun extends Error {}

/** The tsconfig of every package turbo selects whose typecheck script this stands in for. */
function selectedProjects(filters) {
  const turbo = join(ROOT, 'node_modules/.bin/turbo');
  const args = ['ls', '--output=json', ...filters.map((f) => `--filter=${f}`)];
  let listed;
  try {
    // turbo's banner goes to stderr, shown only when it fails.
    listed = JSON.parse(execFileSync(turbo, args, { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, TURBO_TELEMETRY_DISABLED: '1' } }));
  } catch (error) {
    throw new CannotRun(`turbo ${args.join(' ')} failed: ${String(error.stderr ?? error.message).trim()}`);
  }
  const projects = [];
  for (const { name, path } of listed.packages.items) {
    const dir = join(ROOT, path);
    const script = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).scripts?.typecheck;
    if (script === undefined) continue;
    if (script !== SCRIPT)
      throw new CannotRun(
        `${name} (${path}): its typecheck script is "${script}"; this check only stands in for "${SCRIPT}". Run that package's own typecheck, or make it "${SCRIPT}".`,
      );
    projects.push({ name, config: join(dir, 'tsconfig.json') });
  }
  return projects;
}

/** The TypeScript a package's own tsc would be: the same version as this one, or a refusal. */
function sameTypeScript({ name, config }) {
  const own = join(dirname(config), 'node_modules/typescript/package.json');
  if (!existsSync(own)) return;
  const { version } = JSON.parse(readFileSync(own, 'utf8'));
  if (version !== ts.version) throw new CannotRun(`${name}: its tsc is TypeScript ${version}, this check runs ${ts.version}. Pin one version in every package.json.`);
}

/**
 * Declaration files by path and by how they are parsed: they never change during the run, and
 * every program would otherwise parse and bind the same libs and packages again. The packages
 * share one tsconfig.base.json, so they parse them alike; the key keeps apart what differs.
 */
const declarations = new Map();
function hostFor(options) {
  const host = ts.createCompilerHost(options);
  const read = host.getSourceFile.bind(host);
  host.getSourceFile = (fileName, how, onError, fresh) => {
    if (!/\.d\.[cm]?ts$/.test(fileName)) return read(fileName, how, onError, fresh);
    const key = typeof how === 'object' ? `${how.languageVersion}/${how.impliedNodeFormat}/${how.jsDocParsingMode}\0${fileName}` : `${how}\0${fileName}`;
    let file = declarations.get(key);
    if (!file) {
      file = read(fileName, how, onError, fresh);
      if (file) declarations.set(key, file);
    }
    return file;
  };
  return host;
}

/** What `tsc --noEmit -p config` reports, without the emit. */
function check(config) {
  const parsed = ts.getParsedCommandLineOfConfigFile(config, undefined, {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: (d) => {
      throw new CannotRun(ts.flattenDiagnosticMessageText(d.messageText, '\n'));
    },
  });
  if (!parsed) throw new CannotRun(`${config}: not read`);
  const program = ts.createProgram({ rootNames: parsed.fileNames, options: parsed.options, projectReferences: parsed.projectReferences, host: hostFor(parsed.options) });
  return [...parsed.errors, ...ts.getPreEmitDiagnostics(program)];
}

function main() {
  const { values } = parseArgs({ options: { filter: { type: 'string', multiple: true, default: [] }, project: { type: 'string', multiple: true } } });
  const projects = values.project ? values.project.map((p) => ({ name: p, config: resolve(p) })) : selectedProjects(values.filter);
  for (const p of projects) sameTypeScript(p);
  const formatHost = { getCurrentDirectory: () => process.cwd(), getCanonicalFileName: (f) => f, getNewLine: () => '\n' };
  const format = process.stdout.isTTY ? ts.formatDiagnosticsWithColorAndContext : ts.formatDiagnostics;
  const failed = [];
  let errors = 0;
  for (const project of projects) {
    const found = check(project.config).filter((d) => d.category === ts.DiagnosticCategory.Error);
    if (!found.length) continue;
    process.stdout.write(format(found, formatHost));
    failed.push(project.name);
    errors += found.length;
  }
  const names = projects.map((p) => p.name).join(', ');
  if (errors) console.log(`typecheck: ${errors} error(s) in ${failed.join(', ')} (checked ${projects.length}: ${names})`);
  else console.log(`typecheck: no errors in ${projects.length} package(s): ${names}`);
  return errors ? 1 : 0;
}

try {
  process.exitCode = main();
} catch (error) {
  if (!(error instanceof CannotRun)) throw error;
  console.error(`typecheck: ${error.message}`);
  process.exitCode = 2;
}
