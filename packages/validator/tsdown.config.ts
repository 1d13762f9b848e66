import { defineConfig } from 'tsdown';

export default defineConfig({
  entry: ['src/index.ts', 'src/mini.ts', 'src/device.ts'],
  format: ['esm', 'cjs'],
  platform: 'neutral',
  target: 'es2022',
  // Maps point into src/, which ships with the package.
  dts: { sourcemap: true },
  sourcemap: true,
});
