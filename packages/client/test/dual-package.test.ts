// The dual-package hazard: an app that loads both builds (one dependency requires the CJS
// copy, its own code imports the ESM copy) gets two sets of classes. Errors are recognised
// by their Symbol.for brand, so either copy's instanceof and isHemApiError() see the other's.
import { generateKeyPairSync } from 'node:crypto';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { TOKEN, startServer, type TestServer } from './server.js';

type Client = typeof import('../src/index.js');
const ESM_FILE = fileURLToPath(new URL('../dist/index.js', import.meta.url));
const CJS_FILE = fileURLToPath(new URL('../dist/index.cjs', import.meta.url));

let esm: Client;
let cjs: Client;
let server: TestServer;
beforeAll(async () => {
  for (const file of [ESM_FILE, CJS_FILE]) if (!existsSync(file)) throw new Error(`${file} is missing: run pnpm build first.`);
  esm = (await import(ESM_FILE)) as Client;
  cjs = createRequire(import.meta.url)(CJS_FILE) as Client;
  server = await startServer('https');
});
afterAll(() => server?.close());

type ErrorClass = new (...args: unknown[]) => Error;
/** One way to make each concrete error class the package exports. */
const MAKE: Record<string, (C: ErrorClass) => Error> = {
  HemApiError: (C) => new C('importKey', 406, 'key_rejected', 'refused'),
  HemValidationError: (C) => new C('importKey', []),
  HemTimeoutError: (C) => new C('importKey', 5),
  HemNetworkError: (C) => new C('importKey', 'refused'),
  HemResponseError: (C) => new C('importKey', 'malformed_response', 'not JSON'),
  HemKeyFormatError: (C) => new C('bad_input', 'not a key'),
  HemReadBackError: (C) => new C('importKey', 'not_stored', '0'.repeat(32), 'not stored', undefined),
};
const errorClasses = (copy: Client) => Object.entries(copy).filter(([name, value]) => /^Hem\w*Error$/.test(name) && typeof value === 'function') as [string, ErrorClass][];
const pairs = () =>
  [
    ['esm', esm, 'cjs', cjs],
    ['cjs', cjs, 'esm', esm],
    ['esm', esm, 'esm', esm],
    ['cjs', cjs, 'cjs', cjs],
  ] as const;

describe('errors across the CJS and ESM builds in one process', () => {
  test('the two builds are distinct copies, and every exported error class carries its brand', () => {
    expect(esm.HemApiError).not.toBe(cjs.HemApiError);
    const names = errorClasses(esm).map(([name]) => name);
    expect(names).toContain('HemError');
    for (const [name, C] of [...errorClasses(esm), ...errorClasses(cjs)]) {
      expect(Object.getOwnPropertySymbols(C.prototype), name).toContain(Symbol.for(`@hem/client/${name}`));
      if (name !== 'HemError') expect(MAKE, `add a way to make ${name} to MAKE`).toHaveProperty(name);
    }
  });

  test.each(Object.keys(MAKE))('%s made by one copy is recognised by the other, and by no other class', (name) => {
    for (const [fromName, from, toName, to] of pairs()) {
      const error = MAKE[name]!((from as unknown as Record<string, ErrorClass>)[name]!);
      for (const [other, C] of errorClasses(to)) {
        const expected = other === name || (other === 'HemError' && name !== 'HemKeyFormatError');
        expect(error instanceof C, `${fromName} ${name} instanceof ${toName} ${other}`).toBe(expected);
      }
      expect(to.isHemApiError(error), `${toName} isHemApiError(${fromName} ${name})`).toBe(name === 'HemApiError');
      expect(to.isHemApiError(error, 406)).toBe(name === 'HemApiError');
      expect(to.isHemApiError(error, 401)).toBe(false);
    }
  });

  test('values that are not our errors are refused', () => {
    for (const copy of [esm, cjs]) {
      for (const value of [new Error('x'), new TypeError('x'), { name: 'HemApiError', status: 406 }, null, undefined, 'HemApiError', 406]) {
        expect(copy.isHemApiError(value)).toBe(false);
        expect(value instanceof copy.HemError).toBe(false);
      }
    }
  });

  test('an app subclass keeps ordinary instanceof for itself', () => {
    class AppError extends esm.HemApiError {}
    const mine = new AppError('importKey', 406, 'key_rejected', 'refused');
    expect([mine instanceof AppError, mine instanceof esm.HemApiError, mine instanceof cjs.HemApiError, cjs.isHemApiError(mine, 406)]).toEqual([true, true, true, true]);
    expect(new esm.HemApiError('importKey', 406, 'key_rejected', 'refused') instanceof AppError).toBe(false);
    expect(new cjs.HemApiError('importKey', 406, 'key_rejected', 'refused') instanceof AppError).toBe(false);
  });

  test('a 406 from the device through the CJS client is an HemApiError to ESM code', async () => {
    server.script.push({ status: 406 });
    const key = cjs.toHemPublicKey(generateKeyPairSync('ed25519').publicKey);
    const client = cjs.createHemClient({ baseUrl: server.url, token: TOKEN, fetch: server.fetch });
    const error = await client.importKey({ label: 'dual', ...key }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(esm.isHemApiError(error, 406)).toBe(true);
    expect(error instanceof esm.HemError && error instanceof esm.HemApiError && !(error instanceof esm.HemNetworkError)).toBe(true);
    expect(error).toMatchObject({ code: 'key_rejected', expectedKid: expect.stringMatching(/^[0-9a-f]{32}$/) });
  });

  test('a key the CJS converter refuses is an HemKeyFormatError to ESM code', () => {
    let thrown: unknown;
    try {
      cjs.toHemPublicKey('-----BEGIN PUBLIC KEY-----\nnot base64\n-----END PUBLIC KEY-----');
    } catch (e) {
      thrown = e;
    }
    expect(thrown instanceof esm.HemKeyFormatError).toBe(true);
    expect(thrown instanceof esm.HemError).toBe(false);
  });
});
