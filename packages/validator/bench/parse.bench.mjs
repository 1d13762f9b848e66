// pnpm bench (validator): throughput of parseImportKeyRequest over a fixed, seeded corpus
// of valid and invalid requests, structural only and with deep checks, against an Ajv
// validator compiled from the same bundled JSON Schema, in one process. Then the cost of
// the deep check per key type, and the minified + gzipped size of small apps.
import { gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { build } from 'esbuild';
import { ed25519, x25519 } from '@noble/curves/ed25519.js';
import { ed448, x448 } from '@noble/curves/ed448.js';
import { p256, p384, p521 } from '@noble/curves/nist.js';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { ml_dsa44, ml_dsa65, ml_dsa87 } from '@noble/post-quantum/ml-dsa.js';
import { ml_kem1024, ml_kem512, ml_kem768 } from '@noble/post-quantum/ml-kem.js';
import { loadSpec } from '@hem/codegen';
import { checkPublicKey, parseImportKeyRequest } from '../dist/index.js';

const here = (p) => fileURLToPath(new URL(p, import.meta.url));

// A seeded generator (mulberry32), so every run measures the same corpus.
let seed = 0x5eed;
const random = () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
const bytes = (n) => Uint8Array.from({ length: n }, () => Math.floor(random() * 256));
const b64 = (u8) => Buffer.from(u8).toString('base64');

const KEYGEN = {
  SECP256R1: () => p256.getPublicKey(p256.utils.randomSecretKey(bytes(48)), true),
  SECP384R1: () => p384.getPublicKey(p384.utils.randomSecretKey(bytes(72)), true),
  SECP521R1: () => p521.getPublicKey(p521.utils.randomSecretKey(bytes(99)), true),
  SECP256K1: () => secp256k1.getPublicKey(secp256k1.utils.randomSecretKey(bytes(48)), true),
  CURVE25519: () => x25519.getPublicKey(bytes(32)),
  CURVE448: () => x448.getPublicKey(bytes(56)),
  ED25519: () => ed25519.getPublicKey(bytes(32)),
  ED448: () => ed448.getPublicKey(bytes(57)),
  MLKEM512: () => ml_kem512.keygen(bytes(64)).publicKey,
  MLKEM768: () => ml_kem768.keygen(bytes(64)).publicKey,
  MLKEM1024: () => ml_kem1024.keygen(bytes(64)).publicKey,
  MLDSA44: () => ml_dsa44.keygen(bytes(32)).publicKey,
  MLDSA65: () => ml_dsa65.keygen(bytes(32)).publicKey,
  MLDSA87: () => ml_dsa87.keygen(bytes(32)).publicKey,
};
const TYPES = Object.keys(KEYGEN);
const KEYS = Object.fromEntries(TYPES.map((t) => [t, KEYGEN[t]()]));

const MUTATIONS = [
  (r) => ({ ...r, label: 'x'.repeat(40) }),
  (r) => ({ ...r, label: 'caf\u00e9' }),
  (r) => ({ ...r, type: r.type.toLowerCase() }),
  (r) => ({ ...r, mode: '' }),
  (r) => ({ ...r, mode: 'ExDSA,ECDH' }),
  (r) => ({ ...r, pubkey: `${r.pubkey.slice(0, 8)} ${r.pubkey.slice(8)}` }),
  (r) => ({ ...r, pubkey: b64(bytes(Math.floor(random() * 100) + 1)) }),
  (r) => ({ ...r, descr: b64(bytes(80)) }),
  (r) => ({ ...r, extra: true }),
  ({ label, ...r }) => r,
];
const corpus = [];
for (let i = 0; i < 400; i++) {
  const type = TYPES[i % TYPES.length];
  const request = { label: `peer-${i}`, type, pubkey: b64(KEYS[type]) };
  if (i % 3 === 0) request.mode = 'ECDH';
  corpus.push(i % 2 === 0 ? request : MUTATIONS[Math.floor(random() * MUTATIONS.length)](request));
}

// Ajv over the same bundled spec: the request schema with its $refs.
const { document } = await loadSpec(here('../../../spec/openapi.yaml'));
const ajv = new Ajv2020({ strict: false, allErrors: true, formats: { byte: true } });
const defs = JSON.parse(JSON.stringify(document.components.schemas).replaceAll('#/components/schemas/', 'spec#/$defs/'));
ajv.addSchema({ $id: 'spec', $defs: defs });
const ajvCheck = ajv.compile({ $ref: 'spec#/$defs/ImportKeyRequest' });

const contenders = {
  'parseImportKeyRequest, structural': (r) => parseImportKeyRequest(r, { deep: false }).ok,
  'parseImportKeyRequest, deep (default)': (r) => parseImportKeyRequest(r).ok,
  'Ajv (same JSON Schema)': (r) => ajvCheck(r),
};

/** Corpus passes per second, best of a few timed rounds of at least 300 ms each. */
function throughput(fn) {
  let best = 0;
  for (let round = 0; round < 5; round++) {
    let n = 0;
    const start = performance.now();
    while (performance.now() - start < 300) {
      for (const r of corpus) fn(r);
      n++;
    }
    best = Math.max(best, (n * corpus.length) / ((performance.now() - start) / 1000));
  }
  return best;
}

for (const fn of Object.values(contenders)) for (let i = 0; i < 20; i++) for (const r of corpus) fn(r); // warm up
const accepted = Object.fromEntries(Object.entries(contenders).map(([k, fn]) => [k, corpus.filter(fn).length]));
const ops = Object.fromEntries(Object.entries(contenders).map(([k, fn]) => [k, throughput(fn)]));
const ajvOps = ops['Ajv (same JSON Schema)'];
console.log(`validator benchmark: ${corpus.length} requests (${corpus.length / 2} valid), seeded`);
for (const [name, n] of Object.entries(ops)) {
  console.log(`  ${name.padEnd(38)} ${Math.round(n).toLocaleString('en').padStart(10)} ops/s  ${(n / ajvOps).toFixed(2)}x Ajv  accepts ${accepted[name]}`);
}

console.log('deep check cost per key type (checkPublicKey on a valid key):');
for (const type of TYPES) {
  const key = KEYS[type];
  let n = 0;
  const start = performance.now();
  while (performance.now() - start < 150) {
    checkPublicKey(type, key);
    n++;
  }
  console.log(`  ${type.padEnd(11)} ${((1000 * (performance.now() - start)) / n).toFixed(1).padStart(8)} µs`);
}

async function appSize(name, contents) {
  const out = await build({ stdin: { contents, resolveDir: here('.'), loader: 'js' }, bundle: true, minify: true, format: 'esm', platform: 'browser', write: false, logLevel: 'silent' });
  const code = out.outputFiles[0].contents;
  console.log(`  ${name.padEnd(52)} ${(code.length / 1024).toFixed(1).padStart(6)} kB min ${(gzipSync(code).length / 1024).toFixed(1).padStart(6)} kB min+gz`);
  return gzipSync(code).length;
}
console.log('app bundle sizes (esbuild, browser):');
await appSize('imports only ImportKeyRequest', `import { ImportKeyRequest } from '@hem/validator'; console.log(ImportKeyRequest.safeParse(globalThis.input).success);`);
await appSize('imports only ImportKeyRequest from @hem/validator/mini', `import { ImportKeyRequest } from '@hem/validator/mini'; console.log(ImportKeyRequest.safeParse(globalThis.input).success);`);
await appSize('parseImportKeyRequest (deep checks)', `import { parseImportKeyRequest } from '@hem/validator'; console.log(parseImportKeyRequest(globalThis.input));`);
await appSize('zod classic alone: z.strictObject of 3 strings', `import * as z from 'zod'; console.log(z.strictObject({ a: z.string().min(1), b: z.enum(['x']), c: z.string().regex(/a/) }).safeParse(globalThis.input).success);`);
await appSize('zod/mini alone: the same schema', `import * as z from 'zod/mini'; console.log(z.strictObject({ a: z.string().check(z.minLength(1)), b: z.enum(['x']), c: z.string().check(z.regex(/a/)) }).safeParse(globalThis.input).success);`);
