// The dry run's device (device.mjs): the fixed token the README examples send is swapped for
// one of the scope the called operation needs, found by the mock's own router and scope
// rules. Every operation of the spec is tried, from the generated tables.
import { request } from 'node:https';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OPERATIONS, type OperationSpec } from '@hem/types';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { DEVICE_HOST, scopeFor, startDevice } from '../device.mjs';

const operations = Object.values(OPERATIONS) as readonly OperationSpec[];
/** A path of the operation, each path parameter filled with `value`. */
const pathOf = (op: OperationSpec, value: string) => op.path.replace(/\{([^}]+)\}/g, () => encodeURIComponent(value));
const KID = '0123456789abcdef0123456789abcdef';

describe('scopeFor: the scope a call needs, by the mock routing', () => {
  test.each(operations.map((op) => [op.id, op] as const))('%s: its first scope rule, placeholders filled from the path', (_id, op) => {
    const rule = op.hem!.scopes[0]!;
    const expected = rule.claim.replace(/<[^>]+>/g, KID);
    expect(scopeFor(op.method, pathOf(op, KID))).toBe(expected);
  });

  test.each([
    ['a path no operation has', 'GET', '/api/keymgmt/nothing'],
    ['a known path under a method no operation uses', 'TRACE', pathOf(operations[0]!, KID)],
    ['a path with an extra segment', operations[0]!.method, `${pathOf(operations[0]!, KID)}/more`],
  ])('%s: no scope', (_what, method, path) => {
    expect(scopeFor(method, path)).toBeUndefined();
  });
});

describe('startDevice', () => {
  const dir = mkdtempSync(join(tmpdir(), 'hem-release-device-'));
  const TOKEN = 'fixed-test-token';
  let device: Awaited<ReturnType<typeof startDevice>>;
  beforeAll(async () => {
    device = await startDevice(dir, TOKEN);
  });
  afterAll(async () => {
    await device?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const call = (method: string, path: string, token: string) =>
    new Promise<number>((resolve, reject) => {
      const req = request(
        { host: '127.0.0.1', port: device.port, servername: DEVICE_HOST, ca: readFileSync(device.caFile), method, path, headers: { authorization: `Bearer ${token}` } },
        (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode ?? 0));
        },
      );
      req.on('error', reject);
      req.end();
    });

  // A read of a key that is not there: the fixed token passes the scope check (406, not 403).
  const reads = operations.filter((op) => op.hem?.effect?.kind === 'read-key');
  test('the spec has an operation that reads a key, to try', () => {
    expect(reads.length).toBeGreaterThan(0);
  });

  test.each(reads.map((op) => [op.id, op] as const))('%s with the fixed token reaches the model', async (_id, op) => {
    expect(await call(op.method, pathOf(op, KID), TOKEN)).toBe(op.hem!.effect!.refused ?? 406);
  });

  test.each(reads.map((op) => [op.id, op] as const))('control: %s with another token is refused (401)', async (_id, op) => {
    expect(await call(op.method, pathOf(op, KID), 'not-the-fixed-token')).toBe(401);
  });
});
