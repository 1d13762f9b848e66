import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { ROOT, publishedPackages } from './workspace.js';

// publint --strict and attw (node16 profile) run in the release dry run, on the tarballs that
// are published (tools/release/dry-run.mjs): their one home.

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
});
