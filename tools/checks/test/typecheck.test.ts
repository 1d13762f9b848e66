// tools/checks/typecheck.mjs (pnpm typecheck) reports what tsc --noEmit reports in each project,
// though the projects share their parsed declaration files.
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, test } from 'vitest';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const DRIVER = join(ROOT, 'tools/checks/typecheck.mjs');
const TSC = fileURLToPath(new URL('../node_modules/typescript/bin/tsc', import.meta.url));
// Inside the tree, so @types/node resolves as it does for the packages.
const SCRATCH = fileURLToPath(new URL('./.scratch/', import.meta.url));
mkdirSync(SCRATCH, { recursive: true });
const dir = mkdtempSync(join(SCRATCH, 'typecheck-'));
afterAll(() => rmSync(SCRATCH, { recursive: true, force: true }));

const run = (args: string[]) =>
  promisify(execFile)(process.execPath, args, { cwd: dir }).then(
    (r) => ({ code: 0, out: r.stdout, err: r.stderr }),
    (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, out: e.stdout, err: e.stderr }),
  );
/** `file(line,col): error TSnnnn` of each diagnostic line, in order. */
const places = (out: string) => out.match(/^\S+\(\d+,\d+\): error TS\d+/gm) ?? [];

/** A project of its own, on the packages' shared options, with these files. */
function project(name: string, files: Record<string, string>): string {
  mkdirSync(join(dir, name));
  writeFileSync(join(dir, name, 'tsconfig.json'), JSON.stringify({ extends: join(ROOT, 'tsconfig.base.json'), compilerOptions: { types: ['node'] }, include: ['*.ts'] }));
  for (const [file, text] of Object.entries(files)) writeFileSync(join(dir, name, file), text);
  return join(name, 'tsconfig.json');
}

describe('typecheck.mjs', () => {
  // Both read @types/node (shared between the programs); each has its own errors.
  const a = project('a', {
    'index.ts': "import { readFileSync } from 'node:fs';\nexport const size: number = readFileSync('x', 'utf8');\n",
  });
  const b = project('b', {
    'index.ts':
      "import { createServer } from 'node:http';\nimport { readFileSync } from 'node:fs';\nexport const server: string = createServer();\nexport const text: Buffer = readFileSync('x', 'utf8');\n",
    'other.ts': 'export const list: number[] = [1, 2];\nexport const first: number = list[0];\n',
  });
  const clean = project('clean', { 'index.ts': "import { readFileSync } from 'node:fs';\nexport const text: string = readFileSync('x', 'utf8');\n" });

  test('the same errors as tsc --noEmit in each project, in one run over all of them; exit 1', async () => {
    const [one, two, all] = await Promise.all([
      run([TSC, '--noEmit', '--pretty', 'false', '-p', a]),
      run([TSC, '--noEmit', '--pretty', 'false', '-p', b]),
      run([DRIVER, '--project', a, '--project', b, '--project', clean]),
    ]);
    expect(places(one.out)).toEqual(['a/index.ts(2,14): error TS2322']);
    // noUncheckedIndexedAccess: list[0] is number | undefined.
    expect(places(two.out)).toEqual(['b/index.ts(3,14): error TS2322', 'b/index.ts(4,14): error TS2322', 'b/other.ts(2,14): error TS2322']);
    expect(places(all.out)).toEqual([...places(one.out), ...places(two.out)]);
    expect(all.out).toContain("Type 'string' is not assignable to type 'number'.");
    expect(all.out.trim().split('\n').at(-1)).toBe('typecheck: 4 error(s) in a/tsconfig.json, b/tsconfig.json (checked 3: a/tsconfig.json, b/tsconfig.json, clean/tsconfig.json)');
    expect(all.code).toBe(1);
  });

  test('the packages turbo selects (--filter as turbo reads it); no errors: one line naming what it checked, exit 0', async () => {
    const result = await run([DRIVER, '--filter=@hem/types']);
    expect(result.out).toBe('typecheck: no errors in 1 package(s): @hem/types\n');
    expect(result.code).toBe(0);
    const none = await run([DRIVER, '--filter=@hem/no-such-package']);
    expect(none.err).toMatch(/^typecheck: turbo ls --output=json --filter=@hem\/no-such-package failed: .*No package found/s);
    expect(none.code).toBe(2);
  });
});
