import { defineConfig } from 'tsdown';

export default defineConfig({
  // load: the loader and its policy alone, for spec-diff (no TypeScript or ts-morph to start).
  // openapi-worker: openapi.gen.ts made on the other core (src/parallel.ts).
  entry: ['src/index.ts', 'src/cli.ts', 'src/load.ts', 'src/openapi-worker.ts'],
  format: 'esm',
  platform: 'node',
  target: 'node20',
  dts: false,
  deps: { neverBundle: [/^[^./]/] },
});
