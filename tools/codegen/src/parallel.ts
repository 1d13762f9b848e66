// One-shot runs (generate, check-spec) make openapi.gen.ts in a worker: the main thread emits
// and prints the other targets meanwhile, so the two TypeScripts (openapi-typescript's and
// ts-morph's) load on both cores. `--watch` keeps the modules of one thread warm instead.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { openapiTypesInput } from './emit/types/index.js';

/** The built worker beside this module (dist/); from source (tests) there is none and the text is made in-thread. */
const WORKER = fileURLToPath(new URL('./openapi-worker.mjs', import.meta.url));

/** openapi.gen.ts's text from a worker, or undefined (made in-thread) when no worker could make it. */
export function openapiInWorker(input: ReturnType<typeof openapiTypesInput>): Promise<string | undefined> {
  if (!existsSync(WORKER)) return Promise.resolve(undefined);
  return new Promise((done) => {
    const worker = new Worker(WORKER, { workerData: input });
    let text: string | undefined;
    worker.once('message', (m: string) => (text = m));
    // A failure in the worker is not the run's: the same text is then made in-thread, where an
    // error is reported as usual.
    worker.once('error', () => undefined);
    worker.once('exit', () => done(text));
  });
}
