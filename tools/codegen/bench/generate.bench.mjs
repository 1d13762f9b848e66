// pnpm bench: a full `hem-codegen types` run (bundle, IR, openapi-typescript, named
// exports, ts-morph print, write) against openapi-typescript's CLI alone on the same
// spec, as whole processes, interleaved, in one run. Prints medians and the ratio.
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = (p) => fileURLToPath(new URL(p, import.meta.url));
const spec = process.argv[2] ?? here('../../../spec/openapi.yaml');
const runs = Number(process.env.BENCH_RUNS ?? 9);
const out = mkdtempSync(join(tmpdir(), 'hem-bench-'));

const commands = {
  'hem-codegen types': [here('../dist/cli.mjs'), 'types', '--spec', spec, '--out', out],
  'openapi-typescript CLI': [here('../node_modules/openapi-typescript/bin/cli.js'), spec, '-o', join(out, 'ots.ts')],
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
const [ours, baseline] = Object.keys(commands).map((k) => median(times[k]));
console.log(`generate benchmark, ${runs} runs each, spec ${spec}`);
for (const name of Object.keys(commands)) console.log(`  ${name.padEnd(24)} median ${median(times[name]).toFixed(0)} ms`);
console.log(`  ratio hem-codegen / openapi-typescript: ${(ours / baseline).toFixed(2)}x`);
