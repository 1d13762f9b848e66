// Every sample the docs page shows, type-checked (TypeScript) and run as written against the
// device mock over real HTTPS: the device's name (the spec's server) reaches the mock through
// a connect hook (Node) or curl's --connect-to (in a .curlrc), with TLS checked against that
// name. A sample that stops working fails here. A control runs them all with a token the
// device refuses, and each must fail.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { createMockHem, type MockHem } from '@hem/mock-server';
import type { OperationIR } from '@hem/codegen';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { loadDocs } from '../scripts/docs/ir.mjs';
import { sampleInput, serverUrl, tokenVariable } from '../scripts/docs/samples.mjs';
import { consumerOptions } from './consumer.js';
import { SPEC_DIR } from './redocly.js';

type Sample = { lang: string; label: string; source: string };

const SLOW = 300_000;
const { document, ir, operations } = await loadDocs(join(SPEC_DIR, 'openapi.yaml'));
// The samples as the built page carries them (pnpm run docs).
const built = join(SPEC_DIR, 'dist/openapi.json');
if (!existsSync(built)) throw new Error(`${built} is missing: run pnpm run docs first.`);
const rendered = JSON.parse(await readFile(built, 'utf8'));
const samplesOf = (op: OperationIR): Sample[] => rendered.paths[op.path][op.method]['x-codeSamples'];
const device = new URL(serverUrl(document));
const cases = ir.operations.flatMap((op) => samplesOf(op).map((sample, i) => ({ op, sample, name: `${op.id}-${i}` })));

/** What a correct run prints: every string of the operation's first 200 example. */
function expected(op: OperationIR): string[] {
  const example = op.responses.find((r) => r.status === '200')?.content[0]?.examples[0]?.value as Record<string, unknown> | undefined;
  if (!example) throw new Error(`${op.id}: no 200 example to compare a sample's output with`);
  return Object.values(example).filter((v): v is string => typeof v === 'string');
}

/** The token a sample needs: the operation's first scope rule, its placeholders filled from the sample's parameters. */
function scopeFor(op: OperationIR): string {
  const joined = operations.find((o) => o.ir === op)!;
  const { params } = sampleInput(joined, document);
  const rule = joined.table.hem?.scopes[0];
  if (!rule) throw new Error(`${op.id} declares no scope`);
  return rule.claim.replace(/<([^>]+)>/g, (_, name: string) => String(params[name]?.value));
}

/**
 * What a device would issue for the samples: a token per scope, each in the variable the
 * samples read it from (HEM_TOKEN_IMP, ...); hem-import too reads only those. With `scope`,
 * every variable holds a token of that one scope instead.
 */
async function tokensFor(mock: MockHem, scope?: string): Promise<Record<string, string>> {
  const tokens: Record<string, string> = {};
  for (const o of operations) tokens[tokenVariable(o)] = await mock.mintToken({ scope: scope ?? scopeFor(o.ir) });
  return tokens;
}

/** Keys the samples of a reading operation expect on the device: every key an import example stores. */
function storedExamples() {
  return ir.operations.filter((op) => op.hem?.kidFrom).flatMap((op) => op.requestBody?.content[0]?.examples.map((e) => e.value as { type: string; pubkey: string }) ?? []);
}

let work: string;
const compiled = new Map<string, string>();

let problems: string[] = [];

// The TypeScript samples, type-checked and compiled once, as a project with @hem/client
// installed would: strict, NodeNext, top-level await.
beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'hem-samples-'));
  await symlink(join(SPEC_DIR, 'node_modules'), join(work, 'node_modules'), 'dir');
  await mkdir(join(work, 'ts'));
  const files = new Map<string, string>();
  for (const { sample, name } of cases) {
    if (sample.lang !== 'TypeScript') continue;
    files.set(name, join(work, 'ts', `${name}.mts`));
    await writeFile(files.get(name)!, sample.source);
  }
  const program = ts.createProgram([...files.values()], {
    ...consumerOptions(ts),
    rootDir: join(work, 'ts'),
    outDir: join(work, 'out'),
  });
  problems = ts.getPreEmitDiagnostics(program).map((d) => `${d.file ? `${d.file.fileName}: ` : ''}${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`);
  if (program.emit().emitSkipped) problems.push('TypeScript emitted nothing');
  for (const [name] of files) compiled.set(name, join(work, 'out', `${name}.mjs`));
}, SLOW);

afterAll(async () => {
  if (work) await rm(work, { recursive: true, force: true });
});

describe('docs samples', { timeout: SLOW }, () => {
  test('every operation has samples, and the TypeScript ones type-check under strict settings', () => {
    expect(cases.filter((c) => c.sample.lang === 'TypeScript').length).toBeGreaterThanOrEqual(ir.operations.length);
    expect(problems).toEqual([]);
    expect(compiled.size).toBe(cases.filter((c) => c.sample.lang === 'TypeScript').length);
  });

  test('control: a sample that calls what the client does not have fails the type-check', async () => {
    const { sample, name, op } = cases.find((c) => c.sample.lang === 'TypeScript')!;
    const file = join(work, 'ts', `${name}-broken.mts`);
    await writeFile(file, sample.source.replace(`hem.${op.name}(`, `hem.${op.name}Typo(`));
    const program = ts.createProgram([file], {
      strict: true,
      module: ts.ModuleKind.NodeNext,
      moduleResolution: ts.ModuleResolutionKind.NodeNext,
      target: ts.ScriptTarget.ES2022,
      types: ['node'],
      skipLibCheck: true,
      noEmit: true,
    });
    const broken = ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
    expect(broken.join('\n')).toContain(`Property '${op.name}Typo' does not exist`);
  });

  /** Runs one sample (`name`, as compiled) as a reader would, against `mock`, in a folder of its own (`folder`). */
  async function run(mock: MockHem, name: string, sample: Sample, tokens: Record<string, string>, folder = name) {
    const dir = join(work, folder);
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, 'ca.pem'), mock.ca);
    const port = new URL(mock.url).port;
    // curl reads $CURL_HOME/.curlrc: the device's name and port go to the mock, its CA is trusted.
    await writeFile(join(dir, '.curlrc'), `connect-to = ${device.hostname}:${device.port || 443}:127.0.0.1:${port}\ncacert = ${join(dir, 'ca.pem')}\n`);
    const env = {
      PATH: [join(SPEC_DIR, 'node_modules/.bin'), process.env.PATH].join(delimiter),
      HOME: dir,
      CURL_HOME: dir,
      ...tokens,
      HEM_DEVICE_HOST: device.hostname,
      HEM_DEVICE_PORT: port,
      NODE_EXTRA_CA_CERTS: join(dir, 'ca.pem'),
      NODE_OPTIONS: `--import ${join(SPEC_DIR, 'test/device-host.mjs')}`,
    };
    const [command, args] = sample.lang === 'TypeScript' ? [process.execPath, [compiled.get(name)!]] : ['bash', ['-e', join(dir, 'sample.sh')]];
    if (sample.lang !== 'TypeScript') await writeFile(join(dir, 'sample.sh'), sample.source);
    return new Promise<{ code: number; out: string; err: string }>((resolve) => {
      execFile(command, args as string[], { cwd: dir, env, maxBuffer: 16 << 20 }, (error, stdout, stderr) =>
        resolve({ code: error ? Number(error.code ?? 1) : 0, out: stdout, err: stderr }),
      );
    });
  }

  test.each(cases.map((c) => [`${c.op.id} ${c.sample.label}`, c] as const))('%s runs against the device mock and prints the answer', async (_, { op, sample, name }) => {
    const mock = await createMockHem({ hostnames: [device.hostname] });
    try {
      // An operation that stores a key starts on an empty device; one that reads finds the examples stored.
      if (!op.hem?.kidFrom) for (const key of storedExamples()) mock.device.seed(key);
      const result = await run(mock, name, sample, await tokensFor(mock));
      expect(result.err).not.toMatch(/hem-no-network|ECONNREFUSED|ENOTFOUND|certificate/i);
      expect(result.code, `${sample.label} failed:\n${result.err}`).toBe(0);
      for (const text of expected(op)) expect(result.out).toContain(text);
      // It reached the mock: an import left its key there.
      if (op.hem?.kidFrom) for (const kid of expected(op)) expect(mock.keys.has(kid)).toBe(true);
    } finally {
      await mock.close();
    }
  });

  test.each(cases.map((c) => [`${c.op.id} ${c.sample.label}`, c] as const))('control: %s fails when the device refuses the token', async (_, { op, sample, name }) => {
    const mock = await createMockHem({ hostnames: [device.hostname] });
    try {
      if (!op.hem?.kidFrom) for (const key of storedExamples()) mock.device.seed(key);
      // A valid token whose scope allows nothing here: the device answers 403.
      const result = await run(mock, name, sample, await tokensFor(mock, 'keymgmt:none'), `${name}-refused`);
      // Refused by the device, not failing for another reason: HemApiError 403, hem-import's 4, curl's 22.
      expect(result.code).not.toBe(0);
      if (sample.lang === 'TypeScript') expect(result.err).toMatch(/403/);
      else expect(result.code).toBe(sample.label === 'curl' ? 22 : 4);
      for (const kid of op.hem?.kidFrom ? expected(op) : []) expect(mock.keys.has(kid)).toBe(false);
    } finally {
      await mock.close();
    }
  });

  // The retry-safe samples (the TypeScript one, hem-import --if-absent) on a device that holds
  // the key already: the import answers 406 and the sample reads the kid back, with the read
  // token; with the import token it must fail.
  const retrySafe = cases.filter((c) => c.sample.label === 'TypeScript (retry-safe)' || (c.sample.label === 'hem-import CLI' && c.op.hem?.readBack));
  test('the spec has a retry-safe sample to try', () => {
    expect(retrySafe.length).toBeGreaterThan(0);
  });
  test.each(retrySafe.map((c) => [`${c.op.id} ${c.sample.label}`, c] as const))('%s: reads back with its own token', async (_, { op, sample, name }) => {
    for (const misuse of [false, true]) {
      const mock = await createMockHem({ hostnames: [device.hostname] });
      try {
        for (const key of storedExamples()) mock.device.seed(key);
        const tokens = await tokensFor(mock);
        // The control: every variable holds the import's token, as one HEM_TOKEN did.
        const own = tokens[tokenVariable(operations.find((o) => o.ir === op)!)]!;
        if (misuse) for (const o of operations) tokens[tokenVariable(o)] = own;
        const result = await run(mock, name, sample, tokens, `${name}-present${misuse ? '-misused' : ''}`);
        const kid = expected(op)[0];
        if (misuse) {
          expect(result.code).not.toBe(0);
          expect(result.err).toMatch(/403/);
        } else if (sample.lang === 'TypeScript') {
          expect(result.code, result.err).toBe(0);
          expect(JSON.parse(result.out)).toEqual({ kid, outcome: 'already-present' });
        } else {
          expect(result.code, result.err).toBe(0);
          expect(result.out).toContain(`${kid} already present\n`);
        }
      } finally {
        await mock.close();
      }
    }
  });
});
