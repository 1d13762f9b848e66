// pnpm bench: a full generate against openapi-typescript's CLI alone (which also loads through
// Redocly), whole processes, interleaved, in one run, on three documents: our spec, the vendor's
// document, and a 900-operation document made here from the vendor's (its paths and components
// copied under new names). For our spec also each target on its own, as turbo's per-package
// tasks run it. Prints medians and the ratios.
//   node bench/generate.bench.mjs [SPEC]     BENCH_RUNS=N runs per command (default 7)
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadSpec } from '../dist/load.mjs';

const here = (p) => fileURLToPath(new URL(p, import.meta.url));
const runs = Number(process.env.BENCH_RUNS ?? 7);
const out = mkdtempSync(join(tmpdir(), 'hem-bench-'));
process.on('exit', () => rmSync(out, { recursive: true, force: true }));
const cli = here('../dist/cli.mjs');
const ots = here('../node_modules/openapi-typescript/bin/cli.js');
const vendor = here('../test/fixtures/encedo-hem-api-1.2.2.yaml');

/** The vendor's document with its paths and components copied under new names until it has `target` operations. */
async function scaled(target) {
  const { document } = await loadSpec(vendor);
  const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];
  const count = Object.values(document.paths).reduce((n, item) => n + METHODS.filter((m) => item[m]).length, 0);
  const copies = Math.ceil(target / count);
  const rename = (node, n) => {
    if (Array.isArray(node)) return node.map((v) => rename(v, n));
    if (node === null || typeof node !== 'object') return node;
    const copy = {};
    for (const [k, v] of Object.entries(node)) {
      if (k === '$ref' && typeof v === 'string' && v.startsWith('#/components/')) copy[k] = v.replace(/^(#\/components\/[^/]+\/[^/]+)/, `$1_${n}`);
      else if (k === 'operationId' && typeof v === 'string') copy[k] = `${v}_${n}`;
      else copy[k] = rename(v, n);
    }
    return copy;
  };
  const paths = {};
  const components = {};
  for (let n = 0; n < copies; n++) {
    for (const [path, item] of Object.entries(document.paths)) paths[`/copy${n}${path}`] = rename(item, n);
    for (const [section, entries] of Object.entries(document.components ?? {})) {
      // Security schemes are named by security requirements, not $refs: keep one set.
      if (section === 'securitySchemes') {
        components[section] = entries;
        continue;
      }
      components[section] ??= {};
      for (const [name, value] of Object.entries(entries)) components[section][`${name}_${n}`] = rename(value, n);
    }
  }
  const file = join(out, `vendor-x${copies}.json`);
  writeFileSync(file, JSON.stringify({ ...document, paths, components }));
  return { file, operations: count * copies };
}

const big = await scaled(900);
const documents = [
  [process.argv[2] ?? here('../../../spec/openapi.yaml'), 'our spec'],
  [vendor, 'vendor document'],
  [big.file, `${big.operations} operations`],
];

const commands = {};
for (const [i, [spec, label]] of documents.entries()) {
  const dir = join(out, `out-${i}`);
  commands[`${label} | openapi-typescript CLI`] = [ots, spec, '-o', join(dir, 'ots.ts')];
  commands[`${label} | hem-codegen all`] = [cli, 'all', '--spec', spec, '--out', join(dir, 'all')];
}
const ours = documents[0][0];
for (const t of ['types', 'validator', 'client']) commands[`our spec | hem-codegen ${t}`] = [cli, t, '--spec', ours, '--out', join(out, 'targets', t)];

const times = Object.fromEntries(Object.keys(commands).map((k) => [k, []]));
const once = (args) => {
  const t = performance.now();
  execFileSync(process.execPath, args, { stdio: 'ignore', cwd: here('../../..') });
  return performance.now() - t;
};
for (const args of Object.values(commands)) once(args); // warm the file cache
for (let i = 0; i < runs; i++) for (const [name, args] of Object.entries(commands)) times[name].push(once(args));

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const m = Object.fromEntries(Object.keys(commands).map((k) => [k, median(times[k])]));
console.log(`generate benchmark: node ${process.version}, ${runs} runs each, medians; ratio = time / openapi-typescript CLI on the same document`);
for (const [, label] of documents) {
  const baseline = m[`${label} | openapi-typescript CLI`];
  for (const name of Object.keys(commands).filter((k) => k.startsWith(`${label} |`))) {
    console.log(`  ${name.padEnd(52)} median ${m[name].toFixed(0).padStart(6)} ms  ${(m[name] / baseline).toFixed(2)}x`);
  }
}
const baseline = m['our spec | openapi-typescript CLI'];
const full = ['types', 'validator', 'client'].reduce((sum, t) => sum + m[`our spec | hem-codegen ${t}`], 0);
console.log(`  our spec, one process per target (sum): ${full.toFixed(0)} ms, ${(full / baseline).toFixed(2)}x openapi-typescript`);
for (const [, label] of documents) {
  const r = m[`${label} | hem-codegen all`] / m[`${label} | openapi-typescript CLI`];
  console.log(`  hem-codegen all / openapi-typescript, ${label}: ${r.toFixed(2)}x (${r <= 1.2 ? 'within' : 'OVER'} the 1.2x budget)`);
}
