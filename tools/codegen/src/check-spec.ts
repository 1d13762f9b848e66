// check-spec: point the generator at any OpenAPI document. Renders every target from one
// load into a folder of its own (never into a package), type-checks each target against the
// types generated from the same document, and reports every refusal, warning and compile
// error with its place.
import { cpSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { blocks, formatDiagnostic, type Diagnostic } from './diagnostics.js';
import { FILES } from './names.js';
import { TARGET_NAMES, renderSpec, type Target } from './index.js';
import type { LoadOptions } from './load.js';

/** The hand-written runtime modules each target's generated code imports, from this repository. */
const RUNTIME: Record<Target, string[]> = {
  types: ['operation-spec.ts'],
  validator: ['runtime.ts', 'shape.ts', 'base64.ts', 'device.ts', 'kid.ts', 'plain.ts'],
  client: ['runtime.ts', 'errors.ts', 'brand.ts'],
};
const RUNTIME_DIRS: Record<Target, string> = { types: 'packages/types/src', validator: 'packages/validator/src', client: 'packages/client/src' };

export interface TargetReport {
  generated: boolean;
  /** undefined when nothing was generated to compile. */
  compiled?: boolean;
  files: string[];
  compileErrors: string[];
}

export interface CheckReport {
  document: string;
  ok: boolean;
  targets: Record<Target, TargetReport>;
  diagnostics: Diagnostic[];
  outDir?: string;
}

export interface CheckOptions extends LoadOptions {
  /**
   * Keep the generated files here (one folder per target); default: a temporary folder, removed.
   * It must be missing, empty, or made by check-spec before (it holds MARKER): nothing else is
   * ever overwritten or deleted.
   */
  out?: string;
  /** The repository root holding the runtime modules (default: found from this module). */
  root?: string;
}

/** The file that marks a folder as check-spec's own, so a later run may replace what is in it. */
export const MARKER = '.hem-check-spec';

/** Thrown when --out names a folder check-spec did not make; nothing was written or deleted. */
export class OutDirError extends Error {
  override name = 'OutDirError';
}

/** Makes `dir` check-spec's, or refuses: it must be missing, empty, or hold MARKER. */
export function claimOutDir(dir: string): void {
  if (existsSync(dir) || isLink(dir)) {
    if (!lstatSync(dir).isDirectory()) throw new OutDirError(`--out ${dir} is not a folder: name a new or empty folder.`);
    const entries = readdirSync(dir);
    if (entries.length && !entries.includes(MARKER)) {
      throw new OutDirError(
        `--out ${dir} holds ${entries.length} entr${entries.length === 1 ? 'y' : 'ies'} that check-spec did not write (no ${MARKER} file): name a new or empty folder; nothing was written or deleted.`,
      );
    }
  }
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, MARKER), 'Written by hem-codegen check-spec; a later check-spec --out may replace this folder.\n');
}
const isLink = (p: string) => {
  try {
    return lstatSync(p).isSymbolicLink();
  } catch {
    return false;
  }
};

export async function checkSpec(spec: string, options: CheckOptions = {}): Promise<CheckReport> {
  const { out, root: repo, ...policy } = options;
  const root = repo ?? REPO_ROOT;
  if (out) claimOutDir(resolve(out));
  const rendered = await renderSpec(resolve(spec), TARGET_NAMES, policy);
  const dir = out ? resolve(out) : mkdtempSync(join(tmpdir(), 'hem-check-spec-'));
  const targets = {} as Record<Target, TargetReport>;
  try {
    const written = writeTargets(dir, rendered.files, root);
    for (const target of TARGET_NAMES) {
      const files = rendered.files.get(target);
      targets[target] = { generated: files !== undefined, files: files ? [...files.keys()] : [], compileErrors: [] };
    }
    if (written.length) {
      const errors = await typeCheck(dir, written, root);
      for (const target of written) {
        targets[target].compileErrors = errors.filter((e) => e.startsWith(`${target}/`));
        targets[target].compiled = targets[target].compileErrors.length === 0;
      }
    }
  } finally {
    if (!options.out) rmSync(dir, { recursive: true, force: true });
  }
  const ok = TARGET_NAMES.every((t) => targets[t].generated && targets[t].compiled) && !rendered.diagnostics.some((d) => d.severity === 'error');
  return { document: spec, ok, targets, diagnostics: rendered.diagnostics, ...(options.out ? { outDir: dir } : {}) };
}

/** The repository this module belongs to (its runtime modules are copied from there). */
export const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/**
 * Writes each rendered target into `dir/<target>/` as a package would hold it: the generated
 * files, the hand-written runtime modules they import, and an index. Returns the targets written.
 */
export function writeTargets(dir: string, files: Map<Target, Map<string, string>>, root = REPO_ROOT): Target[] {
  const written: Target[] = [];
  for (const [target, texts] of files) {
    const at = join(dir, target);
    rmSync(at, { recursive: true, force: true });
    mkdirSync(at, { recursive: true });
    for (const [path, text] of texts) writeFileSync(join(at, path), text);
    for (const file of RUNTIME[target]) cpSync(join(root, RUNTIME_DIRS[target], file), join(at, file));
    writeFileSync(join(at, 'index.ts'), entryOf(target));
    written.push(target);
  }
  return written;
}

/** What a package's index would export, so the targets import each other as packages do. */
function entryOf(target: Target): string {
  const gen = Object.values(FILES[target])
    .filter((f) => f !== FILES.validator.mini)
    .map((f) => `export * from './${f.replace(/\.ts$/, '.js')}';`);
  if (target === 'validator') gen.push("export type { ValidationIssue } from './runtime.js';");
  if (target === 'types') gen.push("export type * from './operation-spec.js';");
  return `${gen.join('\n')}\n`;
}

/** The strict compiler options generated code is checked with (also by the consumer tests). */
export function strictOptions(ts: typeof import('typescript')) {
  return {
    strict: true,
    noEmit: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    lib: ['lib.es2022.d.ts', 'lib.dom.d.ts'],
    skipLibCheck: true,
    exactOptionalPropertyTypes: true,
    types: [] as string[],
  };
}

/** Strict TypeScript over the generated folders, `@hem/*` mapped to the targets generated here. */
export async function typeCheck(dir: string, targets: Target[], root = REPO_ROOT): Promise<string[]> {
  const { default: ts } = await import('typescript');
  const paths: Record<string, string[]> = {};
  for (const t of targets) paths[`@hem/${t}`] = [join(dir, t, 'index.ts')];
  if (targets.includes('validator')) paths['@hem/validator/device'] = [join(dir, 'validator', 'device.ts')];
  const files = targets.flatMap((t) => [join(dir, t, 'index.ts'), ...(t === 'validator' ? [join(dir, t, FILES.validator.mini)] : [])]);
  const program = ts.createProgram(
    files,
    {
      ...strictOptions(ts),
      noUncheckedIndexedAccess: true,
      baseUrl: dir,
      paths,
      // zod and the other runtime dependencies resolve from the validator's own node_modules.
      typeRoots: [],
    },
    hostFor(ts, root),
  );
  return ts.getPreEmitDiagnostics(program).map((d) => {
    const where = d.file ? `${d.file.fileName.slice(dir.length + 1)}:${d.file.getLineAndCharacterOfPosition(d.start ?? 0).line + 1}` : 'program';
    return `${where} TS${d.code} ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`;
  });
}

/**
 * Parsed declaration files of installed packages and TypeScript's libs (lib.dom alone is 1.2 MB),
 * kept for the life of the process: they never change while it runs, and a process that checks
 * many documents (the tests, a long session) parses and binds them once. Generated files are
 * read afresh on every check.
 */
const installed = new Map<string, import('typescript').SourceFile>();

/** A compiler host that resolves bare imports (zod, openapi-fetch) from the packages' own dependencies. */
function hostFor(ts: typeof import('typescript'), root: string) {
  const host = ts.createCompilerHost({});
  const read = host.getSourceFile;
  host.getSourceFile = (fileName, version, onError, fresh) => {
    if (!fileName.includes('/node_modules/')) return read(fileName, version, onError, fresh);
    const key = typeof version === 'object' ? `${version.languageVersion}:${version.impliedNodeFormat}\0${fileName}` : `${version}\0${fileName}`;
    let file = installed.get(key);
    if (!file) {
      file = read(fileName, version, onError, fresh);
      if (file) installed.set(key, file);
    }
    return file;
  };
  const froms = TARGET_NAMES.map((t) => join(root, RUNTIME_DIRS[t], '..', 'package.json'));
  host.resolveModuleNameLiterals = (literals, containingFile, redirected, options) =>
    literals.map((literal) => {
      const name = literal.text;
      const local = ts.resolveModuleName(name, containingFile, options, host, undefined, redirected);
      if (local.resolvedModule || name.startsWith('.') || name.startsWith('@hem/')) return local;
      for (const from of froms) {
        const found = ts.resolveModuleName(name, from, options, host, undefined, redirected);
        if (found.resolvedModule) return found;
      }
      return local;
    });
  return host;
}

/** One line per diagnostic and compile error, then a summary line. */
export function formatReport(report: CheckReport): string {
  const lines = report.diagnostics.map(formatDiagnostic);
  for (const target of TARGET_NAMES) for (const e of report.targets[target].compileErrors) lines.push(`error   ${e} (does not compile)`);
  const state = (t: Target) => {
    const r = report.targets[t];
    if (!r.generated) return `${t} refused (${report.diagnostics.filter((d) => blocks(d, t)).length} error(s))`;
    return r.compiled ? `${t} ok` : `${t} does not compile (${r.compileErrors.length} error(s))`;
  };
  const warnings = report.diagnostics.filter((d) => d.severity === 'warning').length;
  lines.push(
    `check-spec ${report.document}: ${TARGET_NAMES.map(state).join(', ')}; ${warnings} warning(s)${report.outDir ? `; files in ${report.outDir}` : ''}: ${report.ok ? 'PASS' : 'FAIL'}`,
  );
  return lines.join('\n');
}
