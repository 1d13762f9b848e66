// hem-codegen <target|all> [--spec FILE] [--out DIR] [--check] [--watch] [policy flags]
// hem-codegen check-spec FILE [--json] [--out DIR] [policy flags]
// The command as a function of its arguments (cli.ts is the bin): it prints, and answers the
// exit code; it never exits, so tests can run many cases in one process.
import { watch } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { formatDiagnostic, type Diagnostic } from './diagnostics.js';
import { TARGET_NAMES, drift, renderDocument, renderSpec, sourceName, workspaceRoot, writeChanged, type Target } from './index.js';
import { type LoadOptions, POLICY_FLAGS, POLICY_USAGE, PolicyError, loadSpec, policyFromFlags } from './load.js';
import { TARGET_DIRS } from './names.js';

const usage = `Usage: hem-codegen <${TARGET_NAMES.join('|')}|all> [--spec FILE] [--out DIR] [--check] [--watch] [policy flags]
       hem-codegen check-spec FILE [--json] [--out DIR] [policy flags]

  all          every target from one load of the spec, each into its package (${Object.values(TARGET_DIRS).join(', ')})
  --spec FILE  the OpenAPI document (default: spec/openapi.yaml at the workspace root)
  --out DIR    where the *.gen.ts files go (default: src; with all, DIR/<target>)
  --check      write nothing; exit 1 when a generated file differs from the spec
  --watch      stay running and regenerate after every change to the spec's files
  check-spec   render every target of FILE into a temporary folder (or --out DIR), type-check
               each against the types generated from FILE, print every refusal, warning and
               compile error, and exit 0 only when every target is generated in full and compiles;
               --out DIR must be new, empty, or made by check-spec before (it holds .hem-check-spec)

What $refs may read (every file local, under the document's folder, regular, bounded; never the network):
${POLICY_USAGE}

Every problem of a run is printed with its JSON pointer; when one blocks a target, nothing is written.`;

async function main(args: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      options: {
        spec: { type: 'string' },
        out: { type: 'string' },
        check: { type: 'boolean', default: false },
        watch: { type: 'boolean', default: false },
        json: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
        ...POLICY_FLAGS,
      },
    });
  } catch (error) {
    console.error(`hem-codegen: ${(error as Error).message}\n${usage}`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    console.log(usage);
    return 0;
  }
  // pnpm runs root scripts in the root; a path the user typed is relative to where they were.
  const cwd = process.env.INIT_CWD ?? process.cwd();
  let policy: LoadOptions;
  try {
    policy = policyFromFlags(values, cwd);
  } catch (error) {
    console.error(`hem-codegen: ${(error as Error).message}`);
    return 2;
  }
  const command = positionals[0];
  if (command === 'check-spec') {
    const file = positionals[1];
    if (!file || positionals.length > 2) {
      console.error(`hem-codegen check-spec: name one OpenAPI document.\n${usage}`);
      return 2;
    }
    const { checkSpec, formatReport, OutDirError } = await import('./check-spec.js');
    let report;
    try {
      report = await checkSpec(resolve(cwd, file), { ...policy, ...(values.out ? { out: resolve(cwd, values.out) } : {}) });
    } catch (error) {
      if (!(error instanceof OutDirError)) throw error;
      console.error(`hem-codegen check-spec: ${error.message}`);
      return 2;
    }
    console.log(values.json ? JSON.stringify(report, null, 2) : formatReport({ ...report, document: file }));
    return report.ok ? 0 : 1;
  }
  const target = command as Target | 'all' | undefined;
  if (!target || (target !== 'all' && !TARGET_NAMES.includes(target))) {
    console.error(`hem-codegen: name a target.\n${usage}`);
    return 2;
  }
  const root = workspaceRoot(process.cwd());
  const spec = values.spec ? resolve(cwd, values.spec) : root ? join(root, 'spec/openapi.yaml') : undefined;
  if (!spec) {
    console.error('hem-codegen: no --spec given and no workspace root found above this folder.');
    return 2;
  }
  let outDir: (t: Target) => string;
  if (values.out) outDir = target === 'all' ? (t) => join(resolve(values.out!), t) : () => resolve(values.out!);
  else if (target !== 'all') outDir = () => resolve('src');
  else if (root) outDir = (t) => join(root, TARGET_DIRS[t]);
  else {
    console.error('hem-codegen all: run it inside the workspace or give --out DIR.');
    return 2;
  }
  const targets = target === 'all' ? TARGET_NAMES : [target];
  const once = () => generate(spec, targets, outDir, values.check, target, policy);
  if (!values.watch) return (await once()).code;
  return watchSpec(spec, targets, outDir, target, policy);
}

/** Renders, reports, and writes (or compares); nothing is written when anything is blocked. */
async function generate(
  spec: string,
  targets: readonly Target[],
  outDir: (t: Target) => string,
  check: boolean,
  label: string,
  policy: LoadOptions,
  loaded?: { document: Record<string, unknown>; warnings: Diagnostic[] },
  started = performance.now(),
) {
  let result = loaded ? renderDocument(loaded.document, targets, sourceName(spec)) : await renderSpec(spec, targets, policy);
  if (loaded?.warnings.length) result = { ...result, diagnostics: [...loaded.warnings, ...result.diagnostics] };
  report(result.diagnostics);
  if (result.blocked.length) {
    console.error(`hem-codegen ${label}: ${result.diagnostics.filter((d) => d.severity === 'error').length} error(s) (${result.blocked.join(', ')} blocked); nothing was written.`);
    return { code: 1 };
  }
  const stale: string[] = [];
  let written = 0;
  let files = 0;
  for (const [t, texts] of result.files) {
    const dir = outDir(t);
    files += texts.size;
    if (check) stale.push(...(await drift(dir, texts)).map((p) => relative(process.cwd(), join(dir, p))));
    else written += (await writeChanged(dir, texts)).written.length;
  }
  const ms = (performance.now() - started).toFixed(0);
  if (stale.length) {
    console.error(`hem-codegen: ${stale.join(', ')} differ from the spec: run pnpm generate and commit the result.`);
    return { code: 1 };
  }
  console.log(check ? `hem-codegen ${label}: ${files} files match the spec (${ms} ms)` : `hem-codegen ${label}: ${written} written, ${files - written} unchanged (${ms} ms)`);
  return { code: 0 };
}

function report(diagnostics: Diagnostic[]): void {
  for (const d of diagnostics) (d.severity === 'error' ? console.error : console.warn)(formatDiagnostic(d));
}

/** Keeps the modules loaded and regenerates after each change to any file of the spec. */
async function watchSpec(spec: string, targets: readonly Target[], outDir: (t: Target) => string, label: string, policy: LoadOptions): Promise<number> {
  let files = new Set<string>([spec]);
  let watchers: ReturnType<typeof watch>[] = [];
  let pending: NodeJS.Timeout | undefined;
  let running = Promise.resolve();
  const run = () => {
    running = running.then(async () => {
      try {
        // Timed from before the load: what --watch prints is the whole regeneration.
        const started = performance.now();
        const loaded = await loadSpec(spec, policy);
        const next = new Set([spec, ...loaded.files.map((f) => resolve(f))]);
        if ([...next].some((f) => !files.has(f)) || next.size !== files.size) rewatch(next);
        await generate(spec, targets, outDir, false, label, policy, loaded, started);
      } catch (error) {
        console.error(`hem-codegen: ${(error as Error).message}`);
      }
    });
  };
  const rewatch = (next: Set<string>) => {
    for (const w of watchers) w.close();
    files = next;
    // Editors replace files on save; a short debounce takes one event per save.
    watchers = [...files].map((f) =>
      watch(f, () => {
        if (pending) clearTimeout(pending);
        pending = setTimeout(run, 20);
      }),
    );
  };
  rewatch(files);
  run();
  console.log(`hem-codegen: watching ${relative(process.cwd(), spec)} (Ctrl-C to stop)`);
  await new Promise<void>((done) => process.once('SIGINT', done).once('SIGTERM', done));
  for (const w of watchers) w.close();
  return 0;
}

/** Runs hem-codegen with these arguments (without node and the script); prints, and answers the exit code. */
export function runCli(args: string[]): Promise<number> {
  return main(args).catch((error) => {
    console.error(error instanceof PolicyError ? `hem-codegen: ${error.message}` : `hem-codegen: ${(error as Error)?.stack ?? error}`);
    return 1;
  });
}
