#!/usr/bin/env node
// hem-codegen <target> [--spec FILE] [--out DIR] [--check]
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { CodegenError, TARGETS, generate, renderTargets, workspaceRoot, type Target } from './index.js';
import { TARGET_DIRS } from './names.js';
import { drift, writeChanged } from './write.js';

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
  if (target === 'all') return all(values.spec, values.check);
  if (!target || !(target in TARGETS)) {
    console.error(`hem-codegen: name a target.\n${usage}`);
    return 2;
  }
  const root = workspaceRoot(process.cwd());
  const spec = values.spec ? resolve(values.spec) : root ? join(root, 'spec/openapi.yaml') : undefined;
  if (!spec) {
    console.error('hem-codegen: no --spec given and no workspace root found above this folder.');
    return 2;
  }
  const started = performance.now();
  const result = await generate({ target, spec, outDir: resolve(values.out), check: values.check });
  const ms = (performance.now() - started).toFixed(0);
  if (values.check) {
    if (result.stale.length) {
      console.error(`hem-codegen: ${result.stale.join(', ')} in ${values.out} differ from the spec: run pnpm generate and commit the result.`);
      return 1;
    }
    console.log(`hem-codegen ${target}: ${result.files.size} files match the spec (${ms} ms)`);
    return 0;
  }
  console.log(`hem-codegen ${target}: ${result.written.length} written, ${result.files.size - result.written.length} unchanged (${ms} ms)`);
  return 0;
}

/** Every target from one load of the spec, written into the workspace's packages. */
async function all(specOption: string | undefined, check: boolean): Promise<number> {
  const root = workspaceRoot(process.cwd());
  if (!root) {
    console.error('hem-codegen all: run it inside the workspace (no pnpm-workspace.yaml above this folder).');
    return 2;
  }
  const started = performance.now();
  const targets = Object.keys(TARGETS) as Target[];
  const rendered = await renderTargets(targets, specOption ? resolve(specOption) : join(root, 'spec/openapi.yaml'));
  const stale: string[] = [];
  let written = 0;
  let files = 0;
  for (const [target, texts] of rendered) {
    const dir = join(root, TARGET_DIRS[target]);
    files += texts.size;
    if (check) stale.push(...(await drift(dir, texts)).map((p) => `${TARGET_DIRS[target]}/${p}`));
    else written += (await writeChanged(dir, texts)).written.length;
  }
  const ms = (performance.now() - started).toFixed(0);
  if (stale.length) {
    console.error(`hem-codegen: ${stale.join(', ')} differ from the spec: run pnpm generate and commit the result.`);
    return 1;
  }
  console.log(check ? `hem-codegen all: ${files} files match the spec (${ms} ms)` : `hem-codegen all: ${written} written, ${files - written} unchanged (${ms} ms)`);
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
