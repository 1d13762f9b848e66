import { defineConfig } from 'tsdown';

export default defineConfig({
  entry: { index: 'src/index.ts', mini: 'src/mini.ts', device: 'src/device.ts', deep: 'src/deep.ts', curves: 'src/curves.ts' },
  format: ['esm', 'cjs'],
  platform: 'neutral',
  target: 'es2022',
  // Maps point into src/, which ships with the package.
  dts: { sourcemap: true },
  sourcemap: true,
});
