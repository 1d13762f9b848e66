// The benchmark's client, in its own process: `concurrency` keep-alive connections, each
// sending imports back to back (a new key each time) for `warmupMs` and then `durationMs`;
// only requests sent and answered inside the measured window count. Prints one JSON line.
// Usage: node load.mjs '{"url","ca","token","concurrency","warmupMs","durationMs","keysFile"}'
import { readFileSync } from 'node:fs';
import { Pool } from 'undici';

const args = JSON.parse(process.argv[2]);
const keys = readFileSync(args.keysFile, 'utf8').trim().split('\n');
const pool = new Pool(args.url, { connections: args.concurrency, ...(args.ca ? { connect: { ca: args.ca } } : {}) });
const headers = { authorization: `Bearer ${args.token}`, 'content-type': 'application/json' };
let next = 0;
const latencies = [];
const statuses = {};
const start = performance.now();
const from = start + args.warmupMs;
const until = from + args.durationMs;

async function worker() {
  while (performance.now() < until) {
    const body = JSON.stringify({ type: 'ED25519', label: 'bench', pubkey: keys[next++ % keys.length] });
    const sent = performance.now();
    const { statusCode, body: stream } = await pool.request({ path: '/api/keymgmt/import', method: 'POST', headers, body });
    await stream.text();
    const done = performance.now();
    if (sent >= from && done <= until) {
      latencies.push(done - sent);
      statuses[statusCode] = (statuses[statusCode] ?? 0) + 1;
    }
  }
}
await Promise.all(Array.from({ length: args.concurrency }, worker));
await pool.close();
latencies.sort((a, b) => a - b);
const at = (q) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))];
process.stdout.write(
  `${JSON.stringify({ requests: latencies.length, perSecond: latencies.length / (args.durationMs / 1000), p50: at(0.5), p99: at(0.99), statuses, sent: next })}\n`,
);
