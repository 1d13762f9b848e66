// pnpm bench: a full generate against openapi-typescript's CLI alone on the same spec,
// whole processes, interleaved, in one run: `hem-codegen all` (every target from one load
// of the spec), and each target on its own as turbo's per-package tasks run it. Prints
// medians and the ratios.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = (p) => fileURLToPath(new URL(p, import.meta.url));
const spec = process.argv[2] ?? here('../../../spec/openapi.yaml');
const runs = Number(process.env.BENCH_RUNS ?? 9);
const out = mkdtempSync(join(tmpdir(), 'hem-bench-'));
process.on('exit', () => rmSync(out, { recursive: true, force: true }));
const cli = here('../dist/cli.mjs');

const commands = {
  'openapi-typescript CLI': [here('../node_modules/openapi-typescript/bin/cli.js'), spec, '-o', join(out, 'ots.ts')],
  'hem-codegen all': [cli, 'all', '--spec', spec, '--check'],
  'hem-codegen types': [cli, 'types', '--spec', spec, '--out', join(out, 'types')],
  'hem-codegen validator': [cli, 'validator', '--spec', spec, '--out', join(out, 'validator')],
  'hem-codegen client': [cli, 'client', '--spec', spec, '--out', join(out, 'client')],
};
const times = Object.fromEntries(Object.keys(commands).map((k) => [k, []]));
const once = (args) => {
  const t = performance.now();
  // `all --check` renders every target and compares with the packages: the same work as
  // writing them, without touching the work tree.
  execFileSync(process.execPath, args, { stdio: 'ignore', cwd: here('../../..') });
  return performance.now() - t;
};
try {
  for (const args of Object.values(commands)) once(args); // warm the file cache
  for (let i = 0; i < runs; i++) for (const [name, args] of Object.entries(commands)) times[name].push(once(args));
} finally {
  rmSync(out, { recursive: true, force: true });
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const m = Object.fromEntries(Object.keys(commands).map((k) => [k, median(times[k])]));
const baseline = m['openapi-typescript CLI'];
const full = m['hem-codegen types'] + m['hem-codegen validator'] + m['hem-codegen client'];
console.log(`generate benchmark, ${runs} runs each, spec ${spec}`);
for (const name of Object.keys(commands)) console.log(`  ${name.padEnd(26)} median ${m[name].toFixed(0).padStart(5)} ms  ${(m[name] / baseline).toFixed(2)}x`);
console.log(`  full generate, one process (hem-codegen all): ${(m['hem-codegen all'] / baseline).toFixed(2)}x openapi-typescript`);
console.log(`  full generate, one process per target (sum): ${full.toFixed(0)} ms, ${(full / baseline).toFixed(2)}x openapi-typescript`);
