import { defineConfig } from 'tsdown';

export default defineConfig({
  // run: the command as a function of its arguments (the bin is cli), for tests that run many cases.
  entry: ['src/index.ts', 'src/cli.ts', 'src/run.ts'],
  format: 'esm',
  platform: 'node',
  target: 'node20',
  dts: false,
  deps: { neverBundle: [/^[^./]/] },
});
