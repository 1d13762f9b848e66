import { defineConfig } from 'tsdown';

export default defineConfig({
  // load: the loader and its policy alone, for spec-diff (no TypeScript or ts-morph to start).
  // openapi-worker: openapi.gen.ts made on the other core (src/parallel.ts).
  // run: the command as a function of its arguments (the bin is cli), for tests that run many cases.
  entry: ['src/index.ts', 'src/cli.ts', 'src/run.ts', 'src/load.ts', 'src/openapi-worker.ts'],
  format: 'esm',
  platform: 'node',
  target: 'node20',
  // Declarations for the workspace tools that import it (spec-diff, the docs scripts, tests).
  dts: true,
  deps: { neverBundle: [/^[^./]/] },
});
