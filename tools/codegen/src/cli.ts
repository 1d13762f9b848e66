#!/usr/bin/env node
// hem-codegen <target> [--spec FILE] [--out DIR] [--check]
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { CodegenError, TARGETS, generate, workspaceRoot, type Target } from './index.js';

const usage = `Usage: hem-codegen <${Object.keys(TARGETS).join('|')}> [--spec FILE] [--out DIR] [--check]

  --spec FILE  the OpenAPI document (default: spec/openapi.yaml at the workspace root)
  --out DIR    where the *.gen.ts files go (default: src)
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
  const target = positionals[0] as Target | undefined;
  if (values.help) {
    console.log(usage);
    return 0;
  }
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
