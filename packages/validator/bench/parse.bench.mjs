// pnpm bench (validator): throughput of parseImportKeyRequest over a fixed, seeded corpus
// of valid and invalid requests, structural only and with deep checks, side by side in one
// process with the zod schemas that @hey-api/openapi-ts and orval generate from the same spec
// (generated and bundled into a temporary folder at bench time, on the same zod instance as
// ours) and an Ajv validator compiled from the same bundled JSON Schema. It also lists what
// each peer accepts and we refuse (we must check strictly more). Then the cost of the deep
// check per key type, and the minified + gzipped size of small apps.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Ajv2020 } from 'ajv/dist/2020.js';
import * as z from 'zod';
import { build } from 'esbuild';
import { ed25519, x25519 } from '@noble/curves/ed25519.js';
import { ed448, x448 } from '@noble/curves/ed448.js';
import { p256, p384, p521 } from '@noble/curves/nist.js';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { ml_dsa44, ml_dsa65, ml_dsa87 } from '@noble/post-quantum/ml-dsa.js';
import { ml_kem1024, ml_kem512, ml_kem768 } from '@noble/post-quantum/ml-kem.js';
import { loadSpec } from '@hem/codegen';
import { checkPublicKey, parseImportKeyRequest } from '../dist/index.js';
import { parseRequest as parseRequestMini } from '../dist/mini.js';

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

const SPEC = here('../../../spec/openapi.yaml');

// Ajv over the same bundled spec: the request schema with its $refs.
const { document } = await loadSpec(SPEC);
const ajv = new Ajv2020({ strict: false, allErrors: true, formats: { byte: true } });
const defs = JSON.parse(JSON.stringify(document.components.schemas).replaceAll('#/components/schemas/', 'spec#/$defs/'));
ajv.addSchema({ $id: 'spec', $defs: defs });
const ajvCheck = ajv.compile({ $ref: 'spec#/$defs/ImportKeyRequest' });

// The peers' zod schemas for the request body, generated now from the same spec by their own
// CLIs, bundled with esbuild and imported. `zod` stays an import of the very module our dist
// loads, so every contender runs on one zod instance.
const peerDir = mkdtempSync(join(tmpdir(), 'hem-validator-peers-'));
process.on('exit', () => rmSync(peerDir, { recursive: true, force: true }));
const zodUrl = import.meta.resolve('zod');
const sameZod = { name: 'same-zod', setup: (b) => b.onResolve({ filter: /^zod$/ }, () => ({ path: zodUrl, external: true })) };
async function peer(name, args, file, exportName) {
  const child = spawnSync(process.execPath, [here(`../node_modules/${args[0]}`), ...args.slice(1)], { cwd: peerDir, encoding: 'utf8' });
  if (child.status !== 0) throw new Error(`${name} failed (exit ${child.status}):\n${child.stderr || child.stdout}`);
  const outfile = join(peerDir, `${exportName}.mjs`);
  await build({ entryPoints: [join(peerDir, file)], outfile, bundle: true, format: 'esm', platform: 'node', plugins: [sameZod], logLevel: 'error' });
  const schema = (await import(pathToFileURL(outfile).href))[exportName];
  if (!(schema instanceof z.ZodType)) throw new Error(`${name}: ${file} has no schema named ${exportName} on the zod instance our dist uses`);
  return schema;
}
const heyApi = await peer(
  '@hey-api/openapi-ts 0.95.0',
  ['@hey-api/openapi-ts/bin/run.js', '-i', SPEC, '-o', join(peerDir, 'hey-api'), '-p', 'zod', '-s', '--no-log-file'],
  'hey-api/zod.gen.ts',
  'zImportKeyRequest',
);
const orval = await peer('orval 7.13.2', ['orval/dist/bin/orval.js', '-i', SPEC, '-o', join(peerDir, 'orval/api.zod.ts'), '--client', 'zod'], 'orval/api.zod.ts', 'importKeyBody');

// safeParse is what a user calls; the Standard Schema entry point skips building a ZodError
// and is what our parse functions call, so both are timed and the faster is the baseline.
const standard = (schema) => (r) => schema['~standard'].validate(r).issues === undefined;
const OURS = 'ours: parseImportKeyRequest, structural';
const HEY = 'hey-api zod';
const contenders = {
  [OURS]: (r) => parseImportKeyRequest(r, { deep: false }).ok,
  'ours: /mini parseRequest, structural': (r) => parseRequestMini('importKey', { body: r }, { deep: false }).ok,
  'ours: parseImportKeyRequest, deep (default)': (r) => parseImportKeyRequest(r).ok,
  [`${HEY}, safeParse`]: (r) => heyApi.safeParse(r).success,
  [`${HEY}, ~standard.validate`]: standard(heyApi),
  'orval zod, safeParse': (r) => orval.safeParse(r).success,
  'orval zod, ~standard.validate': standard(orval),
  'Ajv (same JSON Schema)': (r) => ajvCheck(r),
};

/** Corpus items per second of one timed round of at least `ms`. */
function round(fn, ms) {
  let n = 0;
  const start = performance.now();
  while (performance.now() - start < ms) {
    for (const r of corpus) fn(r);
    n++;
  }
  return (n * corpus.length) / ((performance.now() - start) / 1000);
}

for (const fn of Object.values(contenders)) for (let i = 0; i < 20; i++) for (const r of corpus) fn(r); // warm up
const accepted = Object.fromEntries(Object.entries(contenders).map(([k, fn]) => [k, corpus.filter(fn).length]));
// Best of 7 rounds of 300 ms each, interleaved (the starting contestant rotates), so that a
// noisy neighbour on a shared machine slows every contender alike.
const names = Object.keys(contenders);
const ops = Object.fromEntries(names.map((k) => [k, 0]));
for (let r = 0; r < 7; r++) {
  for (let i = 0; i < names.length; i++) {
    const name = names[(i + r) % names.length];
    ops[name] = Math.max(ops[name], round(contenders[name], 300));
  }
}
const heyOps = Math.max(ops[`${HEY}, safeParse`], ops[`${HEY}, ~standard.validate`]);
console.log(`validator benchmark: node ${process.version}, ${corpus.length} requests (${corpus.length / 2} valid before mutation), seeded; best of 7 interleaved rounds`);
for (const name of names) {
  console.log(`  ${name.padEnd(44)} ${Math.round(ops[name]).toLocaleString('en').padStart(10)} ops/s  ${(ops[name] / heyOps).toFixed(2)}x hey-api  accepts ${accepted[name]}`);
}
console.log(`  ours structural / hey-api (its faster entry): ${(ops[OURS] / heyOps).toFixed(2)}x (target at least 0.80x)`);

// What each check lets through. Ours must refuse everything a peer refuses, and then some.
const oursAccepts = contenders[OURS];
const miniAccepts = contenders['ours: /mini parseRequest, structural'];
const show = (r) => JSON.stringify(r, (_key, v) => (typeof v === 'string' && v.length > 24 ? `${v.slice(0, 24)}…(${v.length})` : v));
const disagree = corpus.filter((r) => oursAccepts(r) !== miniAccepts(r));
console.log(`ours vs /mini: ${disagree.length} corpus items judged differently`);
for (const r of disagree) console.log(`    ${show(r)}`);
for (const [name, schema] of [
  [HEY, heyApi],
  ['orval zod', orval],
]) {
  const theirs = (r) => schema.safeParse(r).success;
  const looser = corpus.filter((r) => theirs(r) && !oursAccepts(r));
  const byCode = {};
  for (const r of looser) {
    const result = parseImportKeyRequest(r, { deep: false });
    const codes = [...new Set(result.issues.map((i) => i.code))].join('+');
    byCode[codes] ??= [];
    byCode[codes].push(r);
  }
  console.log(`${name}: accepts ${corpus.filter(theirs).length}; ${looser.length} of those we refuse, by our issue code:`);
  for (const [codes, items] of Object.entries(byCode).sort((a, b) => b[1].length - a[1].length)) {
    console.log(`    ${String(items.length).padStart(4)}  ${codes.padEnd(36)} e.g. ${show(items[0])}`);
  }
  const stricter = corpus.filter((r) => oursAccepts(r) && !theirs(r));
  console.log(`  we accept and ${name} refuses: ${stricter.length}${stricter.length ? ' (each should be explained):' : ''}`);
  for (const r of stricter)
    console.log(
      `    ${show(r)}: ${schema
        .safeParse(r)
        .error.issues.map((i) => `${i.path.join('.')}: ${i.message}`)
        .join('; ')}`,
    );
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
  const out = await build({
    stdin: { contents, resolveDir: here('.'), loader: 'js' },
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    write: false,
    logLevel: 'silent',
  });
  const code = out.outputFiles[0].contents;
  console.log(`  ${name.padEnd(52)} ${(code.length / 1024).toFixed(1).padStart(6)} kB min ${(gzipSync(code).length / 1024).toFixed(1).padStart(6)} kB min+gz`);
  return gzipSync(code).length;
}
console.log('app bundle sizes (esbuild, browser):');
await appSize('imports only ImportKeyRequest', `import { ImportKeyRequest } from '@hem/validator'; console.log(ImportKeyRequest.safeParse(globalThis.input).success);`);
await appSize(
  'imports only ImportKeyRequest from @hem/validator/mini',
  `import { ImportKeyRequest } from '@hem/validator/mini'; console.log(ImportKeyRequest.safeParse(globalThis.input).success);`,
);
await appSize('parseImportKeyRequest (deep checks)', `import { parseImportKeyRequest } from '@hem/validator'; console.log(parseImportKeyRequest(globalThis.input));`);
await appSize(
  'zod classic alone: z.strictObject of 3 strings',
  `import * as z from 'zod'; console.log(z.strictObject({ a: z.string().min(1), b: z.enum(['x']), c: z.string().regex(/a/) }).safeParse(globalThis.input).success);`,
);
await appSize(
  'zod/mini alone: the same schema',
  `import * as z from 'zod/mini'; console.log(z.strictObject({ a: z.string().check(z.minLength(1)), b: z.enum(['x']), c: z.string().check(z.regex(/a/)) }).safeParse(globalThis.input).success);`,
);
