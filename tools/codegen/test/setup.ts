// Before each test file (the project shares modules between files, so a hook registered when
// helpers.ts is first imported would belong to one file only): remove its scratch folders after it.
import { afterAll } from 'vitest';
import { removeScratch } from './helpers.js';

afterAll(removeScratch);
