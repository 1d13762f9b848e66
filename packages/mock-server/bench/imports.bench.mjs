// pnpm bench (mock-server): sustained imports per second from a separate process at several
// concurrency levels, median and p99 latency, against the mock and, in the same run, a bare
// node:http(s) server that reads and parses the JSON body and answers a fixed 200; prints the
// mock's share of the bare server's throughput. Server and client each run in their own
// process, a fresh server per run.
//
// The machine may be shared, so the two servers are measured in interleaved rounds (bare then
// mock, then mock then bare, ...) and compared by their medians. Each run also reports the CPU
// that the server and the client used per request and as a share of one core: the client is
// the same for both servers, and when it is the busier process the bare server's figure is the
// client's ceiling rather than the server's (shown as "client-bound").
// Env: BENCH_LEVELS (default 1,16,64,256), BENCH_ROUNDS (3), BENCH_SECONDS (measured, 3),
// BENCH_WARMUP_SECONDS (2), BENCH_SCHEMES (http,https).
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const HERE = fileURLToPath(new URL('.', import.meta.url));
const LEVELS = (process.env.BENCH_LEVELS ?? '1,16,64,256').split(',').map(Number);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 3);
const WARMUP = Number(process.env.BENCH_WARMUP_SECONDS ?? 2);
const SCHEMES = (process.env.BENCH_SCHEMES ?? 'http,https').split(',');

console.log(
  `mock-server benchmark: ${ROUNDS} interleaved rounds of ${WARMUP} s warm-up + ${SECONDS} s measured per server, level and scheme; ` +
    'server and client in separate processes; cpu = µs per request and share of one core',
);
const results = [];
for (const scheme of SCHEMES) {
  for (const concurrency of LEVELS) {
    for (let round = 0; round < ROUNDS; round++) {
      for (const kind of round % 2 === 0 ? ['bare', 'mock'] : ['mock', 'bare']) {
        const result = await run(kind, scheme, concurrency);
        results.push({ kind, scheme, concurrency, round, ...result });
        const other = Object.entries(result.statuses).filter(([s]) => s !== '200');
        console.log(
          `  ${scheme.padEnd(5)} ${kind} c=${String(concurrency).padEnd(4)} round ${round + 1}: ${result.perSecond.toFixed(0).padStart(6)} req/s  median ${result.p50.toFixed(2).padStart(6)} ms  p99 ${result.p99.toFixed(2).padStart(7)} ms` +
            `  cpu server ${cpuText(result.serverCpu, result)}  client ${cpuText(result.clientCpu, result)}` +
            (result.clientCpu > result.serverCpu ? '  client-bound' : '') +
            (other.length ? `  (non-200: ${other.map(([s, n]) => `${n}x ${s}`).join(', ')})` : ''),
        );
      }
    }
  }
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};
console.log(`medians of ${ROUNDS} rounds (aim: mock at least 0.7x the bare server):`);
for (const scheme of SCHEMES) {
  for (const concurrency of LEVELS) {
    const of = (kind) => results.filter((r) => r.kind === kind && r.scheme === scheme && r.concurrency === concurrency);
    const [bare, mock] = [of('bare'), of('mock')];
    const m = (runs, key) => median(runs.map((r) => r[key]));
    const paired = bare.map((b) => mock.find((k) => k.round === b.round).perSecond / b.perSecond);
    console.log(
      `  ${scheme.padEnd(5)} c=${String(concurrency).padEnd(4)} bare ${m(bare, 'perSecond').toFixed(0).padStart(6)} req/s (p50 ${m(bare, 'p50').toFixed(2)} ms, p99 ${m(bare, 'p99').toFixed(2)} ms)` +
        `  mock ${m(mock, 'perSecond').toFixed(0).padStart(6)} req/s (p50 ${m(mock, 'p50').toFixed(2)} ms, p99 ${m(mock, 'p99').toFixed(2)} ms)` +
        `  ${(m(mock, 'perSecond') / m(bare, 'perSecond')).toFixed(2)}x bare (rounds ${paired.map((p) => p.toFixed(2)).join(' ')})` +
        `  server cpu ${m(bare, 'serverPerRequest').toFixed(0)} / ${m(mock, 'serverPerRequest').toFixed(0)} µs, client ${m(bare, 'clientPerRequest').toFixed(0)} / ${m(mock, 'clientPerRequest').toFixed(0)} µs per request (bare / mock)`,
    );
  }
}

function cpuText(cpu, result) {
  return `${(cpu / result.requests).toFixed(0).padStart(3)} µs ${((100 * cpu) / (SECONDS * 1e6)).toFixed(0).padStart(3)}%`;
}

/** The JSON lines a child prints, one at a time. */
function lines(child) {
  const queue = [];
  const waiting = [];
  let failed;
  let err = '';
  child.stderr.on('data', (d) => (err += d));
  createInterface({ input: child.stdout }).on('line', (line) => {
    const value = JSON.parse(line);
    if (waiting.length) waiting.shift().resolve(value);
    else queue.push(value);
  });
  child.on('exit', (code) => {
    failed = new Error(`${child.spawnargs.slice(1).join(' ').slice(0, 80)} exited ${code}\n${err}`);
    for (const w of waiting.splice(0)) w.reject(failed);
  });
  return () => (queue.length ? Promise.resolve(queue.shift()) : failed ? Promise.reject(failed) : new Promise((resolve, reject) => waiting.push({ resolve, reject })));
}

async function run(kind, scheme, concurrency) {
  const server = spawn(process.execPath, [`${HERE}server.mjs`, kind, scheme], { stdio: ['pipe', 'pipe', 'pipe'] });
  try {
    const fromServer = lines(server);
    const serverCpu = async () => {
      server.stdin.write('cpu\n');
      return (await fromServer()).cpu;
    };
    const { url, ca, token } = await fromServer();
    const load = spawn(process.execPath, [`${HERE}load.mjs`, JSON.stringify({ url, ca, token, concurrency, warmupMs: WARMUP * 1000, durationMs: SECONDS * 1000 })], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const fromLoad = lines(load);
    let line = await fromLoad();
    if (line.phase !== 'measuring') throw new Error(`load.mjs: expected the measuring line, got ${JSON.stringify(line)}`);
    const before = await serverCpu();
    line = await fromLoad();
    if (line.phase !== 'done') throw new Error(`load.mjs: expected the done line, got ${JSON.stringify(line)}`);
    const serverUsed = (await serverCpu()) - before;
    const result = await fromLoad();
    return { ...result, serverCpu: serverUsed, serverPerRequest: serverUsed / result.requests, clientPerRequest: result.clientCpu / result.requests };
  } finally {
    const exited = new Promise((resolve) => server.once('exit', resolve));
    server.kill('SIGTERM');
    await exited;
  }
}
