// OpenAPI objects other than schemas: how a change to each field reads for clients. Fields
// the engine compares structurally (paths, parameters, bodies, responses, content, schemas,
// security) are listed in STRUCTURAL and never reach these tables.
import { HEM_OPERATION_RULES, HEM_RESPONSE_RULES } from './hem.js';
import { changed, docs, fixed, flag, type Rule } from './kinds.js';

export const OPENAPI_RULES_FILE = 'tools/spec-diff/src/rules/openapi.ts';

const minor = fixed({ added: 'minor', removed: 'minor', changed: 'minor' });

/** Keys the engine handles itself, per object kind. */
export const STRUCTURAL = {
  document: ['paths', 'webhooks', 'components', 'security'],
  pathItem: ['parameters', 'get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'],
  operation: ['parameters', 'requestBody', 'responses', 'security'],
  parameter: ['name', 'in', 'schema', 'content'],
  requestBody: ['content'],
  mediaType: ['schema'],
  response: ['headers', 'content'],
  header: ['schema', 'content'],
} as const;

export const DOCUMENT_RULES: Record<string, Rule> = {
  // A new OpenAPI version can change what schemas mean (nullable, exclusive bounds).
  openapi: minor,
  info: docs,
  // The client takes its base URL from the caller: servers are documentation.
  servers: docs,
  tags: docs,
  externalDocs: docs,
  jsonSchemaDialect: changed,
};

export const PATH_ITEM_RULES: Record<string, Rule> = {
  summary: docs,
  description: docs,
  servers: docs,
  $ref: changed,
};

export const OPERATION_RULES: Record<string, Rule> = {
  operationId: fixed({ added: 'minor', removed: 'breaking', changed: 'breaking' }, ' (the generated client names its method after it)'),
  summary: docs,
  description: docs,
  tags: docs,
  externalDocs: docs,
  servers: docs,
  deprecated: minor,
  callbacks: changed,
  ...HEM_OPERATION_RULES,
};

export const PARAMETER_RULES: Record<string, Rule> = {
  description: docs,
  example: docs,
  examples: docs,
  deprecated: minor,
  required: flag(true, false),
  allowEmptyValue: flag(false, false),
  style: changed,
  explode: changed,
  allowReserved: changed,
};

export const REQUEST_BODY_RULES: Record<string, Rule> = {
  description: docs,
  required: flag(true, false),
};

export const MEDIA_TYPE_RULES: Record<string, Rule> = {
  example: docs,
  examples: docs,
  encoding: changed,
};

export const RESPONSE_RULES: Record<string, Rule> = {
  description: docs,
  links: docs,
  ...HEM_RESPONSE_RULES,
};

export const HEADER_RULES: Record<string, Rule> = {
  description: docs,
  example: docs,
  examples: docs,
  deprecated: minor,
  // On a response header, dropping `required` means clients may not get it.
  required: flag(true, false),
  style: changed,
  explode: changed,
};

export const SECURITY_SCHEME_RULES: Record<string, Rule> = {
  description: docs,
  bearerFormat: docs,
  type: changed,
  scheme: changed,
  in: changed,
  name: changed,
  flows: changed,
  openIdConnectUrl: changed,
};
