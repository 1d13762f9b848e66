import { defineConfig } from 'tsdown';

export default defineConfig({
  // load: the loader and its policy alone, for spec-diff (no TypeScript or ts-morph to start).
  entry: ['src/index.ts', 'src/cli.ts', 'src/load.ts'],
  format: 'esm',
  platform: 'node',
  target: 'node20',
  dts: false,
  deps: { neverBundle: [/^[^./]/] },
});
