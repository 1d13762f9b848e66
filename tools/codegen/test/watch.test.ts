// `hem-codegen --watch` stays up and regenerates after each edit of the spec, and keeps
// serving after a broken edit (it reports the problem, writes nothing, and recovers).
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, expect, test } from 'vitest';

const CLI = fileURLToPath(new URL('../dist/cli.mjs', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'hem-watch-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const spec = (description: string) =>
  ['openapi: 3.1.0', 'info: { title: w, version: "1" }', 'paths: {}', 'components:', '  schemas:', `    Thing: { type: string, description: "${description}" }`].join('\n');

test('regenerates after an edit, reports a broken edit, and recovers', { timeout: 120_000 }, async () => {
  const file = join(dir, 'spec.yaml');
  const out = join(dir, 'out');
  writeFileSync(file, spec('first'));
  const child = spawn(process.execPath, [CLI, 'types', '--spec', file, '--out', out, '--watch'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (c) => (output += c));
  child.stderr.on('data', (c) => (output += c));
  const seen = (pattern: RegExp, from: number) =>
    new Promise<void>((done, fail) => {
      const check = () => {
        if (!pattern.test(output.slice(from))) return false;
        done();
        return true;
      };
      if (check()) return;
      const on = () => {
        if (!check()) return;
        child.stdout.off('data', on);
        child.stderr.off('data', on);
      };
      child.stdout.on('data', on);
      child.stderr.on('data', on);
      child.once('exit', () => fail(new Error(`watch exited; output:\n${output}`)));
    });
  try {
    // types, models and the operation tables; an edit of a description changes the first two.
    await seen(/hem-codegen types: 3 written/, 0);
    expect(readFileSync(join(out, 'openapi.gen.ts'), 'utf8')).toContain('@description first');

    let mark = output.length;
    writeFileSync(file, spec('second'));
    await seen(/hem-codegen types: 2 written/, mark);
    expect(readFileSync(join(out, 'openapi.gen.ts'), 'utf8')).toContain('@description second');

    mark = output.length;
    writeFileSync(file, spec('third').replace('type: string', 'type: strng'));
    await seen(/nothing was written/, mark);
    expect(output.slice(mark)).toContain('#/components/schemas/Thing/type');
    expect(readFileSync(join(out, 'openapi.gen.ts'), 'utf8')).toContain('@description second');

    mark = output.length;
    writeFileSync(file, spec('fourth'));
    await seen(/hem-codegen types: 2 written/, mark);
    expect(readFileSync(join(out, 'openapi.gen.ts'), 'utf8')).toContain('@description fourth');
  } finally {
    child.kill('SIGTERM');
  }
});
