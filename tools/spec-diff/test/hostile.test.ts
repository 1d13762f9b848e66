// Hostile documents against spec:diff, spec:gate and spec:release: the same cases as the
// generator's (tools/codegen/bench/hostile-cases.mjs), read by the same loader. Each runs the
// built CLI in a released throwaway repository, in a child process capped at 256 MB of heap.
import { spawn } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { type Server, createServer } from 'node:http';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { CASES, SECRET, writeCase } from '../../codegen/bench/hostile-cases.mjs';
import { at } from '../src/json.js';
import { releasedRepo, removeRepos } from './repo.js';

const CLI = fileURLToPath(new URL('../dist/cli.mjs', import.meta.url));
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

describe('spec:diff, spec:gate and spec:release refuse a hostile spec with the pointer', () => {
  test.each(CASES.flatMap((c) => COMMANDS.map((command) => [c.name, command, c] as const)))('%s × spec:%s', { timeout: 300_000 }, async (_name, command, hostile) => {
    const repo = await releasedRepo('0.1.0');
    const released = repo.read('spec/released/openapi.json');
    rmSync(join(repo.root, 'spec/openapi.yaml'));
    writeCase(hostile, join(repo.root, 'spec'), { port });
    const before = requests.length;

    const result = await run(repo.root, [command, ...(hostile.flags ?? [])]);

    expect(result.signal).toBe(null);
    expect(result.code).toBe(1);
    expect(result.out).toMatch(hostile.message);
    expect(result.out).toContain(`${hostile.pointer}: `);
    expect(result.out).toMatch(/^hem-spec-diff: .*spec\/openapi\.yaml cannot be read/m);
    expect(result.out).not.toMatch(/\n\s+at .*:\d+:\d+\)?\n/); // no stack trace
    expect(result.out).not.toContain(SECRET);
    expect(requests.length).toBe(before);
    // spec:release wrote nothing: the committed release is what it was.
    expect(readFileSync(join(repo.root, 'spec/released/openapi.json'), 'utf8')).toBe(released);
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
