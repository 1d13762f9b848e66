import { createServer } from 'node:http';
import { createHemClient } from '../dist/core.js';
import { p256 } from '@noble/curves/nist.js';
import { createHash } from 'node:crypto';
const server = createServer((req, res) => { const c=[]; req.on('data', d=>c.push(d)); req.on('end', () => { const { pubkey } = JSON.parse(Buffer.concat(c)); const b=JSON.stringify({kid: createHash('sha1').update(Buffer.from(pubkey,'base64')).digest('hex').slice(0,32)}); res.writeHead(200, {'content-type':'application/json','content-length':b.length}).end(b); }); });
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const base = `http://127.0.0.1:${server.address().port}`;
const url = `${base}/api/keymgmt/import`;
const request = { label: 'bench', type: 'SECP256R1', pubkey: Buffer.from(p256.getPublicKey(p256.utils.randomSecretKey(), true)).toString('base64') };
const body = JSON.stringify(request);
const h = { authorization: 'Bearer t', 'content-type': 'application/json' };
const client = createHemClient({ baseUrl: base, token: 't', allowInsecureHttp: true });
const variants = {
  plain: () => fetch(url, { method: 'POST', headers: h, body }).then(r => r.json()),
  bytes: () => fetch(url, { method: 'POST', headers: h, body: new TextEncoder().encode(body) }).then(r => r.json()),
  signal: () => fetch(url, { method: 'POST', headers: h, body, signal: AbortSignal.timeout(30000) }).then(r => r.json()),
  digest: () => Promise.all([crypto.subtle.digest('SHA-1', new Uint8Array(33)), fetch(url, { method: 'POST', headers: h, body }).then(r => r.json())]),
  client: () => client.importKey(request),
};
const t = Object.fromEntries(Object.keys(variants).map(k => [k, []]));
for (const f of Object.values(variants)) for (let i = 0; i < 300; i++) await f();
for (let round = 0; round < 15; round++) for (const [n, f] of Object.entries(variants)) { const s = performance.now(); for (let i = 0; i < 200; i++) await f(); t[n].push((performance.now() - s) / 200 * 1000); }
const med = xs => [...xs].sort((a,b)=>a-b)[xs.length>>1];
for (const n of Object.keys(t)) console.log(n.padEnd(8), med(t[n]).toFixed(0), (med(t[n])/med(t.plain)).toFixed(2));
server.close();
