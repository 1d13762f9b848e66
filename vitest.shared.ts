// What every project's vitest.config.ts shares (defineHemProject):
// - Workspace packages resolve to their src/: each package.json export carries a
//   "@hem/source" condition that points at the TypeScript entry; here every such entry becomes
//   an exact resolution (sourcePlugin). It acts inside Vite's module graph only. Passing the condition to
//   `ssr.resolve.conditions` would also hand `--conditions=@hem/source` to the worker's Node,
//   whose own require() of a built file (the dual-package test) would then land on a .ts file.
// - Tests about built artefacts (CLIs as installed, package shape, sizes, the docs page) name
//   what they need in `build`; the project's global setup builds it through turbo (cached:
//   about a second) before its files run.
// - `pnpm test:fast` (HEM_TEST_FAST=1) leaves out the files listed in `slow`: those that need a
//   browser, a copy of the repository or other Node versions.
import { existsSync, readdirSync, readFileSync, realpathSync } from 'node:fs';
import { dirname, isAbsolute, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineProject, type Plugin } from 'vitest/config';

export const ROOT = fileURLToPath(new URL('.', import.meta.url));
export const SOURCE_CONDITION = '@hem/source';

type Exports = string | { [condition: string]: Exports };

interface SourceEntry {
  /** The import specifier, `@hem/x` or `@hem/x/sub`. */
  specifier: string;
  /** The package's folder in the workspace. */
  dir: string;
  /** The absolute path of the source file it stands for. */
  file: string;
}

/** One entry per export of a workspace package that names a source file: `@hem/x/sub` -> abs path of src/sub.ts. */
export function sourceEntries(root = ROOT): SourceEntry[] {
  const entries: SourceEntry[] = [];
  for (const parent of ['packages', 'tools']) {
    for (const entry of readdirSync(join(root, parent))) {
      const dir = join(root, parent, entry);
      let manifest: { name?: string; exports?: Exports };
      try {
        manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
      } catch {
        continue;
      }
      const { name, exports } = manifest;
      if (!name || !exports || typeof exports === 'string') continue;
      for (const [subpath, target] of Object.entries(exports)) {
        const source = typeof target === 'object' ? target[SOURCE_CONDITION] : undefined;
        if (typeof source !== 'string') continue;
        entries.push({ specifier: subpath === '.' ? name : `${name}/${subpath.slice(2)}`, dir, file: join(dir, source) });
      }
    }
  }
  return entries;
}

/**
 * Resolves workspace packages to their src/, as a resolver rather than plain aliases: an
 * importer that has its own `node_modules/<package>` naming something other than the
 * workspace package (a package set the generator wrote for a test, say) keeps Node's
 * resolution, as it would outside the tests.
 */
export function sourcePlugin(root = ROOT): Plugin {
  const entries = new Map(sourceEntries(root).map((e) => [e.specifier, e]));
  const shadowed = new Map<string, boolean>();
  const ownCopy = (from: string, entry: SourceEntry): boolean => {
    const name = entry.specifier.split('/').slice(0, 2).join('/');
    const key = `${from}\0${name}`;
    let hit = shadowed.get(key);
    if (hit === undefined) {
      hit = false;
      for (let dir = from; dir.startsWith(root) && dir !== dirname(dir); dir = dirname(dir)) {
        const link = join(dir, 'node_modules', name);
        if (!existsSync(link)) continue;
        hit = realpathSync(link) !== realpathSync(entry.dir);
        break;
      }
      shadowed.set(key, hit);
    }
    return hit;
  };
  return {
    name: 'hem-source',
    enforce: 'pre',
    resolveId(id, importer) {
      const entry = entries.get(id);
      if (!entry) return null;
      if (importer && isAbsolute(importer) && ownCopy(dirname(importer), entry)) return null;
      return entry.file;
    },
  };
}

// biome-ignore lint/suspicious/noUndeclaredEnvVars: read by the vitest configs, never by a turbo task
export const FAST = process.env.HEM_TEST_FAST === '1';
// HEM_TEST_TYPECHECK=0 leaves out the *.test-d.ts type tests, for a run that has just
// type-checked every package with tsc (tools/checks/test/extend-spec.test.ts).
// biome-ignore lint/suspicious/noUndeclaredEnvVars: read by the vitest configs, never by a turbo task
const TYPE_TESTS = process.env.HEM_TEST_TYPECHECK !== '0';

declare module 'vitest' {
  interface ProvidedContext {
    /** turbo arguments for the project's built artefacts (tools/checks/build-for-tests.ts). */
    hemBuild: string[];
    /** The project's slow tier, as paths from its folder (tools/checks/sequencer.ts runs them early). */
    hemSlow: string[];
    /** The slow files a whole run starts before all others (tools/checks/sequencer.ts). */
    hemStartFirst: string[];
  }
}

export interface HemProject {
  name: string;
  /** Test files (globs from the project folder) that need a browser, a copy of the repository or other Node versions. */
  slow?: string[];
  /** Slow files (no need to list them in `slow` too) that wait minutes on child processes: a whole run starts them before any other. */
  startFirst?: string[];
  /** turbo arguments that build what this project's built-artefact tests read, e.g. ['build', '--filter=@hem/client']. */
  build?: string[];
  /** Type tests (*.test-d.ts) through tsc. */
  typecheck?: boolean;
  /**
   * A fresh module graph for each test file. Off by default: a worker's files share one graph
   * (each module loads once per worker, not once per file: the fast tier took 99 CPU-s, against
   * 140 with a fresh graph per file), which holds because no test mocks a module, stubs a
   * global or leaves a listener, interceptor or environment change behind (each closes what it
   * opens in afterAll). A project whose tests do needs `isolate: true`.
   */
  isolate?: boolean;
  /** Run before each test file (per-file hooks of shared helpers). */
  setupFiles?: string[];
}

export function defineHemProject({ name, slow: listed = [], startFirst = [], build, typecheck, isolate = false, setupFiles }: HemProject) {
  // A file started first is a slow one.
  const slow = [...new Set([...listed, ...startFirst])];
  return defineProject({
    plugins: [sourcePlugin()],
    test: {
      name,
      // Generous: these tests start servers, browsers and child processes on a shared, loaded 2-core machine.
      testTimeout: 120_000,
      hookTimeout: 120_000,
      include: ['test/**/*.test.ts'],
      // Setup files still run before each file.
      isolate,
      ...(setupFiles ? { setupFiles } : {}),
      exclude: ['**/node_modules/**', ...(FAST ? slow : [])],
      ...(typecheck && TYPE_TESTS ? { typecheck: { enabled: true, include: ['test/**/*.test-d.ts'], tsconfig: './tsconfig.json' } } : {}),
      provide: { hemSlow: slow, hemStartFirst: startFirst, ...(build ? { hemBuild: build } : {}) },
      ...(build ? { globalSetup: [join(ROOT, 'tools/checks/build-for-tests.ts')] } : {}),
    },
  });
}
