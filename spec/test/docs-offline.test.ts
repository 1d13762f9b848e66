// `pnpm run docs` works offline: tools/checks/test/extend-spec.test.ts runs a whole docs build
// (TypeDoc, the derived document, Redocly build-docs) under no-network.mjs, a guard that reports
// every outgoing connection, and fails on any report. Here, the guard's control.
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, test } from 'vitest';
import { SPEC_DIR } from './redocly.js';

describe('the no-network guard of the offline docs build', () => {
  const run = promisify(execFile);
  const env = { ...process.env, NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --import ${join(SPEC_DIR, 'test/no-network.mjs')}`.trim() };

  test('control: a request to the network is caught, in the process and in a child process it starts', async () => {
    const fetchFromNode = "fetch('https://registry.npmjs.org/').catch(() => {})";
    const inProcess = await run(process.execPath, ['-e', fetchFromNode], { env });
    expect(inProcess.stderr).toContain('hem-no-network: connect registry.npmjs.org:443');
    const child = `require('node:child_process').execFileSync(process.execPath, ['-e', ${JSON.stringify(fetchFromNode)}], { stdio: 'inherit' })`;
    const inChild = await run(process.execPath, ['-e', child], { env });
    expect(inChild.stderr).toContain('hem-no-network: connect registry.npmjs.org:443');
  });
});
