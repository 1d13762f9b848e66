// pnpm bench (client): importKey round trips against a local server versus plain fetch
// with the same body, validation on and off, in one run; then app sizes.
import { createServer } from 'node:http';
import { createHash } from 'node:crypto';
import { makeKey } from '@hem/testkit';
import { KEY_FORMATS } from '@hem/types';
import { createHemClient } from '../dist/index.js';
import { APPS, appSize } from './sizes.mjs';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const PER_ROUND = Number(process.env.BENCH_REQUESTS ?? 400);

const server = createServer((req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    const { pubkey } = JSON.parse(Buffer.concat(chunks).toString());
    const body = JSON.stringify({ kid: createHash('sha1').update(Buffer.from(pubkey, 'base64')).digest('hex').slice(0, 32) });
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': body.length }).end(body);
  });
});
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const url = `http://127.0.0.1:${server.address().port}`;

// A real P-256 key made by OpenSSL (through @hem/testkit); NIST keys need mode.
const request = { label: 'bench', type: 'SECP256R1', mode: 'ECDH', pubkey: Buffer.from(makeKey(KEY_FORMATS.SECP256R1)).toString('base64') };
const options = { baseUrl: url, token: 'bench-token', allowInsecureHttp: true };
const validated = createHemClient(options);
const unvalidated = createHemClient({ ...options, validate: false });
const contenders = {
  'plain fetch (same body, JSON parse)': async () => {
    const res = await fetch(`${url}/api/keymgmt/import`, {
      method: 'POST',
      headers: { authorization: 'Bearer bench-token', 'content-type': 'application/json' },
      body: JSON.stringify(request),
    });
    return res.json();
  },
  'importKey, validate: false': () => unvalidated.importKey(request),
  'importKey, validate: true (deep checks)': () => validated.importKey(request),
};
const times = Object.fromEntries(Object.keys(contenders).map((k) => [k, []]));
for (const fn of Object.values(contenders)) for (let i = 0; i < 200; i++) await fn(); // warm up
for (let round = 0; round < ROUNDS; round++) {
  for (const [name, fn] of Object.entries(contenders)) {
    const start = performance.now();
    for (let i = 0; i < PER_ROUND; i++) await fn();
    times[name].push((performance.now() - start) / PER_ROUND);
  }
}
server.close();
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const base = median(times['plain fetch (same body, JSON parse)']);
console.log(`client benchmark: ${ROUNDS} rounds x ${PER_ROUND} sequential round trips on loopback HTTP`);
for (const [name, xs] of Object.entries(times)) {
  const ms = median(xs);
  console.log(`  ${name.padEnd(42)} ${(ms * 1000).toFixed(0).padStart(6)} µs/call  ${(ms / base).toFixed(2)}x plain fetch`);
}
console.log('app sizes (esbuild, browser, minified + gzip -9):');
for (const [name, source] of Object.entries(APPS)) {
  const { min, gzip, lazy } = await appSize(source);
  // Initial chunks; the deep-check chunk arrives with the first call that needs it.
  const later = lazy ? `   + ${(lazy / 1024).toFixed(1)} kB min+gz loaded on the first import` : '';
  console.log(`  ${name.padEnd(62)} ${(min / 1024).toFixed(1).padStart(6)} kB min ${(gzip / 1024).toFixed(1).padStart(6)} kB min+gz${later}`);
}
