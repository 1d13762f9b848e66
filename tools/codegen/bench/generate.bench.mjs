// pnpm bench: a full generate (hem-codegen for the types, validator and client targets,
// each a whole process as `pnpm generate` runs them) against openapi-typescript's CLI alone
// on the same spec, interleaved, in one run. Prints medians and the ratios.
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = (p) => fileURLToPath(new URL(p, import.meta.url));
const spec = process.argv[2] ?? here('../../../spec/openapi.yaml');
const runs = Number(process.env.BENCH_RUNS ?? 9);
const out = mkdtempSync(join(tmpdir(), 'hem-bench-'));
const cli = here('../dist/cli.mjs');

const commands = {
  'openapi-typescript CLI': [here('../node_modules/openapi-typescript/bin/cli.js'), spec, '-o', join(out, 'ots.ts')],
  'hem-codegen types': [cli, 'types', '--spec', spec, '--out', join(out, 'types')],
  'hem-codegen validator': [cli, 'validator', '--spec', spec, '--out', join(out, 'validator')],
  'hem-codegen client': [cli, 'client', '--spec', spec, '--out', join(out, 'client')],
};
const times = Object.fromEntries(Object.keys(commands).map((k) => [k, []]));
const once = (args) => {
  const t = performance.now();
  execFileSync(process.execPath, args, { stdio: 'ignore' });
  return performance.now() - t;
};
for (const args of Object.values(commands)) once(args); // warm the file cache
for (let i = 0; i < runs; i++) for (const [name, args] of Object.entries(commands)) times[name].push(once(args));

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const m = Object.fromEntries(Object.keys(commands).map((k) => [k, median(times[k])]));
const baseline = m['openapi-typescript CLI'];
const full = m['hem-codegen types'] + m['hem-codegen validator'] + m['hem-codegen client'];
console.log(`generate benchmark, ${runs} runs each, spec ${spec}`);
for (const name of Object.keys(commands)) console.log(`  ${name.padEnd(26)} median ${m[name].toFixed(0).padStart(5)} ms  ${(m[name] / baseline).toFixed(2)}x`);
console.log(`  full generate (3 targets)  ${full.toFixed(0).padStart(12)} ms  ${(full / baseline).toFixed(2)}x openapi-typescript`);
