// pnpm bench: how fast `hem-codegen all --watch` regenerates after an edit, for our spec and
// the vendor's document, against a cold `hem-codegen all` of the same document measured in
// the same run. Each edit changes one description; the time is the generator's own (from
// the change event to the files written), as it prints it.
//   node bench/watch.bench.mjs          BENCH_RUNS=N edits per document (default 15)
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = (p) => fileURLToPath(new URL(p, import.meta.url));
const runs = Number(process.env.BENCH_RUNS ?? 15);
const cli = here('../dist/cli.mjs');
const root = mkdtempSync(join(tmpdir(), 'hem-watch-bench-'));
process.on('exit', () => rmSync(root, { recursive: true, force: true }));

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function measure(source, marker) {
  const dir = mkdtempSync(join(root, 'doc-'));
  // The spec's folder (it may refer to files beside it), copied so edits touch no real file.
  cpSync(dirname(source), dir, { recursive: true, filter: (p) => !p.includes('node_modules') && !p.includes('dist') });
  const spec = join(dir, basename(source));
  const original = readFileSync(spec, 'utf8');
  const out = join(dir, 'out');

  const cold = [];
  for (let i = 0; i < 5; i++) {
    const t = performance.now();
    const r = spawnSync(process.execPath, [cli, 'all', '--spec', spec, '--out', out], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(r.stderr);
    cold.push(performance.now() - t);
  }

  const child = spawn(process.execPath, [cli, 'all', '--spec', spec, '--out', out, '--watch'], { stdio: ['ignore', 'pipe', 'inherit'] });
  const times = [];
  let waiting;
  let buffer = '';
  child.stdout.on('data', (chunk) => {
    buffer += chunk;
    for (let nl = buffer.indexOf('\n'); nl >= 0; nl = buffer.indexOf('\n')) {
      const line = buffer.slice(0, nl);
      buffer = buffer.slice(nl + 1);
      const ms = /written, \d+ unchanged \((\d+) ms\)/.exec(line);
      if (ms && waiting) waiting(Number(ms[1]));
    }
  });
  const next = () => new Promise((done) => (waiting = done));
  await next(); // the first generation
  for (let i = 0; i < runs; i++) {
    const settled = next();
    writeFileSync(spec, original.replace(marker, `${marker} (edit ${i})`));
    times.push(await settled);
  }
  child.kill('SIGTERM');
  return { cold: median(cold), warm: median(times), max: Math.max(...times) };
}

const documents = [
  [here('../../../spec/openapi.yaml'), 'The key to import.'],
  [here('../test/fixtures/encedo-hem-api-1.2.2.yaml'), 'Import an external public key'],
];
console.log(`watch benchmark: node ${process.version}, ${runs} edits per document; medians`);
for (const [spec, marker] of documents) {
  const r = await measure(spec, marker);
  console.log(
    `  ${basename(spec).padEnd(28)} regenerate after an edit ${String(r.warm).padStart(4)} ms (max ${r.max} ms)   cold hem-codegen all ${r.cold.toFixed(0).padStart(5)} ms   ratio ${(r.warm / r.cold).toFixed(2)}x`,
  );
}
