// The worker side of parallel.ts: openapi.gen.ts's module text from the plain input the main
// thread sends (openapiTypesInput), so TypeScript and openapi-typescript load on the other core.
import { parentPort, workerData } from 'node:worker_threads';
import { openapiTypes } from './emit/types/openapi-ts.js';

const [document, operations, options, recursive] = workerData as Parameters<typeof openapiTypes>;
parentPort!.postMessage(openapiTypes(document, operations, options, recursive));
