// @hem/validator/mini: the same generated schemas on zod/mini, for bundles where size
// matters more than method chains, with the same parse functions. The deep key checks are
// not loaded here: pass { deep: false } or check keys with `deepIssues` from
// `@hem/validator/deep` (a dynamic import keeps @noble/curves out of the first bundle).
import { createParsers, type OperationTable } from './parse.js';
import { OPERATION_SCHEMAS, createOperationSchemas } from './mini.gen.js';

export { ImportKeyErrorStatus, ImportKeyRequest, ImportKeyResponse, KeyMode, KeyType, Kid, OPERATION_SCHEMAS, createImportKeyRequest, createOperationSchemas } from './mini.gen.js';
export type { DeepCheck, OperationInput, ParseOptions, ParseResult } from './parse.js';
export type { ValidationIssue } from './runtime.js';

const parsers = createParsers(OPERATION_SCHEMAS as unknown as OperationTable, (limits) => createOperationSchemas(limits) as unknown as OperationTable);

/** `parseRequest` of @hem/validator on zod/mini, structural checks only (no deep key checks). */
export const parseRequest = parsers.parseRequest;
/** `parseResponse` of @hem/validator on zod/mini. */
export const parseResponse = parsers.parseResponse;
/** The generated schema table entry of an operation (its key fields feed `deepIssues`). */
export const operationEntry = parsers.entryOf;
