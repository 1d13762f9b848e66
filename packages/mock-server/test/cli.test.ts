// The hem-mock-server bin as a user runs it: its usage, what it prints, that its tokens and
// certificate work, its options, a clean stop on SIGINT and SIGTERM, and a store it refuses.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OPERATIONS } from '@hem/types';
import { computeKid } from '@hem/validator/device';
import { afterAll, describe, expect, test } from 'vitest';
import { killAll, runCli, startJson, trusting, type Running } from './cli-process.js';
import { send } from './http.js';
import { ed25519 } from '@hem/testkit';

// Child processes on a loaded machine: room, not a race.
const SLOW = { timeout: 120_000 };
const dir = mkdtempSync(join(tmpdir(), 'hem-mock-cli-'));
const started: Running[] = [];
afterAll(async () => {
  await killAll(started);
  rmSync(dir, { recursive: true, force: true });
});

describe('hem-mock-server', () => {
  test('--help prints the usage and exits 0; a bad option exits 2 and names it', SLOW, async () => {
    const help = runCli(['--help']);
    expect(await help.exited).toEqual({ code: 0, signal: null });
    expect(help.stdout()).toMatch(/^Usage: hem-mock-server \[options\]/);
    for (const flag of ['--store FILE', '--capacity N', '--descr-max-bytes N', '--origin URL', '--no-require-tls', '--json']) expect(help.stdout()).toContain(flag);
    const unknown = runCli(['--frobnicate']);
    expect((await unknown.exited).code).toBe(2);
    expect(unknown.stderr()).toContain('--frobnicate');
    const bad = runCli(['--capacity', 'lots']);
    expect((await bad.exited).code).toBe(2);
    expect(bad.stderr()).toContain('--capacity must be a whole number');
  });

  test('prints its URLs, the certificate path and tokens that work; SIGINT stops it and removes the certificate', SLOW, async () => {
    const run = runCli([]);
    started.push(run);
    await run.waitFor(/Stop with Ctrl-C\.\n/);
    const text = run.stdout();
    const url = /^ {2}url {6}(https:\/\/127\.0\.0\.1:\d+)$/m.exec(text)![1]!;
    const httpUrl = /^ {2}httpUrl {2}(http:\/\/127\.0\.0\.1:\d+) {2}\(answers 418: TLS required\)$/m.exec(text)![1]!;
    const caFile = /^ {2}ca {7}(\S+\.pem) {2}\(NODE_EXTRA_CA_CERTS=/m.exec(text)![1]!;
    const tokens = Object.fromEntries([...text.matchAll(/^ {2}(\w+) +(keymgmt:\w+) +(\S+)$/gm)].map((m) => [m[1]!, { scope: m[2]!, token: m[3]! }]));
    expect(text).toContain('  store    memory');
    // A token per operation of the spec that has a scope rule without a parameter.
    expect(Object.keys(tokens).sort()).toEqual(
      Object.values(OPERATIONS)
        .filter((op) => op.hem?.scopes.some((s) => !s.claim.includes('<')))
        .map((op) => op.id)
        .sort(),
    );
    expect(tokens.importKey!.scope).toBe('keymgmt:imp');

    const { agent, fetch } = trusting(readFileSync(caFile, 'utf8'));
    const key = ed25519();
    const kid = computeKid(key.pubkey);
    await expect(send(fetch, url, OPERATIONS.importKey, { token: tokens.importKey!.token, body: key })).resolves.toEqual({ status: 200, body: { kid } });
    await expect(send(fetch, url, OPERATIONS.getKey, { token: tokens.getKey!.token, params: { kid } })).resolves.toMatchObject({
      status: 200,
      body: { type: 'ED25519', pubkey: key.pubkey },
    });
    const plain = await globalThis.fetch(`${httpUrl}/api/keymgmt/import`, {
      method: 'POST',
      headers: { authorization: `Bearer ${tokens.importKey!.token}`, 'content-type': 'application/json' },
      body: JSON.stringify(ed25519()),
    });
    expect(plain.status).toBe(418);
    await agent.close();

    run.child.kill('SIGINT');
    expect(await run.exited).toEqual({ code: 0, signal: null });
    expect(run.stdout()).toMatch(/hem-mock-server stopped\n$/);
    expect(existsSync(caFile)).toBe(false);
  });

  test('--json, --no-require-tls, --origin, --verbose; SIGTERM stops it and leaves a --ca-file', SLOW, async () => {
    const caFile = join(dir, 'given-ca.pem');
    const { run, ready } = await startJson(['--no-require-tls', '--origin', 'https://app.example', '--verbose', '--ca-file', caFile]);
    started.push(run);
    expect(ready).toMatchObject({ caFile, store: null, keys: 0 });
    const send = (origin?: string) =>
      globalThis.fetch(`${ready.httpUrl}/api/keymgmt/import`, {
        method: 'POST',
        headers: { authorization: `Bearer ${ready.tokens.importKey}`, 'content-type': 'application/json', ...(origin ? { origin } : {}) },
        body: JSON.stringify(ed25519()),
      });
    expect((await send()).status).toBe(200);
    expect((await send('https://app.example')).status).toBe(200);
    expect((await send('https://evil.example')).status).toBe(412);
    run.child.kill('SIGTERM');
    expect(await run.exited).toEqual({ code: 0, signal: null });
    expect(run.stderr()).toContain('POST /api/keymgmt/import 200 importKey');
    expect(run.stderr()).toContain('POST /api/keymgmt/import 412 importKey');
    // A token never reaches the log.
    expect(run.stderr()).not.toContain(ready.tokens.importKey);
    expect(readFileSync(caFile, 'utf8')).toMatch(/^-----BEGIN CERTIFICATE-----/);
  });

  test('--store keeps the keys across a restart; a file that is not a store is refused, untouched', SLOW, async () => {
    const store = join(dir, 'store.json');
    const first = await startJson(['--store', store, '--no-require-tls']);
    started.push(first.run);
    const key = ed25519();
    const answer = await globalThis.fetch(`${first.ready.httpUrl}/api/keymgmt/import`, {
      method: 'POST',
      headers: { authorization: `Bearer ${first.ready.tokens.importKey}`, 'content-type': 'application/json' },
      body: JSON.stringify(key),
    });
    expect(answer.status).toBe(200);
    first.run.child.kill('SIGTERM');
    await first.run.exited;

    const second = await startJson(['--store', store, '--no-require-tls']);
    started.push(second.run);
    expect(second.ready.keys).toBe(1);
    const got = await globalThis.fetch(`${second.ready.httpUrl}/api/keymgmt/get/${computeKid(key.pubkey)}`, { headers: { authorization: `Bearer ${second.ready.tokens.getKey}` } });
    expect(await got.json()).toMatchObject({ type: 'ED25519', pubkey: key.pubkey });
    second.run.child.kill('SIGTERM');
    await second.run.exited;

    const notAStore = join(dir, 'notes.json');
    writeFileSync(notAStore, '{"hello":"world"}');
    const refused = runCli(['--store', notAStore]);
    expect((await refused.exited).code).toBe(1);
    expect(refused.stderr()).toContain(`${notAStore} is not a key store of this mock`);
    expect(refused.stderr()).toContain('Point --store at a new file');
    expect(readFileSync(notAStore, 'utf8')).toBe('{"hello":"world"}');
  });
});
