// importKeyOnce against the mock over real HTTPS, one test per branch, each counting the
// import requests that reached the device: a retry-safe import reads back, it never sends
// the import a second time.
import { HemApiError, HemReadBackError, createHemClient, type HemClient } from '../../src/index.js';
import { computeKid } from '@hem/validator/device';
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { createMockHem, type MockHem } from '@hem/mock-server';
import { ed25519, realKey } from '@hem/testkit';

let mock: MockHem;
let hem: HemClient;
/** Import requests that reached the device in the current test. */
let imports = 0;
/** Read-backs (getKey) that reached the device in the current test. */
let reads = 0;

beforeAll(async () => {
  mock = await createMockHem();
  // Fast timeouts for the timeout branches; the read-back uses the same client.
  hem = createHemClient({ baseUrl: mock.url, fetch: mock.fetch, token: (r) => mock.device.mintToken({ scope: r.scopes[0]!.claim }), timeoutMs: 5_000 });
  // Counters that apply to no request (match returns false): they only count.
  const importCounter = () => {
    imports++;
    return false;
  };
  const readCounter = () => {
    reads++;
    return false;
  };
  mock.device.faults.add({ operation: 'importKey', delayMs: 0, times: Infinity, match: importCounter });
  mock.device.faults.add({ operation: 'getKey', delayMs: 0, times: Infinity, match: readCounter });
});
afterAll(async () => {
  await mock.close();
});
beforeEach(() => {
  imports = 0;
  reads = 0;
});

const rejection = (p: Promise<unknown>) =>
  p.then(
    (v) => {
      throw new Error(`expected a rejection, got ${JSON.stringify(v)}`);
    },
    (e: unknown) => e,
  );

describe('importKeyOnce, every branch', () => {
  test('a new key: imported, one request, no read', async () => {
    const key = ed25519();
    expect(await hem.importKeyOnce(key)).toEqual({ kid: computeKid(key.pubkey), outcome: 'imported' });
    expect([imports, reads]).toEqual([1, 0]);
  });

  test('406 for the same key already stored: already present, one import, one read', async () => {
    const key = ed25519();
    mock.device.seed(key);
    expect(await hem.importKeyOnce(key)).toEqual({ kid: computeKid(key.pubkey), outcome: 'already-present' });
    expect([imports, reads]).toEqual([1, 1]);
  });

  test('406 with another key stored under the kid (a broken device): key_mismatch, nothing sent again', async () => {
    const key = ed25519();
    const other = ed25519();
    const kid = computeKid(key.pubkey);
    // Only a broken device stores a key under another key's kid: put it there by hand.
    const record = mock.device.keys.get(mock.device.seed(other))!;
    expect(mock.device.keys.add({ ...record, kid })).toBe('stored');
    const error = await rejection(hem.importKeyOnce(key));
    expect(error).toBeInstanceOf(HemReadBackError);
    expect(error).toMatchObject({ code: 'key_mismatch', kid });
    expect((error as Error).message).toMatch(/stores a different key under kid [0-9a-f]{32} \(pubkey differs\)/);
    expect((error as HemReadBackError).cause).toBeInstanceOf(HemApiError);
    expect([imports, reads]).toEqual([1, 1]);
  });

  test('a timeout after the key was stored: already present, one import', async () => {
    const key = ed25519();
    mock.device.faults.add({ operation: 'importKey', delayMs: 30_000, after: true });
    expect(await hem.importKeyOnce(key, { timeoutMs: 300 })).toEqual({ kid: computeKid(key.pubkey), outcome: 'already-present' });
    expect([imports, reads]).toEqual([1, 1]);
  });

  test('a timeout before anything was stored: not_stored, safe to send once more; nothing sent twice', async () => {
    const key = ed25519();
    // The device holds the request past the deadline, then the connection drops: nothing stored.
    mock.device.faults.add({ operation: 'importKey', delayMs: 1_500, drop: true });
    const error = await rejection(hem.importKeyOnce(key, { timeoutMs: 300 }));
    expect(error).toMatchObject({ name: 'HemReadBackError', code: 'not_stored', kid: computeKid(key.pubkey) });
    expect((error as Error).message).toMatch(/no answer came within 300 ms.*nothing was stored.*safe to send it once more/s);
    expect([imports, reads]).toEqual([1, 1]);
    expect(mock.device.keys.has(computeKid(key.pubkey))).toBe(false);
  });

  test('500 after the key was stored: already present, one import', async () => {
    const key = ed25519();
    mock.device.faults.add({ operation: 'importKey', status: 500, after: true });
    expect(await hem.importKeyOnce(key)).toEqual({ kid: computeKid(key.pubkey), outcome: 'already-present' });
    expect([imports, reads]).toEqual([1, 1]);
  });

  test('an answer that cannot hide a success (409, the device busy) is not read back', async () => {
    const key = realKey('CURVE25519');
    mock.device.faults.add({ operation: 'importKey', status: 409 });
    expect(await rejection(hem.importKeyOnce(key))).toMatchObject({ name: 'HemApiError', status: 409 });
    expect([imports, reads]).toEqual([1, 0]);
  });
});

describe('the mode rule of the key families', () => {
  test('a NIST key without mode is refused before any request; with mode it is imported', async () => {
    const { mode, ...withoutMode } = realKey('SECP256R1');
    expect(mode).toBe('ECDH');
    expect(await rejection(hem.importKey(withoutMode))).toMatchObject({ name: 'HemValidationError', issues: [{ path: ['mode'], code: 'required' }] });
    expect(imports).toBe(0);
    await expect(hem.importKey({ ...withoutMode, mode: 'ExDSA' })).resolves.toEqual({ kid: computeKid(withoutMode.pubkey) });
    expect(imports).toBe(1);
  });

  test('an X25519 key with mode "ECDH" is accepted by the validator and the device', async () => {
    const key = { ...realKey('CURVE25519'), mode: 'ECDH' as const };
    await expect(hem.importKey(key)).resolves.toEqual({ kid: computeKid(key.pubkey) });
    expect(imports).toBe(1);
  });
});

describe('the token function is told the operation and the scopes that allow it', () => {
  test('importKey and getKey, placeholders filled; a token of each scope works on the device', async () => {
    const key = ed25519();
    const kid = computeKid(key.pubkey);
    const asked: unknown[] = [];
    const pick = new Map<string, number>([
      ['importKey', 0],
      ['getKey', 0],
    ]);
    const client = createHemClient({
      baseUrl: mock.url,
      fetch: mock.fetch,
      token: (request) => {
        asked.push(request);
        // A token holds one scope: take the n-th one the spec allows.
        return mock.device.mintToken({ scope: request.scopes[pick.get(request.operationId)!]!.claim });
      },
    });
    await client.importKey(key);
    for (const n of [0, 1, 2]) {
      pick.set('getKey', n);
      await expect(client.getKey({ kid })).resolves.toMatchObject({ type: 'ED25519', pubkey: key.pubkey });
    }
    expect(asked[0]).toEqual({ operationId: 'importKey', scopes: [{ claim: 'keymgmt:imp', match: 'prefix' }] });
    expect(asked[1]).toEqual({
      operationId: 'getKey',
      scopes: [
        { claim: 'keymgmt:get', match: 'prefix' },
        { claim: `keymgmt:use:${kid}`, match: 'exact' },
        { claim: 'keymgmt:gen', match: 'prefix' },
      ],
    });
    expect(asked).toHaveLength(4);
  });
});
