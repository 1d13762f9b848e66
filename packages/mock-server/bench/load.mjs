// The benchmark's client, in its own process: `concurrency` keep-alive connections, each
// sending imports back to back (a new key each time) for `warmupMs` and then `durationMs`;
// only requests sent and answered inside the measured window count. Prints a line
// {"phase":"measuring"} when the window opens, {"phase":"done"} when it closes (so the
// caller can read the server's CPU at both ends), then one JSON line with the results,
// including the CPU this process used in the window.
// Usage: node load.mjs '{"url","ca","token","concurrency","warmupMs","durationMs"}'
import { randomBytes } from 'node:crypto';
import { Pool } from 'undici';

const args = JSON.parse(process.argv[2]);
const pool = new Pool(args.url, { connections: args.concurrency, ...(args.ca ? { connect: { ca: args.ca } } : {}) });
const headers = { authorization: `Bearer ${args.token}`, 'content-type': 'application/json' };

// Ed25519 public keys: 32 bytes, which is all the device (and so the mock, deep checks off)
// asks of one. Random, so every import of the run is a new key however many are sent, drawn
// from a pool refilled in large batches so the client spends next to nothing on them.
const BATCH = 8192;
let pool32 = Buffer.alloc(0);
let taken = BATCH;
function nextKey() {
  if (taken === BATCH) {
    pool32 = randomBytes(32 * BATCH);
    taken = 0;
  }
  return pool32.toString('base64', 32 * taken, 32 * ++taken);
}

let sent = 0;
const latencies = [];
const statuses = {};
const start = performance.now();
const from = start + args.warmupMs;
const until = from + args.durationMs;
let cpuFrom;
let cpuUntil;
setTimeout(() => {
  cpuFrom = process.cpuUsage();
  process.stdout.write('{"phase":"measuring"}\n');
}, args.warmupMs);
setTimeout(() => {
  cpuUntil = process.cpuUsage(cpuFrom);
  process.stdout.write('{"phase":"done"}\n');
}, args.warmupMs + args.durationMs);

async function worker() {
  while (performance.now() < until) {
    const body = JSON.stringify({ type: 'ED25519', label: 'bench', pubkey: nextKey() });
    sent++;
    const t0 = performance.now();
    const { statusCode, body: stream } = await pool.request({ path: '/api/keymgmt/import', method: 'POST', headers, body });
    await stream.text();
    const t1 = performance.now();
    if (t0 >= from && t1 <= until) {
      latencies.push(t1 - t0);
      statuses[statusCode] = (statuses[statusCode] ?? 0) + 1;
    }
  }
}
await Promise.all(Array.from({ length: args.concurrency }, worker));
await pool.close();
while (cpuUntil === undefined) await new Promise((resolve) => setTimeout(resolve, 10));
latencies.sort((a, b) => a - b);
const at = (q) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))];
const seconds = args.durationMs / 1000;
process.stdout.write(
  `${JSON.stringify({ requests: latencies.length, perSecond: latencies.length / seconds, p50: at(0.5), p99: at(0.99), statuses, sent, clientCpu: cpuUntil.user + cpuUntil.system })}\n`,
);
