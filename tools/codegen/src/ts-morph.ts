// ts-morph, loaded with require() on first use: it is CommonJS over a 9 MB TypeScript, which
// Node loads several hundred ms faster this way than through the ESM loader (and a run that
// prints no structure never loads it).
import { createRequire } from 'node:module';

type TsMorph = typeof import('ts-morph');
let loaded: TsMorph | undefined;

export const tsMorph = (): TsMorph => (loaded ??= createRequire(import.meta.url)('ts-morph') as TsMorph);
