// Public surface of @hem/types: what is generated from spec/openapi.yaml, and the shape of its operation tables.
export type { components, operations, paths } from './openapi.gen.js';
export * from './models.gen.js';
export type * from './operation-spec.js';
export * from './operations.gen.js';
