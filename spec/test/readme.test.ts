// The README example of @hem/client, run as written against the device mock over HTTPS with
// what a device issues: a token per scope (HEM_TOKEN_IMP for keymgmt:imp, HEM_TOKEN_GET for
// keymgmt:get). Controls: the import token in both variables, and no read token, must fail.
import { execFile } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createMockHem, type MockHem } from '@hem/mock-server';
import { OPERATIONS } from '@hem/types';
import ts from 'typescript';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { consumerOptions } from './consumer.js';
import { SPEC_DIR } from './redocly.js';

const README = join(SPEC_DIR, '../packages/client/README.md');
const DEVICE = 'my.ence.do';
// The scope each operation's first rule names: what a device issues a token for.
const IMPORT_SCOPE = OPERATIONS.importKey.hem.scopes[0].claim;
const READ_SCOPE = OPERATIONS.getKey.hem.scopes[0].claim;

let work: string;
let mock: MockHem;
let problems: string[] = [];

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'hem-readme-'));
  await symlink(join(SPEC_DIR, 'node_modules'), join(work, 'node_modules'), 'dir');
  const readme = await readFile(README, 'utf8');
  const example = /^## Example\n\n```ts\n([\s\S]*?)```/m.exec(readme)?.[1];
  if (!example) throw new Error(`${README} has no \`\`\`ts block under "## Example"`);
  await writeFile(join(work, 'example.mts'), example);
  // Type-checked as a strict NodeNext project with @hem/client installed would, then compiled.
  const program = ts.createProgram([join(work, 'example.mts')], consumerOptions(ts));
  problems = ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
  program.emit();
  const { publicKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  await writeFile(join(work, 'peer.pem'), publicKey.export({ type: 'spki', format: 'pem' }));
});
afterAll(async () => {
  if (work) await rm(work, { recursive: true, force: true });
});
beforeEach(async () => {
  mock = await createMockHem({ hostnames: [DEVICE] });
  await writeFile(join(work, 'ca.pem'), mock.ca);
});
afterEach(async () => {
  await mock?.close();
});

/** Runs the example with these variables; its exit code and output. */
function run(tokens: Record<string, string>) {
  const env = {
    PATH: process.env.PATH ?? '',
    ...tokens,
    HEM_DEVICE_HOST: DEVICE,
    HEM_DEVICE_PORT: new URL(mock.url).port,
    NODE_EXTRA_CA_CERTS: join(work, 'ca.pem'),
    NODE_OPTIONS: `--import ${join(SPEC_DIR, 'test/device-host.mjs')}`,
  };
  return new Promise<{ code: number; out: string; err: string }>((resolve) => {
    execFile(process.execPath, [join(work, 'example.mjs')], { cwd: work, env }, (error, stdout, stderr) =>
      resolve({ code: error ? Number(error.code ?? 1) : 0, out: stdout, err: stderr }),
    );
  });
}

describe('the @hem/client README example, with a token per scope', () => {
  test('type-checks under strict settings', () => {
    expect(problems).toEqual([]);
  });

  test('imports with the import token and reads with the read token', async () => {
    const result = await run({ HEM_TOKEN_IMP: await mock.mintToken({ scope: IMPORT_SCOPE }), HEM_TOKEN_GET: await mock.mintToken({ scope: READ_SCOPE }) });
    expect(result.code, result.err).toBe(0);
    const kid = /^imported, kid ([0-9a-f]{32}) /m.exec(result.out)?.[1];
    expect(kid).toBeDefined();
    expect(mock.keys.has(kid!)).toBe(true);
  });

  test('control: the import token used for the read is refused by the device (403)', async () => {
    const token = await mock.mintToken({ scope: IMPORT_SCOPE });
    const result = await run({ HEM_TOKEN_IMP: token, HEM_TOKEN_GET: token });
    expect(result.code).not.toBe(0);
    expect(result.err).toMatch(/403/);
  });

  test('control: without a read token the example says which variable to set', async () => {
    const result = await run({ HEM_TOKEN_IMP: await mock.mintToken({ scope: IMPORT_SCOPE }) });
    expect(result.code).not.toBe(0);
    expect(result.err).toContain(`Set a token for ${READ_SCOPE}`);
    expect(result.err).toContain('HEM_TOKEN_GET');
  });
});
