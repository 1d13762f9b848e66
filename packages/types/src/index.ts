// Public surface of @hem/types. Everything here is generated from spec/openapi.yaml.
export type { components, operations, paths } from './openapi.gen.js';
export * from './models.gen.js';
