// pnpm bench: every target of ours against openapi-typescript, @hey-api/openapi-ts and orval,
// on our spec and on the vendor's whole API description. Each contestant is a whole child
// process (as a user runs it), the runs are interleaved round-robin, and each prints the
// median CPU time (user + sys of the child and everything it spawned) and wall time.
//   node bench/peers.bench.mjs          BENCH_RUNS=N for more or fewer rounds (default 7)
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = (p) => fileURLToPath(new URL(p, import.meta.url));
const runs = Number(process.env.BENCH_RUNS ?? 7);
const documents = [here('../../../spec/openapi.yaml'), here('../test/fixtures/encedo-hem-api-1.2.2.yaml')];
const bin = (p) => here(`../node_modules/${p}`);

// Ours: the one place that says how our generator is run. `targets` lets the bench leave out a
// target that refuses a document and time the rest.
const OURS = 'hem-codegen';
const ours = {
  name: OURS,
  what: 'types + validator + client',
  targets: ['types', 'validator', 'client'],
  // `all --out DIR`: every target from one load, each into DIR/<target>.
  command: (spec, out) => [here('../dist/cli.mjs'), 'all', '--spec', spec, '--out', out],
};
const peers = [
  {
    name: 'openapi-typescript 7.13.0',
    what: 'types',
    command: (spec, out) => [bin('openapi-typescript/bin/cli.js'), spec, '-o', join(out, 'schema.ts')],
  },
  {
    name: '@hey-api/openapi-ts 0.95.0',
    what: 'types + zod + sdk (fetch)',
    command: () => [bin('@hey-api/openapi-ts/bin/run.js'), '-f', here('peers/openapi-ts.config.mjs')],
  },
  {
    name: 'orval 7.13.2',
    what: 'fetch client + zod',
    command: () => [bin('orval/dist/bin/orval.js'), '--config', here('peers/orval.config.cjs')],
  },
];

// CPU of finished children as the kernel accounts it: cutime + cstime of this process, which
// include every descendant a child waited for (hey-api's bin starts a second node).
if (process.platform !== 'linux') throw new Error('peers.bench.mjs reads /proc/self/stat: run it on Linux.');
const tick = 1000 / 100; // USER_HZ is 100 on Linux: the kernel reports these in 1/100 s
const childCpuMs = () => {
  const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1].split(' ');
  return (Number(fields[13]) + Number(fields[14])) * tick;
};

const root = mkdtempSync(join(tmpdir(), 'hem-peers-'));
process.on('exit', () => rmSync(root, { recursive: true, force: true }));
process.on('SIGINT', () => process.exit(130));

/** One whole run in a fresh output folder: { cpu, wall, ok, error, files, bytes }. */
function run(contestant, spec, targets) {
  const out = mkdtempSync(join(root, 'out-'));
  const args = contestant.command(spec, out, targets);
  const env = { ...process.env, PEER_SPEC: spec, PEER_OUT: out };
  const cpu0 = childCpuMs();
  const t0 = performance.now();
  const child = spawnSync(process.execPath, args, { cwd: here('..'), env, encoding: 'utf8', maxBuffer: 64 << 20 });
  const wall = performance.now() - t0;
  const cpu = childCpuMs() - cpu0;
  const { files, bytes } = sizeOf(out);
  rmSync(out, { recursive: true, force: true });
  const ok = child.status === 0 && files > 0;
  const error = ok ? undefined : `${child.error?.message ?? (child.stderr || child.stdout || `exit ${child.status}, no files written`)}`.trim();
  return { cpu, wall, ok, error, files, bytes };
}

function sizeOf(dir) {
  let files = 0;
  let bytes = 0;
  for (const entry of readdirSync(dir, { recursive: true })) {
    const s = statSync(join(dir, entry));
    if (!s.isFile()) continue;
    files += 1;
    bytes += s.size;
  }
  return { files, bytes };
}

const firstLine = (text) =>
  text
    .split('\n')
    .find((l) => /error|refus|not supported|invalid/i.test(l))
    ?.trim() ?? text.split('\n')[0];

// Warm-up (file cache, compile cache) and the check that each contestant takes each document.
// Ours: a target that refuses the document is left out and named; the others are timed.
const entries = []; // { contestant, spec, targets, note, output, cpu: [], wall: [] }
for (const spec of documents) {
  for (const contestant of [ours, ...peers]) {
    let targets = contestant.targets;
    let result = run(contestant, spec, targets);
    let note = '';
    if (!result.ok && targets) {
      const refused = targets.map((t) => [t, run(contestant, spec, [t])]).filter(([, r]) => !r.ok);
      targets = targets.filter((t) => !refused.some(([r]) => r === t));
      note = refused.map(([t, r]) => `${t} refused: ${firstLine(r.error)}`).join('; ');
      result = targets.length ? run(contestant, spec, targets) : result;
    }
    if (!result.ok && !note) note = `refused: ${firstLine(result.error)}`;
    entries.push({ contestant, spec, targets, note, ok: result.ok, output: result, cpu: [], wall: [] });
  }
}

const timed = entries.filter((e) => e.ok);
for (let round = 0; round < runs; round++) {
  // Rotate the starting contestant so that no one always runs right after the same neighbour.
  for (let i = 0; i < timed.length; i++) {
    const e = timed[(i + round) % timed.length];
    const r = run(e.contestant, e.spec, e.targets);
    if (!r.ok) throw new Error(`${e.contestant.name} failed on ${e.spec} in round ${round + 1}: ${r.error}`);
    e.cpu.push(r.cpu);
    e.wall.push(r.wall);
  }
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const ms = (x) => `${x.toFixed(0)} ms`;
const ratio = (a, b) => `${(a / b).toFixed(2)}x`;

console.log(`peers benchmark: node ${process.version}, ${runs} interleaved runs each; CPU = user+sys of the whole process tree (10 ms resolution), medians`);
for (const spec of documents) {
  const rows = entries.filter((e) => e.spec === spec);
  const mine = rows.find((e) => e.contestant === ours);
  const m = (e) => ({ cpu: median(e.cpu), wall: median(e.wall) });
  console.log(`\n${relative(here('../../..'), spec)} (${(statSync(spec).size / 1024).toFixed(0)} KiB)`);
  console.log(`  ${'contestant'.padEnd(28)}${'output'.padEnd(50)}${'CPU'.padStart(9)}${'wall'.padStart(9)}   ours/this CPU, wall`);
  for (const e of rows) {
    const label = e.contestant === ours ? e.targets.join(' + ') || 'nothing' : e.contestant.what;
    const output = `${label}, ${e.output.files} files ${(e.output.bytes / 1024).toFixed(0)} KiB`;
    if (!e.ok) {
      console.log(`  ${e.contestant.name.padEnd(28)}${e.note}`);
      continue;
    }
    const r = m(e);
    const vs = mine?.ok && e !== mine ? `   ${ratio(m(mine).cpu, r.cpu)}, ${ratio(m(mine).wall, r.wall)}` : '';
    console.log(`  ${e.contestant.name.padEnd(28)}${output.padEnd(50)}${ms(r.cpu).padStart(9)}${ms(r.wall).padStart(9)}${vs}`);
    if (e.contestant === ours && e.note) console.log(`  ${''.padEnd(28)}left out: ${e.note}`);
  }
  const timedPeers = rows.filter((e) => e.ok && e.contestant !== ours);
  if (mine?.ok && timedPeers.length) {
    const byCpu = timedPeers.reduce((a, b) => (m(a).cpu <= m(b).cpu ? a : b));
    const byWall = timedPeers.reduce((a, b) => (m(a).wall <= m(b).wall ? a : b));
    const partial = mine.targets.length < ours.targets.length ? ` (ours without ${ours.targets.filter((t) => !mine.targets.includes(t)).join(', ')})` : '';
    console.log(
      `  ours vs fastest peer${partial}: CPU ${ratio(m(mine).cpu, m(byCpu).cpu)} (${byCpu.contestant.name}), wall ${ratio(m(mine).wall, m(byWall).wall)} (${byWall.contestant.name})`,
    );
  }
}
console.log(`\noutputs went to ${root}, removed now`);
