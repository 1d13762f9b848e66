// The node door writes the first answer of an event-loop turn at once and the others of that
// turn together at its end (node-send.ts). Whatever waits for the turn's end still reaches
// its own connection, in the order the requests came, with the device's own answer.
import { computeKid } from '@hem/validator/device';
import { ed25519 } from '@hem/testkit';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { DeviceAnswer } from '../src/device-types.js';
import { createMockHem, type MockHem } from '../src/index.js';
import { send } from '../src/node-send.js';
import { head, raw, rawAnswers } from './raw.js';

// Servers and sockets on a loaded machine: room, not a race.
const SLOW = { timeout: 120_000 };
const IMPORT = '/api/keymgmt/import';

let mock: MockHem;
let token: string;
beforeAll(async () => {
  mock = await createMockHem({ requireTls: false, capacity: Infinity });
  token = await mock.mintToken({ scope: 'keymgmt:imp', expiresIn: 3600 });
});
afterAll(() => mock.close());

const importOf = (body: string) =>
  `${head('POST', IMPORT, { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) })}${body}`;
const urlOf = (scheme: 'https' | 'http') => (scheme === 'https' ? mock.url : mock.httpUrl);

describe('answers of one turn', () => {
  test.each(['https', 'http'] as const)('over %s: imports pipelined on one connection are answered in order, each with its own status and kid', SLOW, async (scheme) => {
    const keys = Array.from({ length: 6 }, () => ed25519());
    // A duplicate (406) and a body the schema refuses (400) among them.
    const bodies = [...keys.slice(0, 3), keys[1]!, { ...keys[3]!, label: '' }, ...keys.slice(4)].map((k) => JSON.stringify(k));
    const answers = await rawAnswers({ url: urlOf(scheme), ca: mock.ca, parts: [bodies.map(importOf).join('')] }, bodies.length);
    const expected = [200, 200, 200, 406, 400, 200, 200];
    expect(answers.map((a) => a.status)).toEqual(expected);
    const kidOf = (i: number) => computeKid((JSON.parse(bodies[i]!) as { pubkey: string }).pubkey);
    for (const [i, answer] of answers.entries()) expect(answer.body).toBe(expected[i] === 200 ? JSON.stringify({ kid: kidOf(i) }) : '');
    for (const i of [0, 1, 2, 5, 6]) expect(mock.keys.has(kidOf(i))).toBe(true);
    expect(mock.keys.has(kidOf(4))).toBe(false);
  });

  test.each(['https', 'http'] as const)('over %s: 64 connections at once each get the answer to their own import', SLOW, async (scheme) => {
    const keys = Array.from({ length: 64 }, () => ed25519());
    const answers = await Promise.all(keys.map((key) => raw({ url: urlOf(scheme), ca: mock.ca, parts: [importOf(JSON.stringify(key))] })));
    for (const [i, answer] of answers.entries()) expect(answer).toMatchObject({ status: 200, body: JSON.stringify({ kid: computeKid(keys[i]!.pubkey) }), closed: false });
  });
});

describe('an answer node refuses to write', () => {
  test('becomes a 500; the answers queued behind it in the same turn are still written, and the server keeps serving', SLOW, async () => {
    const answer = (body: string, headers: Record<string, string> = {}): DeviceAnswer => ({ status: 200, headers, body, close: false, drop: false });
    // Three requests are held, then answered in one synchronous block: the first is written at
    // once and opens the turn; the second (a header value node's writeHead refuses) and the
    // third wait for the turn's end, where the second throws.
    const held: [IncomingMessage, ServerResponse][] = [];
    const server = createServer((req, res) => {
      if (req.url === '/after') return send(req, res, answer('after'));
      held.push([req, res]);
      if (held.length < 3) return;
      const [a, b, c] = held;
      send(a![0], a![1], answer('first'));
      send(b![0], b![1], answer('bad', { 'x-bad': 'line\nbreak' }));
      send(c![0], c![1], answer('third'));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const get = (path: string) => raw({ url, parts: [head('GET', path, {})] });
      // One at a time into the server, so the order of `held` is the order below.
      const first = get('/1');
      await expect.poll(() => held.length, SLOW).toBe(1);
      const second = get('/2');
      await expect.poll(() => held.length, SLOW).toBe(2);
      const answers = await Promise.all([first, second, get('/3')]);
      expect(answers.map((a) => [a.status, a.body])).toEqual([
        [200, 'first'],
        [500, ''],
        [200, 'third'],
      ]);
      expect(await get('/after')).toMatchObject({ status: 200, body: 'after' });
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
