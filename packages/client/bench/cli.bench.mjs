// pnpm bench (client): what a hem-import case costs the CLI tests, run through the bin (a Node
// process per case) versus the batch child the tests use (test/cli-batch.mjs: one process,
// runCli per case), the child's start included. CPU of the child processes (Linux: this
// process's cutime + cstime), and wall time; the same cases, in one run.
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runNode, startCliBatch } from '../test/cli-batch.mjs';

const CASES = Number(process.env.BENCH_CLI_CASES ?? 20);
const BIN = fileURLToPath(new URL('../dist/cli.mjs', import.meta.url));
const MODULE = fileURLToPath(new URL('../dist/cli-run.mjs', import.meta.url));

const dir = mkdtempSync(join(tmpdir(), 'hem-cli-bench-'));
const key = join(dir, 'peer.pem');
writeFileSync(key, generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'pem' }));
// A dry run: reads the key, loads the validator, checks and prints; no device needed.
const args = ['--label', 'bench', '--dry-run', '--json', key];
const env = { PATH: process.env.PATH ?? '' };

/** CPU seconds of this process's waited-for children (/proc/self/stat fields 16 and 17, in clock ticks of 1/100 s). */
function childrenCpu() {
  const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1].split(' ');
  return (Number(fields[13]) + Number(fields[14])) / 100;
}

async function measure(body) {
  const cpu = childrenCpu();
  const wall = performance.now();
  await body();
  return { cpu: childrenCpu() - cpu, wall: (performance.now() - wall) / 1000 };
}

const expected = [];
const bin = await measure(async () => {
  for (let i = 0; i < CASES; i++) {
    const out = await runNode([BIN, ...args], env);
    if (out.code !== 0) throw new Error(`the bin exited ${out.code}: ${out.stderr}`);
    expected.push(out);
  }
});
const batch = await measure(async () => {
  const child = startCliBatch({ module: MODULE, env, memoryLimit: 512 * 2 ** 20 });
  for (let i = 0; i < CASES; i++) {
    const { code, stdout, stderr } = await child.run(args, env);
    // The bench compares like with like: each batch answer is the bin's.
    if (JSON.stringify({ code, stdout, stderr }) !== JSON.stringify(expected[i])) throw new Error(`case ${i}: the batch answered differently from the bin`);
  }
  const { unexpected, stray } = await child.close();
  if (unexpected.length || stray) throw new Error(`the batch child: ${unexpected.join('; ')} ${stray}`);
});
rmSync(dir, { recursive: true, force: true });

console.log(`hem-import in the CLI tests: ${CASES} dry-run cases, CPU of the child processes`);
for (const [name, { cpu, wall }] of Object.entries({ 'the bin, a process per case': bin, 'one batch child (its start included)': batch })) {
  console.log(
    `  ${name.padEnd(38)} ${((cpu / CASES) * 1000).toFixed(1).padStart(6)} ms CPU/case ${((wall / CASES) * 1000).toFixed(1).padStart(6)} ms wall/case  ${(cpu / bin.cpu).toFixed(3)}x the bin's CPU`,
  );
}
