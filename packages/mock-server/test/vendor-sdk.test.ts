// The vendor SDK's wire format, sent as the SDK sends it: node:https (not fetch), the body
// `{ type, label, pubkey, descr?, mode? }` in that order, Content-Length set by hand.
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { KeyType } from '@hem/types';
import { computeKid, encodeBase64 } from '@hem/validator/device';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createMockHem, type MockHem } from '../src/index.js';
import { realKey } from '@hem/testkit';

let mock: MockHem;
let token: string;
beforeAll(async () => {
  mock = await createMockHem();
  token = await mock.mintToken({ scope: 'keymgmt:imp' });
});
afterAll(() => mock.close());

/** importPublicKey(token, label, type, bytes, descr?, mode?) on the wire. */
function sdkImport(base: string, label: string, type: KeyType, pubkey: string, descr?: string, mode?: string) {
  const payload = JSON.stringify({ type, label, pubkey, ...(descr ? { descr } : {}), ...(mode ? { mode } : {}) });
  const url = new URL('/api/keymgmt/import', base);
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise<{ status: number; headers: Record<string, unknown>; body: string; sent: Record<string, unknown> }>((resolve, reject) => {
    const req = send(
      url,
      {
        method: 'POST',
        ...(url.protocol === 'https:' ? { ca: mock.ca } : {}),
        headers: { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(payload), Authorization: `Bearer ${token}` },
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body, sent: req.getHeaders() }));
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

describe("the vendor SDK's wire format", () => {
  test.each([
    ['SECP256R1 with mode', 'SECP256R1', undefined, 'ExDSA'],
    ['ED25519 with a descr', 'ED25519', encodeBase64(new TextEncoder().encode('peer')), undefined],
    ['MLKEM768, the vendor test suite sending ECDH with every type', 'MLKEM768', undefined, 'ECDH'],
    ['MLDSA87, the largest import', 'MLDSA87', undefined, undefined],
  ] as const)('%s: 200 with the kid of the key', async (_name, type, descr, mode) => {
    const key = realKey(type);
    const answer = await sdkImport(mock.url, 'sdk-peer', type, key.pubkey, descr, mode);
    expect(answer.sent['transfer-encoding']).toBeUndefined();
    expect(answer.status).toBe(200);
    expect(answer.headers['content-type']).toBe('application/json');
    expect(JSON.parse(answer.body)).toEqual({ kid: computeKid(key.pubkey) });
    expect(mock.keys.get(computeKid(key.pubkey))).toMatchObject({ type, label: 'sdk-peer', ...(descr ? { descr } : {}), ...(mode ? { mode } : {}) });
  });

  test('the SDK also speaks plain http://, where the device answers 418 with an empty reason phrase', async () => {
    const key = realKey('ED25519');
    const answer = await new Promise<{ status: number; message: string | undefined }>((resolve, reject) => {
      const payload = JSON.stringify({ type: key.type, label: key.label, pubkey: key.pubkey });
      const req = httpRequest(
        new URL('/api/keymgmt/import', mock.httpUrl),
        { method: 'POST', headers: { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(payload), Authorization: `Bearer ${token}` } },
        (res) => {
          res.resume();
          res.on('end', () => resolve({ status: res.statusCode!, message: res.statusMessage }));
        },
      );
      req.on('error', reject);
      req.end(payload);
    });
    expect(answer).toEqual({ status: 418, message: '' });
    expect(mock.keys.has(computeKid(key.pubkey))).toBe(false);
  });
});
