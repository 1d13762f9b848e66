// openapi.gen.ts made in a worker (the built CLI's one-shot runs) gives the files and findings
// renderDocument gives in one thread, for our spec and a document with problems.
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { describe, expect, test } from 'vitest';
import { openapiTypes } from '../src/emit/types/openapi-ts.js';
import { renderDocument, renderDocumentParallel } from '../src/index.js';
import { loadSpec } from '../src/load.js';

const SPEC = fileURLToPath(new URL('../../../spec/openapi.yaml', import.meta.url));
const FIXTURE = fileURLToPath(new URL('./fixtures/redoc-demo-3.1.yaml', import.meta.url));

/** A real worker thread running openapiTypes on what it is sent, as openapi-worker.ts does. */
function inWorker(input: Parameters<typeof openapiTypes>): Promise<string | undefined> {
  const source = `const { parentPort, workerData } = require('node:worker_threads');
parentPort.postMessage(workerData);`;
  // The input must survive structured clone whole, there and back: the worker echoes it.
  return new Promise((done, fail) => {
    const worker = new Worker(source, { eval: true, workerData: input });
    worker.once('message', (echo: typeof input) => done(openapiTypes(...echo)));
    worker.once('error', fail);
  });
}

describe('renderDocumentParallel', () => {
  test.each([
    ['our spec', SPEC],
    ['redoc demo (warnings)', FIXTURE],
  ])('%s: the same files and findings as in one thread', async (_name, file) => {
    const { document } = await loadSpec(file);
    const one = renderDocument(document, ['types', 'validator', 'client'], 'x.yaml');
    for (const openapi of [(input: Parameters<typeof openapiTypes>) => Promise.resolve(openapiTypes(...input)), async () => undefined]) {
      const two = await renderDocumentParallel(document, ['types', 'validator', 'client'], 'x.yaml', openapi);
      expect(two.blocked).toEqual(one.blocked);
      expect(two.diagnostics.map((d) => `${d.severity} ${d.pointer}`).sort()).toEqual(one.diagnostics.map((d) => `${d.severity} ${d.pointer}`).sort());
      expect([...two.files.keys()].sort()).toEqual([...one.files.keys()].sort());
      for (const [target, files] of one.files) expect(Object.fromEntries(two.files.get(target)!)).toEqual(Object.fromEntries(files));
    }
  });

  test('the worker input is plain data that survives a thread hop', async () => {
    const { document } = await loadSpec(SPEC);
    const one = renderDocument(document, ['types'], 'x.yaml');
    const two = await renderDocumentParallel(document, ['types'], 'x.yaml', (input) => inWorker(input));
    expect(Object.fromEntries(two.files.get('types')!)).toEqual(Object.fromEntries(one.files.get('types')!));
  });
});
