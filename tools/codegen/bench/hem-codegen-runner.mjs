// The benchmark's stand-in for `hem-codegen all --out DIR`: every target from one load of
// the spec, each written under DIR/<target>. Replace it once the generator has that command.
//   node bench/hem-codegen-runner.mjs SPEC DIR [target,target...]
import { join } from 'node:path';
import { CodegenError, TARGETS, renderTargets, writeChanged } from '../dist/index.mjs';

const [spec, out, only] = process.argv.slice(2);
if (!spec || !out) {
  console.error('usage: node bench/hem-codegen-runner.mjs SPEC DIR [target,target...]');
  process.exit(2);
}
const targets = only ? only.split(',') : Object.keys(TARGETS);
try {
  for (const [target, texts] of await renderTargets(targets, spec)) await writeChanged(join(out, target), texts);
} catch (error) {
  if (!(error instanceof CodegenError)) throw error;
  console.error(`hem-codegen: ${error.message}`);
  process.exit(3);
}
