// Concurrency from a separate process over real sockets, against the bin in file mode:
// thousands of imports at high concurrency, every 200 matching exactly one stored key; one
// key imported many times at once gives one 200 and the rest 406; no 5xx; a crash
// (SIGKILL) mid-load and a restart lose nothing that was answered 200.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { OPERATIONS } from '@hem/types';
import { computeKid } from '@hem/validator/device';
import { afterAll, describe, expect, test } from 'vitest';
import { send } from './http.js';
import { killAll, startJson, trusting, type Running } from './cli-process.js';

const LOAD = fileURLToPath(new URL('./load/import-load.mjs', import.meta.url));
// Thousands of requests and several processes on a loaded 2-core machine: room, not a race.
const SLOW = { timeout: 600_000 };

const dir = mkdtempSync(join(tmpdir(), 'hem-mock-load-'));
const store = join(dir, 'keys.json');
const running: Running[] = [];
afterAll(async () => {
  await killAll(running);
  rmSync(dir, { recursive: true, force: true });
});

interface Outcome {
  pubkey: string;
  status?: number;
  kid?: string;
  error?: string;
}

async function server() {
  const started = await startJson(['--store', store, '--capacity', '100000', '--ca-file', join(dir, 'ca.pem')]);
  running.push(started.run);
  return started;
}

/** Runs the load generator; `onProgress` sees the count of answers so far. */
function load(args: Record<string, unknown>, onProgress?: (done: number) => void): Promise<{ results: Outcome[]; race: Outcome[] }> {
  const child = spawn(process.execPath, [LOAD, JSON.stringify(args)], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => (out += d));
  child.stderr.on('data', (d: Buffer) => {
    err += d;
    const m = /done (\d+)\n$/.exec(err);
    if (m) onProgress?.(Number(m[1]));
  });
  return new Promise((resolve, reject) =>
    child.on('exit', (code) => {
      if (code !== 0) return reject(new Error(`the load generator exited ${code}:\n${err}`));
      resolve(JSON.parse(out));
    }),
  );
}

const storedKids = () => new Set((JSON.parse(readFileSync(store, 'utf8')) as { keys: { kid: string }[] }).keys.map((k) => k.kid));

describe('concurrency from a separate process, the bin in file mode', () => {
  let firstBatch: Set<string>;

  test('3000 imports at concurrency 128, then 200 imports of one key at once', SLOW, async () => {
    const { run, ready } = await server();
    expect(ready.keys).toBe(0);
    const { results, race } = await load({ url: ready.url, caFile: ready.caFile, token: ready.tokens.importKey, count: 3000, concurrency: 128, race: 200 });

    expect(results.filter((r) => r.error !== undefined || (r.status ?? 0) >= 500)).toEqual([]);
    expect(results.every((r) => r.status === 200)).toBe(true);
    // Every 200 carries its key's kid, and the kids are all different.
    for (const r of results) expect(r.kid).toBe(computeKid(r.pubkey));
    const answered = new Set(results.map((r) => r.kid!));
    expect(answered.size).toBe(3000);

    const statuses = race.map((r) => r.status ?? r.error);
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.filter((s) => s === 406)).toHaveLength(199);
    answered.add(computeKid(race[0]!.pubkey));

    run.child.kill('SIGTERM');
    expect(await run.exited).toEqual({ code: 0, signal: null });
    // Exactly the keys answered 200 are stored: each 200 matches one stored key.
    expect(storedKids()).toEqual(answered);
    firstBatch = answered;
  });

  test('a crash (SIGKILL) mid-load loses nothing that was answered 200; a restart serves it all', SLOW, async () => {
    const { run, ready } = await server();
    expect(ready.keys).toBe(firstBatch.size);
    let killed = false;
    const { results } = await load({ url: ready.url, caFile: ready.caFile, token: ready.tokens.importKey, count: 3000, concurrency: 64, progress: true }, (done) => {
      if (!killed && done >= 1000) {
        killed = true;
        run.child.kill('SIGKILL');
      }
    });
    expect(killed).toBe(true);
    expect((await run.exited).signal).toBe('SIGKILL');
    const ok = results.filter((r) => r.status === 200);
    expect(ok.length).toBeGreaterThanOrEqual(900);
    // The crash left connections failed, never a 5xx.
    expect(results.filter((r) => (r.status ?? 0) >= 500)).toEqual([]);

    const restarted = await server();
    const kids = storedKids();
    const lost = ok.filter((r) => !kids.has(r.kid!));
    expect(lost).toEqual([]);
    for (const kid of firstBatch) expect(kids.has(kid)).toBe(true);
    expect(restarted.ready.keys).toBe(kids.size);
    // The restarted mock serves a key of each batch, and refuses it again as a duplicate.
    const { agent, fetch } = trusting(readFileSync(restarted.ready.caFile, 'utf8'));
    const { tokens } = restarted.ready;
    const url = restarted.ready.url;
    const crashed = ok[0]!;
    const earlier = results.find((r) => r.status === 200) ?? crashed;
    for (const key of [crashed, earlier]) {
      await expect(send(fetch, url, OPERATIONS.getKey, { token: tokens.getKey!, params: { kid: key.kid! } })).resolves.toMatchObject({
        status: 200,
        body: { type: 'ED25519', pubkey: key.pubkey },
      });
      expect(await send(fetch, url, OPERATIONS.importKey, { token: tokens.importKey!, body: { type: 'ED25519', label: 'again', pubkey: key.pubkey } })).toEqual({
        status: 406,
        body: undefined,
      });
    }
    await expect(send(fetch, url, OPERATIONS.getKey, { token: tokens.getKey!, params: { kid: [...firstBatch][0]! } })).resolves.toMatchObject({
      status: 200,
      body: { type: 'ED25519' },
    });
    await agent.close();
    restarted.run.child.kill('SIGTERM');
    expect((await restarted.run.exited).code).toBe(0);
  });
});
