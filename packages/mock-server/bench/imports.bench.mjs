// pnpm bench (mock-server): sustained imports per second from a separate process at several
// concurrency levels, median and p99 latency, against the mock and, in the same run, a
// bare node:http(s) server that answers a fixed 200; prints the mock's share of the bare
// server's throughput. Server and client each run in their own process.
// Env: BENCH_LEVELS (default 1,16,64,256), BENCH_SECONDS (measured, default 4), BENCH_WARMUP_SECONDS (default 1).
import { spawn } from 'node:child_process';
import { generateKeyPair } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const HERE = fileURLToPath(new URL('.', import.meta.url));
const LEVELS = (process.env.BENCH_LEVELS ?? '1,16,64,256').split(',').map(Number);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 4);
const WARMUP = Number(process.env.BENCH_WARMUP_SECONDS ?? 1);
const KEYS = Number(process.env.BENCH_KEYS ?? 60000);

const dir = mkdtempSync(join(tmpdir(), 'hem-mock-bench-'));
try {
  // Real Ed25519 keys, made once (on the thread pool) and shared by every run; each mock run
  // starts with an empty repository, so every import in it is new.
  const started = performance.now();
  const keygen = promisify(generateKeyPair);
  const keys = [];
  for (let i = 0; i < KEYS; i += 500) {
    const batch = await Promise.all(
      Array.from({ length: Math.min(500, KEYS - i) }, () =>
        keygen('ed25519', { publicKeyEncoding: { type: 'spki', format: 'der' }, privateKeyEncoding: { type: 'pkcs8', format: 'der' } }),
      ),
    );
    for (const { publicKey } of batch) keys.push(publicKey.subarray(-32).toString('base64'));
  }
  const keysFile = join(dir, 'keys.txt');
  writeFileSync(keysFile, keys.join('\n'));
  console.log(
    `mock-server benchmark: ${KEYS} Ed25519 keys made in ${((performance.now() - started) / 1000).toFixed(1)} s; ${WARMUP} s warm-up + ${SECONDS} s measured per run, server and client in separate processes`,
  );

  const results = [];
  for (const scheme of ['http', 'https']) {
    for (const concurrency of LEVELS) {
      for (const kind of ['bare', 'mock']) {
        const result = await run(kind, scheme, concurrency, keysFile);
        results.push({ kind, scheme, concurrency, ...result });
        const base = results.find((r) => r.kind === 'bare' && r.scheme === scheme && r.concurrency === concurrency);
        const other = Object.entries(result.statuses).filter(([s]) => s !== '200');
        console.log(
          `  ${`${scheme} ${kind === 'bare' ? 'bare node server' : 'mock (imports)'}`.padEnd(24)} c=${String(concurrency).padEnd(4)} ${result.perSecond.toFixed(0).padStart(6)} req/s  median ${result.p50.toFixed(2).padStart(6)} ms  p99 ${result.p99.toFixed(2).padStart(7)} ms` +
            (kind === 'mock' ? `  ${(result.perSecond / base.perSecond).toFixed(2)}x bare` : '') +
            (other.length ? `  (non-200: ${other.map(([s, n]) => `${n}x ${s}`).join(', ')})` : ''),
        );
      }
    }
  }
  console.log('mock throughput as a share of the bare server (aim: at least 0.5):');
  for (const scheme of ['http', 'https']) {
    const line = LEVELS.map((c) => {
      const [bare, mock] = ['bare', 'mock'].map((kind) => results.find((r) => r.kind === kind && r.scheme === scheme && r.concurrency === c));
      return `c=${c} ${(mock.perSecond / bare.perSecond).toFixed(2)}`;
    });
    console.log(`  ${scheme.padEnd(5)} ${line.join('  ')}`);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}

function lineOf(child) {
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => {
      out += d;
      const end = out.indexOf('\n');
      if (end >= 0) resolve(JSON.parse(out.slice(0, end)));
    });
    child.stderr.on('data', (d) => (err += d));
    child.on('exit', (code) => reject(new Error(`${child.spawnargs.slice(1).join(' ').slice(0, 80)} exited ${code}\n${err}`)));
  });
}

async function run(kind, scheme, concurrency, keysFile) {
  const server = spawn(process.execPath, [join(HERE, 'server.mjs'), kind, scheme], { stdio: ['ignore', 'pipe', 'pipe'] });
  try {
    const { url, ca, token } = await lineOf(server);
    const load = spawn(process.execPath, [join(HERE, 'load.mjs'), JSON.stringify({ url, ca, token, concurrency, warmupMs: WARMUP * 1000, durationMs: SECONDS * 1000, keysFile })], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    return await lineOf(load);
  } finally {
    const exited = new Promise((resolve) => server.once('exit', resolve));
    server.kill('SIGTERM');
    await exited;
  }
}
