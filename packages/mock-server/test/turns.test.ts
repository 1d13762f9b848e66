// The node door writes the first answer of an event-loop turn at once and the others of that
// turn together at its end (node-send.ts). Whatever waits for the turn's end still reaches
// its own connection, in the order the requests came, with the device's own answer.
import { computeKid } from '@hem/validator/device';
import { ed25519 } from '@hem/testkit';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createMockHem, type MockHem } from '../src/index.js';
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
