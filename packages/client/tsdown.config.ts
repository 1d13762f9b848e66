import { defineConfig } from 'tsdown';

export default defineConfig([
  {
    entry: ['src/index.ts', 'src/core.ts'],
    format: ['esm', 'cjs'],
    platform: 'neutral',
    target: 'es2022',
    // Maps point into src/, which ships with the package.
    dts: { sourcemap: true },
    sourcemap: true,
    // Every package import stays an import: dependencies (subpaths included) are the consumer's to install.
    deps: { neverBundle: [/^[^./]/] },
  },
  {
    // The CLI is Node-only and ESM; it is not part of the importable surface. cli-run.mjs is
    // the command as a function (runCli), which the bin imports and the CLI tests call.
    entry: { cli: 'src/cli.ts', 'cli-run': 'src/cli-run.ts' },
    format: 'esm',
    platform: 'node',
    target: 'node20',
    dts: false,
    sourcemap: true,
    // Every package import stays an import: dependencies (subpaths included) are the consumer's to install.
    deps: { neverBundle: [/^[^./]/] },
    clean: false,
  },
]);
