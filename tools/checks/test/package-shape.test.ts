import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { publint } from 'publint';
import { describe, expect, test } from 'vitest';
import { ROOT, publishedPackages } from './workspace.js';

const run = promisify(execFile);
const ATTW = join(ROOT, 'tools/checks/node_modules/@arethetypeswrong/cli/dist/index.js');

describe.each(publishedPackages().map((p) => [p.manifest.name, p] as const))('%s package shape', (_name, pkg) => {
  test('is built', () => {
    expect(existsSync(join(pkg.dir, 'dist')), 'run pnpm build first').toBe(true);
  });

  test('exports list types first, and the package is side-effect free', () => {
    const root = pkg.manifest.exports?.['.'] ?? {};
    for (const condition of ['import', 'require']) expect(Object.keys(root[condition] ?? {})[0]).toBe('types');
    expect(pkg.manifest.sideEffects).toBe(false);
  });

  test('has a README with an example, the root LICENSE, and restricted access for the internal scope', () => {
    const readme = readFileSync(join(pkg.dir, 'README.md'), 'utf8');
    expect(readme.startsWith(`# ${pkg.manifest.name}\n`)).toBe(true);
    expect(readme).toMatch(/^## Example\n\n```ts\n/m);
    // A copy, so that the tarball carries it; this keeps it equal to the root's.
    expect(readFileSync(join(pkg.dir, 'LICENSE'), 'utf8')).toBe(readFileSync(join(ROOT, 'LICENSE'), 'utf8'));
    expect(pkg.manifest.license).toBe('MIT');
    expect(pkg.manifest.publishConfig).toEqual({ access: 'restricted' });
  });

  test('publint --strict finds nothing', async () => {
    const { messages } = await publint({ pkgDir: pkg.dir, strict: true, level: 'suggestion' });
    expect(messages).toEqual([]);
  });

  // node16 profile: Node and bundler resolution; node10 cannot see subpath exports, and
  // the packages need Node 20.19 or later anyway.
  test('attw --pack finds no resolution problem', async () => {
    const { stdout } = await run(process.execPath, [ATTW, '--pack', '.', '--profile', 'node16', '--format', 'json'], { cwd: pkg.dir, maxBuffer: 16 << 20 }).catch(
      (e: { stdout: string }) => ({ stdout: e.stdout }),
    );
    const problems: { resolutionKind?: string }[] | undefined = JSON.parse(stdout).analysis?.problems;
    // The JSON report lists every resolution kind; the profile only decides the exit code.
    expect(problems?.filter((p) => p.resolutionKind !== 'node10')).toEqual([]);
  });
});
