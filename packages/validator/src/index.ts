// Public surface of @hem/validator: the generated zod schemas, and parse functions that
// turn zod's findings into issues a person can act on, with the deep key checks on top.
import type { ImportKeyRequest as ImportKeyRequestType, ImportKeyResponse as ImportKeyResponseType } from '@hem/types';
import { deepCheck } from './deep.js';
import { createParsers, type OperationTable, type ParseOptions, type ParseResult } from './parse.js';
import { OPERATION_SCHEMAS, createOperationSchemas } from './schemas.gen.js';

export {
  ImportKeyErrorStatus,
  ImportKeyRequest,
  ImportKeyResponse,
  KeyMode,
  KeyType,
  Kid,
  OPERATION_SCHEMAS,
  createImportKeyRequest,
  createOperationSchemas,
} from './schemas.gen.js';
export { checkKeyShape, checkPublicKey, type KeyIssue, type KeyIssueCode } from './keys.js';
export { computeKid, computeKidAsync } from './kid.js';
export { decodeBase64, encodeBase64, explainBase64 } from './base64.js';
export { CURVES, curveOf, type CurveInfo } from './curves.js';

export { snapshot } from './plain.js';
export type { ValidationIssue } from './runtime.js';
export type { DeepCheck, OperationInput, ParseOptions, ParseResult } from './parse.js';

/** The operations of the spec, by operationId. */
export type OperationId = keyof typeof OPERATION_SCHEMAS;

const parsers = createParsers(OPERATION_SCHEMAS as unknown as OperationTable, (limits) => createOperationSchemas(limits) as unknown as OperationTable, deepCheck);

/**
 * Validates what would be sent for `operationId`: its parameters and its body, against the
 * spec's schemas for that operation, and (unless `deep: false`) every public key in the body
 * against its type. Never throws on any input; an unknown operation or a malformed option is
 * a TypeError.
 */
export const parseRequest = parsers.parseRequest;

/** Validates the body of a success answer of `operationId` (status as received). */
export const parseResponse = parsers.parseResponse;

/**
 * Validates an import request as the device would, and then some: `parseRequest` for
 * `importKey`'s body. Never throws on any input; only a malformed `descrMaxBytes` option
 * is a TypeError.
 */
export function parseImportKeyRequest(input: unknown, options: ParseOptions = {}): ParseResult<ImportKeyRequestType> {
  const result = parseRequest('importKey', { body: input }, options);
  return result.ok ? { ok: true, value: result.value.body as ImportKeyRequestType } : result;
}

/** Validates the body of a 200 answer to an import. */
export function parseImportKeyResponse(input: unknown): ParseResult<ImportKeyResponseType> {
  return parseResponse('importKey', 200, input) as ParseResult<ImportKeyResponseType>;
}
