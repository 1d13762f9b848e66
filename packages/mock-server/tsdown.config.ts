import { defineConfig } from 'tsdown';

export default defineConfig([
  {
    // The main entry is Node-only (listeners, the file store); /device and /msw are web APIs only.
    entry: { index: 'src/index.ts', device: 'src/device.ts', msw: 'src/msw.ts' },
    format: ['esm', 'cjs'],
    platform: 'node',
    target: 'es2022',
    // .js and .cjs, as the other packages (platform node would make .mjs).
    fixedExtension: false,
    // Maps point into src/, which ships with the package.
    dts: { sourcemap: true },
    sourcemap: true,
  },
  {
    // The CLI is Node-only and ESM; it is not part of the importable surface.
    entry: { cli: 'src/cli.ts' },
    format: 'esm',
    platform: 'node',
    target: 'node20',
    dts: false,
    sourcemap: true,
    clean: false,
  },
]);
