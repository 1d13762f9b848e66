// Local check, never part of the tests: run every target over another spec (e.g. the
// vendor's whole API description) and type-check what comes out.
//   node tools/codegen/scripts/vendor-check.mjs ../shared/reference/encedo-hem-api-1.2.2.yaml [--keep]
// The output is removed afterwards; --keep leaves it in packages/validator/.vendor-check/.
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { TARGETS, render } from '../dist/index.mjs';

const keep = process.argv.includes('--keep');
const spec = resolve(process.argv.slice(2).find((a) => a !== '--keep') ?? '');
// Emitted under packages/validator so that `zod` resolves from its node_modules.
const out = fileURLToPath(new URL('../../../packages/validator/.vendor-check/', import.meta.url));
rmSync(out, { recursive: true, force: true });
const emitted = [];
for (const target of Object.keys(TARGETS)) {
  const started = performance.now();
  let files;
  try {
    files = await render(target, spec);
  } catch (error) {
    console.log(`${target}: not generated: ${error.message}`);
    continue;
  }
  emitted.push(target);
  const dir = join(out, target);
  mkdirSync(dir, { recursive: true });
  let lines = 0;
  for (const [path, text] of files) {
    writeFileSync(join(dir, path), text);
    lines += text.split('\n').length;
  }
  console.log(`${target}: ${files.size} files, ${lines} lines in ${(performance.now() - started).toFixed(0)} ms`);
}
// The validator's generated schemas call its hand-written runtime.
if (emitted.includes('validator')) for (const file of ['runtime.ts', 'shape.ts']) copyFileSync(new URL(`../../../packages/validator/src/${file}`, import.meta.url), join(out, 'validator', file));
writeFileSync(
  join(out, 'tsconfig.json'),
  JSON.stringify({ extends: '../../../tsconfig.base.json', compilerOptions: { types: [], noUncheckedIndexedAccess: false }, include: ['**/*.ts'] }),
);
const tsc = fileURLToPath(new URL('../node_modules/typescript/bin/tsc', import.meta.url));
try {
  execFileSync(process.execPath, [tsc, '-p', out], { stdio: 'inherit' });
  console.log('all generated files compile');
} catch {
  process.exitCode = 1;
} finally {
  if (keep) console.log(`kept ${out}`);
  else rmSync(out, { recursive: true, force: true });
}
