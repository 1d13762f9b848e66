// Hostile documents against spec:diff, spec:gate and spec:release: the same cases as the
// generator's (tools/codegen/bench/hostile-cases.mjs), read by the same loader. The built
// command runs in a released throwaway repository per case, in a child process capped at 256 MB
// of heap: every case in one such process (codegen's cli-batch.mjs), and one through the bin
// itself, which must answer the same.
import { spawn } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { type Server, createServer } from 'node:http';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { CASES, type HostileCase, SECRET, writeCase } from '../../codegen/bench/hostile-cases.mjs';
import { runBatch } from '../../codegen/test/cli-batch.mjs';
import { at } from '../src/json.js';
import { releasedRepo, removeRepos } from './repo.js';

const CLI = fileURLToPath(new URL('../dist/cli.mjs', import.meta.url));
const RUN = fileURLToPath(new URL('../dist/run.mjs', import.meta.url));
let server: Server;
let port = 0;
const requests: string[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    requests.push(req.url ?? '');
    res.end('type: string\n');
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  port = (server.address() as { port: number }).port;
});
afterAll(async () => {
  await new Promise((done) => server.close(done));
  removeRepos();
});

function run(cwd: string, args: string[]): Promise<{ code: number | null; signal: NodeJS.Signals | null; out: string }> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, ['--max-old-space-size=256', CLI, ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    const chunks: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => chunks.push(b));
    child.stderr.on('data', (b: Buffer) => chunks.push(b));
    child.on('error', fail);
    child.on('close', (code, signal) => done({ code, signal, out: Buffer.concat(chunks).toString('utf8') }));
  });
}

const COMMANDS = ['diff', 'gate', 'release'] as const;

/** A refusal: exit 1, the message and the pointer, the file named, no stack, no secret. */
function expectRefused(result: { code: number | null; out: string }, hostile: HostileCase) {
  expect(result.code).toBe(1);
  expect(result.out).toMatch(hostile.message);
  expect(result.out).toContain(`${hostile.pointer}: `);
  expect(result.out).toMatch(/^hem-spec-diff: .*spec\/openapi\.yaml cannot be read/m);
  expect(result.out).not.toMatch(/\n\s+at .*:\d+:\d+\)?\n/); // no stack trace
  expect(result.out).not.toContain(SECRET);
}

/** A released repository holding the hostile spec in place of its own; its released spec as committed. */
async function hostileRepo(hostile: HostileCase) {
  const repo = await releasedRepo('0.1.0');
  const released = repo.read('spec/released/openapi.json');
  rmSync(join(repo.root, 'spec/openapi.yaml'));
  writeCase(hostile, join(repo.root, 'spec'), { port });
  return { root: repo.root, released };
}

const TABLE = CASES.flatMap((c) => COMMANDS.map((command) => [c.name, command, c] as const));
/** Each case's answer from one batch (the three commands of a case share its repository), and the requests the test server saw meanwhile. */
const batch = new Map<string, { result: { code: number; out: string } | undefined; root: string; released: string }>();
let batchRequests: string[] = [];
let batchExit = '';

describe('spec:diff, spec:gate and spec:release refuse a hostile spec with the pointer', () => {
  beforeAll(async () => {
    const repos = new Map<string, Awaited<ReturnType<typeof hostileRepo>>>();
    for (const hostile of CASES) repos.set(hostile.name, await hostileRepo(hostile));
    const before = requests.length;
    const { results, exit } = await runBatch(
      TABLE.map(([name, command, hostile]) => ({ module: RUN, name: 'runCli', cwd: repos.get(name)!.root, args: [command, ...(hostile.flags ?? [])] })),
    );
    batchRequests = requests.slice(before);
    batchExit = `the batch process ended with code ${exit.code}, signal ${exit.signal}: ${exit.stderr.slice(-2000)}`;
    for (const [i, [name, command]] of TABLE.entries()) batch.set(`${name} × ${command}`, { result: results[i], ...repos.get(name)! });
  }, 600_000);

  test.each(TABLE)('%s × spec:%s', (name, command, hostile) => {
    const { result, root, released } = batch.get(`${name} × ${command}`)!;
    expect(result, batchExit).toBeDefined();
    expectRefused(result!, hostile);
    expect(batchRequests).toEqual([]);
    // spec:release wrote nothing: the committed release is what it was.
    expect(readFileSync(join(root, 'spec/released/openapi.json'), 'utf8')).toBe(released);
  });

  test('the bin answers a case as the batch did', { timeout: 300_000 }, async () => {
    const hostile = CASES.find((c) => c.name === 'outside')!;
    const repo = await hostileRepo(hostile);
    const before = requests.length;
    const result = await run(repo.root, ['gate']);
    expect(result.signal).toBe(null);
    expectRefused(result, hostile);
    expect(requests.slice(before)).toEqual([]);
    // The bin's output is its stdout then its stderr; the batch keeps them interleaved.
    const lines = (text: string, root: string) => text.replaceAll(root, '<repo>').split('\n').sort();
    const batched = batch.get('outside × gate')!;
    expect(lines(result.out, repo.root)).toEqual(lines(batched.result!.out, batched.root));
  });

  test('the test server answers, so "no request arrived" can fail', async () => {
    await fetch(`http://127.0.0.1:${port}/probe`);
    expect(requests.at(-1)).toBe('/probe');
  });
});

describe('the walker', () => {
  test('a malformed %-escape in a pointer names nothing instead of throwing a URIError', () => {
    expect(at({ 'a%': 1, b: { c: 2 } }, '#/b/c')).toBe(2);
    expect(at({ 'a%': 1 }, '#/a%E0%A4%A')).toBeUndefined();
    expect(at({ 'a%': 1 }, '#/a%')).toBe(1);
  });
});
