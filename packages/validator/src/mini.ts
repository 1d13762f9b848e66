// @hem/validator/mini: the same generated schemas on zod/mini, for bundles where size
// matters more than method chains. Parse with `schema.safeParse(input)`.
export { ImportKeyErrorStatus, ImportKeyRequest, ImportKeyResponse, KeyMode, KeyType, Kid, OPERATION_SCHEMAS, createImportKeyRequest, createOperationSchemas } from './mini.gen.js';
