#!/usr/bin/env node
// hem-codegen <target|all> [--spec FILE] [--out DIR] [--check]
import { join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { CodegenError, TARGETS, drift, renderTargets, workspaceRoot, writeChanged, type Target } from './index.js';
import { TARGET_DIRS } from './names.js';

const usage = `Usage: hem-codegen <${Object.keys(TARGETS).join('|')}|all> [--spec FILE] [--out DIR] [--check]

  all          every target in one process, each into its package (${Object.values(TARGET_DIRS).join(', ')})
  --spec FILE  the OpenAPI document (default: spec/openapi.yaml at the workspace root)
  --out DIR    where the *.gen.ts files go (default: src; not with all)
  --check      write nothing; exit 1 when a generated file differs from the spec`;

async function main(): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      allowPositionals: true,
      options: {
        spec: { type: 'string' },
        out: { type: 'string', default: 'src' },
        check: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (error) {
    console.error(`hem-codegen: ${(error as Error).message}\n${usage}`);
    return 2;
  }
  const { values, positionals } = parsed;
  const target = positionals[0] as Target | 'all' | undefined;
  if (values.help) {
    console.log(usage);
    return 0;
  }
  if (!target || (target !== 'all' && !(target in TARGETS))) {
    console.error(`hem-codegen: name a target.\n${usage}`);
    return 2;
  }
  const root = workspaceRoot(process.cwd());
  const spec = values.spec ? resolve(values.spec) : root ? join(root, 'spec/openapi.yaml') : undefined;
  if (!spec) {
    console.error('hem-codegen: no --spec given and no workspace root found above this folder.');
    return 2;
  }
  // One target goes to --out; `all` puts each target into its package.
  let outDir: (t: Target) => string;
  if (target !== 'all') outDir = () => resolve(values.out);
  else if (root) outDir = (t) => join(root, TARGET_DIRS[t]);
  else {
    console.error('hem-codegen all: run it inside the workspace (no pnpm-workspace.yaml above this folder).');
    return 2;
  }

  const started = performance.now();
  const targets = target === 'all' ? (Object.keys(TARGETS) as Target[]) : [target];
  const stale: string[] = [];
  let written = 0;
  let files = 0;
  for (const [t, texts] of await renderTargets(targets, spec)) {
    const dir = outDir(t);
    files += texts.size;
    if (values.check) stale.push(...(await drift(dir, texts)).map((p) => relative(process.cwd(), join(dir, p))));
    else written += (await writeChanged(dir, texts)).written.length;
  }
  const ms = (performance.now() - started).toFixed(0);
  if (stale.length) {
    console.error(`hem-codegen: ${stale.join(', ')} differ from the spec: run pnpm generate and commit the result.`);
    return 1;
  }
  console.log(values.check ? `hem-codegen ${target}: ${files} files match the spec (${ms} ms)` : `hem-codegen ${target}: ${written} written, ${files - written} unchanged (${ms} ms)`);
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error) => {
    if (error instanceof CodegenError) {
      console.error(`hem-codegen: ${error.message}`);
      process.exit(1);
    }
    throw error;
  },
);
