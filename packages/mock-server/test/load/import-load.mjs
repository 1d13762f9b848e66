// A load generator in its own process: imports real Ed25519 keys (@hem/testkit) into a HEM
// mock over HTTPS at a fixed concurrency, then (optionally) imports one key many times at
// once. Prints one JSON line: every request's key and outcome. With `progress`, prints
// "done N" on stderr as answers arrive, so a test can crash the server mid-load.
// Usage: node import-load.mjs '{"url","caFile","token","count","concurrency","race","progress"}'
import { readFileSync } from 'node:fs';
import { b64, makeKey } from '@hem/testkit';
import { Pool } from 'undici';

const args = JSON.parse(process.argv[2]);
const pool = new Pool(args.url, { connections: args.concurrency, connect: { ca: readFileSync(args.caFile, 'utf8') } });
const pubkeyOf = () => b64(makeKey({ family: 'edwards', curve: 'Ed25519' }));

async function importKey(pubkey, label) {
  try {
    const { statusCode, body } = await pool.request({
      path: '/api/keymgmt/import',
      method: 'POST',
      headers: { authorization: `Bearer ${args.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ type: 'ED25519', label, pubkey }),
    });
    const text = await body.text();
    return { pubkey, status: statusCode, kid: statusCode === 200 ? JSON.parse(text).kid : undefined };
  } catch (error) {
    return { pubkey, error: error.code ?? error.message };
  }
}

const keys = Array.from({ length: args.count }, pubkeyOf);
const results = [];
let next = 0;
let done = 0;
async function worker() {
  while (next < keys.length) {
    const i = next++;
    results[i] = await importKey(keys[i], `load-${i}`);
    if (args.progress && ++done % 100 === 0) process.stderr.write(`done ${done}\n`);
  }
}
await Promise.all(Array.from({ length: args.concurrency }, worker));
let race = [];
if (args.race) {
  const pubkey = pubkeyOf();
  race = await Promise.all(Array.from({ length: args.race }, (_, i) => importKey(pubkey, `race-${i}`)));
}
await pool.close();
process.stdout.write(`${JSON.stringify({ results, race })}\n`);
