// Every status of every operation, reached the way the device would reach it, through
// @hem/client: a real missing, expired or forged token, a Master token, a wrong scope, an
// Origin outside the allow-list, plain HTTP, a duplicate, a full repository, an unknown
// kid, an injected 409 or 500. Shared by the HTTPS and the MSW contract tests.
import { Readable } from 'node:stream';
import { HemApiError, createHemClient, type HemClientOptions } from '../../src/index.js';
import { OPERATIONS, type OperationSpec, createHemClient as createCoreClient } from '../../src/core.js';
import { KEY_TYPES, type ImportKeyRequest } from '@hem/types';
import { computeKid, encodeBase64 } from '@hem/validator/device';
import { expect } from 'vitest';
import type { HemDeviceOptions } from '@hem/mock-server';
import type { Door } from './doors.js';
import { ed25519, realKey } from '@hem/testkit';

export interface Context {
  /** The door every scenario shares. */
  door: Door;
  /** Opens another door of the same kind with other options. */
  open(options?: HemDeviceOptions): Promise<Door>;
}

export interface Scenario {
  operation: keyof typeof OPERATIONS;
  status: number;
  name: string;
  /** Runs only on these doors (default both). */
  doors?: readonly Door['kind'][];
  run(context: Context): Promise<void>;
}

type Extra = Partial<HemClientOptions>;
type CoreExtra = Partial<Parameters<typeof createCoreClient>[0]>;

/** The validating client, with a token the door's device minted for the scope asked. */
export const client = (door: Door, extra: Extra = {}) =>
  createHemClient({ baseUrl: door.url, fetch: door.fetch, token: (r) => door.device.mintToken({ scope: r.scopes[0]!.claim }), ...extra });
/** The client without a validator (@hem/client/core): what the device sees of a request the validator would stop. */
export const core = (door: Door, extra: CoreExtra = {}) =>
  createCoreClient({ baseUrl: door.url, fetch: door.fetch, token: (r) => door.device.mintToken({ scope: r.scopes[0]!.claim }), ...extra });

/** A token for `scope` (role User unless `sub`). */
const token =
  (door: Door, scope: string, sub = 'U', expiresIn = 300) =>
  () =>
    door.device.mintToken({ scope, sub, expiresIn });

/** A fetch that changes each request on the way (a proxy, a browser page, a streaming transport). */
const through =
  (door: Door, change: (init: RequestInit & { headers: Headers }) => RequestInit): typeof fetch =>
  (input, init) =>
    door.fetch(input, change({ ...init, headers: new Headers(init?.headers) }));
/** `through` with one edit of the headers. */
const editHeaders = (door: Door, edit: (headers: Headers) => void): typeof fetch =>
  through(door, (init) => {
    edit(init.headers);
    return init;
  });

/** Expects `call` to fail with `status` and the code the spec gives it on `operation`. */
async function refused(call: Promise<unknown>, operation: keyof typeof OPERATIONS, status: number): Promise<HemApiError> {
  const error = await call.then(
    (value) => {
      throw new Error(`expected ${status}, got a success: ${JSON.stringify(value)}`);
    },
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(HemApiError);
  const statuses = OPERATIONS[operation].statuses as Record<number, { code: string }>;
  expect(error).toMatchObject({ operation, status, code: statuses[status]!.code });
  return error as HemApiError;
}

const stored = (door: Door, body: ImportKeyRequest) => door.device.keys.has(computeKid(body.pubkey));
const lastAudit = (door: Door) => door.device.log.at(-1);

export const SCENARIOS: Scenario[] = [
  // ---- importKey -------------------------------------------------------------------
  {
    operation: 'importKey',
    status: 200,
    name: 'a real key of every type, with the kid the device computes',
    async run({ door }) {
      const hem = client(door);
      for (const type of KEY_TYPES) {
        const body = realKey(type);
        const { kid } = await hem.importKey(body);
        expect(kid).toBe(computeKid(body.pubkey));
        expect(door.device.keys.get(kid)).toMatchObject({ kid, type, label: body.label, pubkey: body.pubkey });
        expect(lastAudit(door)).toMatchObject({ operation: 'importKey', event: 'LOG_TYPE_KEY_IMPORT', code: 22, result: 'LOG_RESULT_OK', status: 200, role: 'User', kid });
      }
    },
  },
  {
    operation: 'importKey',
    status: 200,
    name: 'an ExtAuth token, a longer scope (prefix match), a URL-safe key and a descr, from an allowed Origin',
    async run({ open }) {
      const door = await open({ origins: ['https://app.example'] });
      const body = { ...realKey('SECP256R1'), descr: encodeBase64(new TextEncoder().encode('release signing key')) };
      const urlSafe = body.pubkey.replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
      let origin: string | null = null;
      const hem = client(door, {
        token: token(door, 'keymgmt:imp:all', 'QUJDREVGR0g='),
        fetch: async (input, init) => {
          const response = await editHeaders(door, (h) => h.set('origin', 'https://app.example'))(input, init);
          origin = response.headers.get('access-control-allow-origin');
          return response;
        },
      });
      const { kid } = await hem.importKey({ ...body, pubkey: urlSafe });
      expect(kid).toBe(computeKid(body.pubkey));
      expect(origin).toBe('https://app.example');
      // Stored as the device writes base64: standard alphabet, padded.
      expect(door.device.keys.get(kid)).toMatchObject({ pubkey: body.pubkey, descr: body.descr });
      expect(lastAudit(door)).toMatchObject({ role: 'ExtAuth', result: 'LOG_RESULT_OK' });
    },
  },
  {
    operation: 'importKey',
    status: 200,
    name: 'importKeyOnce: the answer lost with the connection or a 500 after the key was stored, a duplicate: read back, never sent twice',
    async run({ door }) {
      const hem = client(door);
      let sent = 0;
      // Counts the imports that reach the device, applying to none of them.
      const counter = door.device.faults.add({
        operation: 'importKey',
        delayMs: 0,
        times: Infinity,
        match: () => {
          sent++;
          return false;
        },
      });
      const dropped = ed25519();
      door.device.faults.add({ operation: 'importKey', drop: true, after: true });
      expect(await hem.importKeyOnce(dropped)).toEqual({ kid: computeKid(dropped.pubkey), outcome: 'already-present' });
      const failed = ed25519();
      door.device.faults.add({ operation: 'importKey', status: 500, after: true });
      expect(await hem.importKeyOnce(failed)).toEqual({ kid: computeKid(failed.pubkey), outcome: 'already-present' });
      expect(await hem.importKeyOnce(dropped)).toEqual({ kid: computeKid(dropped.pubkey), outcome: 'already-present' });
      expect(sent).toBe(3);
      // Lost before it was stored: the read-back says so, and a second call imports it.
      const lost = ed25519();
      door.device.faults.add({ operation: 'importKey', drop: true });
      expect(await hem.importKeyOnce(lost).catch((e: unknown) => e)).toMatchObject({ name: 'HemReadBackError', code: 'not_stored' });
      expect(await hem.importKeyOnce(lost)).toEqual({ kid: computeKid(lost.pubkey), outcome: 'imported' });
      expect(sent).toBe(5);
      counter.remove();
    },
  },
  {
    operation: 'importKey',
    status: 400,
    name: 'a label that is not printable ASCII, bad base64, a mode in the wrong order, a NIST key without mode',
    async run({ door }) {
      const hem = core(door);
      const key = realKey('SECP256R1');
      const bad: ImportKeyRequest[] = [
        { ...key, label: 'naïve' },
        { ...key, pubkey: `${key.pubkey.slice(0, 10)} ${key.pubkey.slice(10)}` },
        { ...key, mode: 'ExDSA,ECDH' as never },
        { label: key.label, type: key.type, pubkey: key.pubkey },
      ];
      for (const body of bad) {
        await refused(hem.importKey(body), 'importKey', 400);
        expect(lastAudit(door)).toMatchObject({ event: 'LOG_TYPE_KEY_IMPORT', result: 'LOG_RESULT_ERROR', status: 400 });
      }
      expect(stored(door, key)).toBe(false);
    },
  },
  {
    operation: 'importKey',
    status: 401,
    name: 'no token (a proxy dropped the header)',
    async run({ door }) {
      const body = ed25519();
      const hem = client(door, { fetch: editHeaders(door, (h) => h.delete('authorization')) });
      await refused(hem.importKey(body), 'importKey', 401);
      expect(stored(door, body)).toBe(false);
    },
  },
  {
    operation: 'importKey',
    status: 401,
    name: 'an expired token',
    async run({ door }) {
      await refused(client(door, { token: token(door, 'keymgmt:imp', 'U', -60) }).importKey(ed25519()), 'importKey', 401);
    },
  },
  {
    operation: 'importKey',
    status: 401,
    name: 'a forged token: signed by another device, or its claims changed after signing',
    async run({ door, open }) {
      const other = await open();
      await refused(client(door, { token: token(other, 'keymgmt:imp') }).importKey(ed25519()), 'importKey', 401);
      // A get token, its payload swapped for an import scope; the signature no longer fits.
      const [header, , signature] = (await door.device.mintToken({ scope: 'keymgmt:get' })).split('.');
      const payload = Buffer.from(JSON.stringify({ scope: 'keymgmt:imp', sub: 'U', exp: Math.floor(Date.now() / 1000) + 300 })).toString('base64url');
      await refused(client(door, { token: `${header}.${payload}.${signature}` }).importKey(ed25519()), 'importKey', 401);
    },
  },
  {
    operation: 'importKey',
    status: 403,
    name: 'a Master token (audit-logged)',
    async run({ door }) {
      await refused(client(door, { token: token(door, 'keymgmt:imp', 'M') }).importKey(ed25519()), 'importKey', 403);
      expect(lastAudit(door)).toMatchObject({ operation: 'importKey', event: 'LOG_TYPE_FAILED_SCOPE_CHECK', result: 'LOG_RESULT_FAILED', status: 403, role: 'Master' });
    },
  },
  {
    operation: 'importKey',
    status: 403,
    name: 'a token for another scope',
    async run({ door }) {
      const body = ed25519();
      await refused(client(door, { token: token(door, 'keymgmt:get') }).importKey(body), 'importKey', 403);
      expect(lastAudit(door)).toMatchObject({ event: 'LOG_TYPE_FAILED_SCOPE_CHECK', role: 'User' });
      expect(stored(door, body)).toBe(false);
    },
  },
  {
    operation: 'importKey',
    status: 406,
    name: 'a duplicate: the same key bytes under another label',
    async run({ door }) {
      const hem = client(door);
      const body = realKey('SECP384R1');
      await hem.importKey(body);
      const error = await refused(hem.importKey({ ...body, label: 'another label' }), 'importKey', 406);
      expect(error.expectedKid).toBe(computeKid(body.pubkey));
      expect(door.device.keys.get(computeKid(body.pubkey))?.label).toBe(body.label);
      expect(lastAudit(door)).toMatchObject({ result: 'LOG_RESULT_FAILED', status: 406 });
    },
  },
  {
    operation: 'importKey',
    status: 406,
    name: 'a full repository',
    async run({ open }) {
      const door = await open({ capacity: 2 });
      const hem = client(door);
      await hem.importKey(ed25519());
      await hem.importKey(ed25519());
      const third = ed25519();
      await refused(hem.importKey(third), 'importKey', 406);
      expect(door.device.keys.size).toBe(2);
      expect(stored(door, third)).toBe(false);
    },
  },
  {
    operation: 'importKey',
    status: 406,
    name: 'a wrong key length, an uncompressed point, an unknown and a symmetric type',
    async run({ door }) {
      const hem = core(door);
      const p256 = realKey('SECP256R1');
      const uncompressed = encodeBase64(Uint8Array.of(4, ...Buffer.from(p256.pubkey, 'base64').subarray(1), ...new Uint8Array(32).fill(7)));
      const bodies = [
        { ...ed25519(), pubkey: p256.pubkey },
        { ...p256, pubkey: uncompressed },
        { ...ed25519(), type: 'RSA2048' as never },
        { ...ed25519(), type: 'AES256' as never },
      ];
      for (const body of bodies) await refused(hem.importKey(body), 'importKey', 406);
    },
  },
  {
    operation: 'importKey',
    status: 409,
    name: 'an injected 409 (busy): nothing stored',
    async run({ door }) {
      const body = ed25519();
      door.device.faults.add({ operation: 'importKey', status: 409 });
      await refused(client(door).importKey(body), 'importKey', 409);
      expect(stored(door, body)).toBe(false);
      await expect(client(door).importKey(body)).resolves.toEqual({ kid: computeKid(body.pubkey) });
    },
  },
  {
    operation: 'importKey',
    status: 411,
    name: 'a POST without a body (Content-Length: 0)',
    async run({ door }) {
      const response = await door.fetch(`${door.url}/api/keymgmt/import`, {
        method: 'POST',
        headers: { authorization: `Bearer ${await door.device.mintToken({ scope: 'keymgmt:imp' })}` },
      });
      expect(response.status).toBe(411);
    },
  },
  {
    operation: 'importKey',
    status: 411,
    name: "the client's body sent chunked (a streaming transport)",
    doors: ['https'],
    async run({ door }) {
      const chunked = through(door, (init) => ({ ...init, body: Readable.toWeb(Readable.from([init.body as Uint8Array])) as ReadableStream, duplex: 'half' }) as RequestInit);
      await refused(client(door, { fetch: chunked }).importKey(ed25519()), 'importKey', 411);
    },
  },
  {
    operation: 'importKey',
    status: 412,
    name: 'an Origin outside the allow-list',
    async run({ open }) {
      const door = await open({ origins: ['https://app.example'] });
      const body = ed25519();
      await refused(client(door, { fetch: editHeaders(door, (h) => h.set('origin', 'https://evil.example')) }).importKey(body), 'importKey', 412);
      expect(stored(door, body)).toBe(false);
    },
  },
  {
    operation: 'importKey',
    status: 413,
    name: 'a body over 7300 bytes',
    async run({ door }) {
      const body = { ...realKey('MLDSA87'), descr: encodeBase64(new Uint8Array(3000).fill(1)) };
      expect(JSON.stringify(body).length).toBeGreaterThan(7300);
      await refused(core(door).importKey(body), 'importKey', 413);
      expect(stored(door, body)).toBe(false);
    },
  },
  {
    operation: 'importKey',
    status: 418,
    name: 'plain HTTP',
    async run({ door }) {
      const body = ed25519();
      await refused(client(door, { baseUrl: door.plainUrl, allowInsecureHttp: true }).importKey(body), 'importKey', 418);
      expect(stored(door, body)).toBe(false);
    },
  },
  {
    operation: 'importKey',
    status: 500,
    name: 'an injected 500, before or after the key was stored',
    async run({ door }) {
      const before = ed25519();
      door.device.faults.add({ operation: 'importKey', status: 500 });
      await refused(client(door).importKey(before), 'importKey', 500);
      expect(stored(door, before)).toBe(false);
      const after = ed25519();
      door.device.faults.add({ operation: 'importKey', status: 500, after: true });
      await refused(client(door).importKey(after), 'importKey', 500);
      expect(stored(door, after)).toBe(true);
    },
  },

  // ---- getKey ----------------------------------------------------------------------
  {
    operation: 'getKey',
    status: 200,
    name: 'a stored key, with a get, a use:<kid> and a gen token',
    async run({ door }) {
      const body = { ...realKey('SECP521R1'), descr: 'AQID' };
      const { kid } = await client(door).importKey(body);
      for (const scope of ['keymgmt:get', `keymgmt:use:${kid}`, 'keymgmt:gen']) {
        const key = await client(door, { token: token(door, scope) }).getKey({ kid });
        expect(key).toEqual({ type: 'SECP521R1', pubkey: body.pubkey, descr: 'AQID', updated: door.device.keys.get(kid)!.updated });
      }
    },
  },
  {
    operation: 'getKey',
    status: 400,
    name: 'a kid that is not 32 lowercase hex characters',
    async run({ door }) {
      for (const kid of ['not-a-kid', 'abc', '0'.repeat(33)]) await refused(core(door).getKey({ kid }), 'getKey', 400);
    },
  },
  {
    operation: 'getKey',
    status: 401,
    name: 'no token, an expired one, a forged one',
    async run({ door, open }) {
      const kid = door.device.seed(ed25519());
      await refused(client(door, { fetch: editHeaders(door, (h) => h.delete('authorization')) }).getKey({ kid }), 'getKey', 401);
      await refused(client(door, { token: token(door, 'keymgmt:get', 'U', -1) }).getKey({ kid }), 'getKey', 401);
      const other = await open();
      await refused(client(door, { token: token(other, 'keymgmt:get') }).getKey({ kid }), 'getKey', 401);
    },
  },
  {
    operation: 'getKey',
    status: 403,
    name: "another kid's use scope, an import scope, a Master token",
    async run({ door }) {
      const kid = door.device.seed(ed25519());
      const other = computeKid(ed25519().pubkey);
      await refused(client(door, { token: token(door, `keymgmt:use:${other}`) }).getKey({ kid }), 'getKey', 403);
      await refused(client(door, { token: token(door, 'keymgmt:imp') }).getKey({ kid }), 'getKey', 403);
      await refused(client(door, { token: token(door, 'keymgmt:get', 'M') }).getKey({ kid }), 'getKey', 403);
    },
  },
  {
    operation: 'getKey',
    status: 406,
    name: 'an unknown kid',
    async run({ door }) {
      await refused(client(door).getKey({ kid: computeKid(ed25519().pubkey) }), 'getKey', 406);
    },
  },
  {
    operation: 'getKey',
    status: 409,
    name: 'an injected 409 (busy)',
    async run({ door }) {
      const kid = door.device.seed(ed25519());
      door.device.faults.add({ operation: 'getKey', status: 409, match: (r) => r.params.kid === kid });
      await refused(client(door).getKey({ kid }), 'getKey', 409);
      await expect(client(door).getKey({ kid })).resolves.toMatchObject({ type: 'ED25519' });
    },
  },
  {
    operation: 'getKey',
    status: 412,
    name: 'an Origin outside the allow-list',
    async run({ door }) {
      const kid = door.device.seed(ed25519());
      await refused(client(door, { fetch: editHeaders(door, (h) => h.set('origin', 'https://evil.example')) }).getKey({ kid }), 'getKey', 412);
    },
  },
  {
    operation: 'getKey',
    status: 418,
    name: 'plain HTTP',
    async run({ door }) {
      const kid = door.device.seed(ed25519());
      await refused(client(door, { baseUrl: door.plainUrl, allowInsecureHttp: true }).getKey({ kid }), 'getKey', 418);
    },
  },
];

// ---- every other operation, from the spec alone ------------------------------------
// An operation added to the spec gets a scenario per status it lists, built from its data:
// its kid parameter (x-hem-effect) takes a seeded key, its roles and scopes give the tokens
// it refuses, its effect says what a 200 must have done. Operations with a body need
// hand-written scenarios above (a body cannot be made from the spec alone here).
type Method = (...args: unknown[]) => Promise<unknown>;
const methodOf = (hem: object, op: OperationSpec): Method => (hem as Record<string, Method>)[op.id]!.bind(hem);

function generic(op: OperationSpec, status: number): Scenario | undefined {
  const effect = op.hem?.effect;
  const kidName = effect?.kid?.name;
  // Every required parameter must be one the effect names; a body cannot be made up.
  if (op.body || op.params.some((p) => p.required && p.name !== kidName)) return undefined;
  const id = op.id as keyof typeof OPERATIONS;
  const args = (kid: string | undefined) => (op.params.length ? [kidName && kid !== undefined ? { [kidName]: kid } : {}] : []);
  const seed = (door: Door) => door.device.seed(ed25519());
  const scenario = (name: string, run: (context: Context) => Promise<void>): Scenario => ({ operation: id, status, name: `${name} (from the spec)`, run });
  switch (status) {
    case 200:
      return scenario(`what x-hem-effect ${effect?.kind} says`, async ({ door }) => {
        const kid = seed(door);
        const result = await methodOf(client(door), op)(...args(kid));
        if (effect?.kind === 'remove-key') expect(door.device.keys.has(kid)).toBe(false);
        if (effect?.kind === 'read-key') expect(result).toMatchObject({ type: 'ED25519' });
        if (effect?.kind === 'list-keys') expect((result as Record<string, unknown[]>)[effect.items!]!.length).toBe(door.device.keys.size);
      });
    case 400:
      return kidName
        ? scenario('a kid that is not 32 hex characters', async ({ door }) => void (await refused(methodOf(core(door), op)(...args('not-a-kid')), id, 400)))
        : undefined;
    case 401:
      return scenario('no token', async ({ door }) => {
        await refused(methodOf(client(door, { fetch: editHeaders(door, (h) => h.delete('authorization')) }), op)(...args(seed(door))), id, 401);
      });
    case 403:
      return scenario(op.hem?.roles?.denied.includes('Master') ? 'a Master token' : 'a scope no rule allows', async ({ door }) => {
        const master = op.hem?.roles?.denied.includes('Master');
        const hem = client(door, { token: (r) => door.device.mintToken(master ? { scope: r.scopes[0]!.claim, sub: 'M' } : { scope: 'no:such-scope' }) });
        await refused(methodOf(hem, op)(...args(seed(door))), id, 403);
      });
    case 406:
      return kidName && (effect?.refused ?? 406) === 406
        ? scenario('an unknown kid', async ({ door }) => void (await refused(methodOf(client(door), op)(...args(computeKid(ed25519().pubkey))), id, 406)))
        : undefined;
    case 409:
    case 500:
      return scenario(`an injected ${status}`, async ({ door }) => {
        door.device.faults.add({ operation: op.id, status });
        await refused(methodOf(client(door), op)(...args(seed(door))), id, status);
      });
    case 412:
      return scenario('an Origin outside the allow-list', async ({ door }) => {
        await refused(methodOf(client(door, { fetch: editHeaders(door, (h) => h.set('origin', 'https://evil.example')) }), op)(...args(seed(door))), id, 412);
      });
    case 418:
      return scenario('plain HTTP', async ({ door }) => {
        await refused(methodOf(client(door, { baseUrl: door.plainUrl, allowInsecureHttp: true }), op)(...args(seed(door))), id, 418);
      });
    default:
      return undefined;
  }
}

for (const op of Object.values(OPERATIONS) as OperationSpec[]) {
  for (const status of [...Object.keys(op.responses), ...Object.keys(op.statuses)].map(Number)) {
    if (SCENARIOS.some((s) => s.operation === op.id && s.status === status)) continue;
    const made = generic(op, status);
    if (made) SCENARIOS.push(made);
  }
}
