// The whole docs build (TypeDoc, the derived document, Redocly build-docs) under a guard that
// reports every outgoing connection: `pnpm run docs` works offline. Slow tier: a whole build.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, test } from 'vitest';
import { SPEC_DIR } from './redocly.js';

describe('pnpm run docs builds offline', () => {
  const run = promisify(execFile);
  const NO_NETWORK = join(SPEC_DIR, 'test/no-network.mjs');
  const dirs: string[] = [];
  afterAll(async () => {
    for (const dir of dirs) await rm(dir, { recursive: true, force: true });
  });
  const env = { ...process.env, NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --import ${NO_NETWORK}`.trim() };

  test('control: under the same guard, a request to the network is caught', async () => {
    const result = await run(process.execPath, ['-e', "fetch('https://registry.npmjs.org/').catch(() => {})"], { env }).then((r) => r.stderr);
    expect(result).toContain('hem-no-network: connect registry.npmjs.org:443');
  });

  test('the whole build (TypeDoc, the derived document, Redocly build-docs) opens no connection', { timeout: 900_000 }, async () => {
    const out = await mkdtemp(join(tmpdir(), 'hem-docs-offline-'));
    dirs.push(out);
    const { stderr } = await run(process.execPath, [join(SPEC_DIR, 'scripts/docs/build.mjs'), '--out', out], { cwd: SPEC_DIR, env, maxBuffer: 64 << 20 });
    expect(stderr).not.toContain('hem-no-network');
    for (const file of ['index.html', 'openapi.json', 'reference/index.html', 'reference/documents/Changelog.html']) expect(existsSync(join(out, file))).toBe(true);
  });
});
