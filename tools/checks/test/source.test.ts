// Tests read source: in each project's Vite setup (its vitest.config.ts), an import of a
// workspace package resolves to that package's src/, so a change there is tested with no
// build. A control shows what the same import meant without the shared setup: dist/.
import { existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { createViteServer } from 'vitest/node';
import { ROOT, publishedPackages } from './workspace.js';

type Server = Awaited<ReturnType<typeof createViteServer>>;
const servers: Server[] = [];
afterAll(() => Promise.all(servers.map((s) => s.close())));

/** Where `specifier`, imported from a test file of `project`, resolves in Vite's server environment (the one vitest runs tests in). */
async function resolveFrom(
  project: string,
  specifier: string,
  configFile: string | false = join(ROOT, project, 'vitest.config.ts'),
  importer = join(ROOT, project, 'test/any.test.ts'),
) {
  const root = join(ROOT, project);
  const server = await createViteServer({ root, configFile, logLevel: 'silent', server: { middlewareMode: true, hmr: false, ws: false } });
  servers.push(server);
  const resolved = await server.environments.ssr.pluginContainer.resolveId(specifier, importer);
  return resolved && relative(ROOT, resolved.id);
}

describe('tests import workspace packages from src/', () => {
  test.each([
    ['packages/validator', '@hem/types', 'packages/types/src/index.ts'],
    ['packages/client', '@hem/validator', 'packages/validator/src/index.ts'],
    ['packages/client', '@hem/validator/device', 'packages/validator/src/device.ts'],
    ['packages/client', '@hem/client/core', 'packages/client/src/core.ts'],
    ['packages/mock-server', '@hem/client', 'packages/client/src/index.ts'],
    ['spec', '@hem/mock-server', 'packages/mock-server/src/index.ts'],
  ])('%s: %s -> %s', async (project, specifier, expected) => {
    expect(await resolveFrom(project, specifier)).toBe(expected);
  });

  test('@hem/testkit (plain JavaScript, imported by the tests) reaches the validator through the same aliases', async () => {
    const testkit = join(ROOT, 'tools/testkit/index.js');
    expect(await resolveFrom('packages/client', '@hem/validator/curves', undefined, testkit)).toBe('packages/validator/src/curves.ts');
  });

  test('every export of a published package names its source file, which exists', () => {
    for (const { dir, manifest } of publishedPackages()) {
      for (const [subpath, target] of Object.entries(manifest.exports ?? {})) {
        if (subpath === './package.json') continue;
        const source = (target as Record<string, unknown> | undefined)?.['@hem/source'];
        expect(typeof source, `${manifest.name} "${subpath}": add "@hem/source": "./src/<entry>.ts"`).toBe('string');
        expect(existsSync(join(dir, source as string)), `${manifest.name} "${subpath}" -> ${source}`).toBe(true);
      }
    }
  });

  test('control: without the shared setup the same import is the built file', async () => {
    expect(await resolveFrom('packages/client', '@hem/validator', false)).toBe('packages/validator/dist/index.js');
  });
});
