// The intermediate representation: plain, serialisable data with every default filled
// in once. Emitters read only this; they never see the OpenAPI document. The core is
// generic OpenAPI/JSON Schema; what only this project's spec says (x-hem-*) lives under
// `hem` fields, typed in hem.ts.
import type { HemDocument, HemOperation, HemResponse, HemSchema } from './hem.js';
import type { Pointer } from './pointer.js';

export type { Pointer } from './pointer.js';

interface NodeBase {
  /** Where this node came from, for messages. */
  pointer: Pointer;
  title?: string;
  description?: string;
  /** OpenAPI 3.0 `nullable` (3.0 documents only), a 3.1 type list with `null`, or `null` in an enum. */
  nullable: boolean;
  deprecated: boolean;
  /** `readOnly`: sent by the server only. `writeOnly`: sent by the client only. */
  readOnly?: boolean;
  writeOnly?: boolean;
  /** `default`, an annotation: documented, never filled in. */
  default?: unknown;
  /** Rules that constrain the value beyond its shape: the validator checks them, types cannot say them. */
  assertions?: Assertion[];
  hem?: HemSchema;
}

/** JSON Schema applicators that validate without changing the value's type. */
export type Assertion =
  | { kind: 'not'; schema: SchemaNode }
  | { kind: 'if'; if: SchemaNode; then?: SchemaNode; else?: SchemaNode }
  | { kind: 'dependentSchemas'; schemas: { property: string; schema: SchemaNode }[] }
  | { kind: 'dependentRequired'; rules: { property: string; required: string[] }[] }
  | { kind: 'propertyNames'; schema: SchemaNode }
  | { kind: 'contains'; schema: SchemaNode; min: number; max?: number };

export const ASSERTION_KINDS = ['not', 'if', 'dependentSchemas', 'dependentRequired', 'propertyNames', 'contains'] as const satisfies readonly Assertion['kind'][];

export interface RefNode extends NodeBase {
  kind: 'ref';
  /** Name of a schema in `IR.schemas`. */
  name: string;
}

export interface ObjectProperty {
  name: string;
  required: boolean;
  schema: SchemaNode;
}

export interface ObjectNode extends NodeBase {
  kind: 'object';
  properties: ObjectProperty[];
  /** `false`: unknown keys rejected; `true`: allowed untyped; a node: allowed with that type. */
  additional: boolean | SchemaNode;
  /** True when `additionalProperties` was not written (allowed, untyped; validators drop them). */
  additionalImplicit: boolean;
  /** `patternProperties`: keys matching a pattern have that schema (and are not "additional"). */
  patternProperties?: { pattern: string; schema: SchemaNode }[];
  minProperties?: number;
  maxProperties?: number;
}

export interface ArrayNode extends NodeBase {
  kind: 'array';
  /** The schema of every item after `prefixItems`. */
  items: SchemaNode;
  /** `prefixItems`: the schemas of the first items, position by position (a tuple). */
  prefixItems?: SchemaNode[];
  minItems?: number;
  maxItems?: number;
  uniqueItems: boolean;
}

/** How a string's content is carried: base64 text, raw binary (files), or plain text. */
export type StringEncoding = 'base64' | 'binary' | undefined;

export interface StringNode extends NodeBase {
  kind: 'string';
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  format?: string;
  encoding: StringEncoding;
}

export interface NumberNode extends NodeBase {
  kind: 'number';
  integer: boolean;
  /** `int32`, `int64`, `float`, `double`, ... as written. */
  format?: string;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  multipleOf?: number;
}

export interface BooleanNode extends NodeBase {
  kind: 'boolean';
}

export interface NullNode extends NodeBase {
  kind: 'null';
}

export type EnumValue = string | number | boolean | null;

export interface EnumNode extends NodeBase {
  kind: 'enum';
  values: EnumValue[];
  /** `x-enumDescriptions`, keyed by the value's string form. */
  valueDescriptions: Record<string, string>;
}

export interface Discriminator {
  property: string;
  /** Discriminator value → index into `variants`, explicit mapping first, then implicit names. */
  mapping: { value: string; variant: number }[];
}

export interface UnionNode extends NodeBase {
  kind: 'union';
  /** `oneOf` requires exactly one match, `anyOf` at least one. */
  exclusive: boolean;
  variants: SchemaNode[];
  discriminator?: Discriminator;
}

export interface IntersectionNode extends NodeBase {
  kind: 'intersection';
  parts: SchemaNode[];
  /**
   * `unevaluatedProperties` over the whole composition: `false` closes the merged object
   * (no key outside every part's properties), a node types the keys no part declares.
   */
  unevaluated?: false | SchemaNode;
}

export interface UnknownNode extends NodeBase {
  kind: 'unknown';
}

/** `false` as a schema: nothing is valid (e.g. a property that must never be sent). */
export interface NeverNode extends NodeBase {
  kind: 'never';
}

export type SchemaNode = RefNode | ObjectNode | ArrayNode | StringNode | NumberNode | BooleanNode | NullNode | EnumNode | UnionNode | IntersectionNode | UnknownNode | NeverNode;

export type SchemaKind = SchemaNode['kind'];

/** Every node kind, so tests can prove each emitter handles all of them. */
export const SCHEMA_KINDS = [
  'ref',
  'object',
  'array',
  'string',
  'number',
  'boolean',
  'null',
  'enum',
  'union',
  'intersection',
  'unknown',
  'never',
] as const satisfies readonly SchemaKind[];

export interface NamedSchema {
  name: string;
  schema: SchemaNode;
}

// --- operations ---------------------------------------------------------------

export type ParameterLocation = 'path' | 'query' | 'header' | 'cookie';
export type ParameterStyle = 'simple' | 'label' | 'matrix' | 'form' | 'spaceDelimited' | 'pipeDelimited' | 'deepObject';

export interface ParameterIR {
  name: string;
  in: ParameterLocation;
  pointer: Pointer;
  required: boolean;
  description?: string;
  deprecated: boolean;
  /** The value's schema (for a `content` parameter, the media type's schema). */
  schema: SchemaNode;
  /** Serialisation, defaults filled: path/header `simple`, query/cookie `form`; explode true only for `form`. */
  style: ParameterStyle;
  explode: boolean;
  allowReserved: boolean;
  /** A parameter written with `content` instead of `schema`: serialised as that media type (JSON). */
  contentType?: string;
}

/** How a body travels on the wire, from its media type. */
export type BodyKind = 'json' | 'text' | 'form' | 'multipart' | 'binary';

export interface MediaIR {
  /** The media type as written, e.g. `application/json`, `image/*`. */
  contentType: string;
  kind: BodyKind;
  pointer: Pointer;
  schema?: SchemaNode;
  /** Named examples with their values (`example` becomes one named `example`). */
  examples: { name: string; summary?: string; value: unknown }[];
  /** Per-property `encoding` of form and multipart bodies. */
  encoding: Record<string, { contentType?: string; style?: ParameterStyle; explode?: boolean }>;
}

export interface RequestBodyIR {
  pointer: Pointer;
  required: boolean;
  description?: string;
  /** Every media type, in document order; the first is the one a client sends by default. */
  content: MediaIR[];
}

export interface HeaderIR {
  name: string;
  pointer: Pointer;
  required: boolean;
  description?: string;
  schema: SchemaNode;
}

export interface ResponseIR {
  /** `200`, `4XX`, or `default`. */
  status: string;
  pointer: Pointer;
  description: string;
  content: MediaIR[];
  headers: HeaderIR[];
  hem?: HemResponse;
}

/** One way to authenticate: every scheme listed must be satisfied together. */
export interface SecurityRequirementIR {
  schemes: { name: string; scopes: string[] }[];
}

export interface SecuritySchemeIR {
  name: string;
  pointer: Pointer;
  type: 'http' | 'apiKey' | 'oauth2' | 'openIdConnect' | 'mutualTLS';
  description?: string;
  /** For `http`: `bearer`, `basic`, ... (lowercase). */
  scheme?: string;
  bearerFormat?: string;
  /** For `apiKey`: where the key goes and under what name. */
  in?: 'query' | 'header' | 'cookie';
  paramName?: string;
}

export type HttpMethod = 'get' | 'put' | 'post' | 'delete' | 'patch' | 'head' | 'options' | 'trace';

export interface OperationIR {
  /** The operationId, or a name made from method and path (see names.ts, operationIdFor). */
  id: string;
  /** False when `id` was made from method and path. */
  idGiven: boolean;
  /** The identifier every emitted name of this operation derives from: unique, camelCase. */
  name: string;
  method: HttpMethod;
  /** The path template; for a webhook, the webhook's name. */
  path: string;
  pointer: Pointer;
  summary?: string;
  description?: string;
  tags: string[];
  deprecated: boolean;
  /** Path-item and operation parameters, merged (the operation's win), in that order. */
  parameters: ParameterIR[];
  requestBody?: RequestBodyIR;
  responses: ResponseIR[];
  /**
   * Alternatives: any one requirement suffices. Empty: no authentication. A requirement
   * with no schemes (`{}`) makes authentication optional.
   */
  security: SecurityRequirementIR[];
  hem?: HemOperation;
}

export interface IR {
  title: string;
  version: string;
  /** The document's OpenAPI version, `3.0` or `3.1`. */
  openapi: '3.0' | '3.1';
  /** Component schemas in document order. */
  schemas: NamedSchema[];
  operations: OperationIR[];
  /** 3.1 webhooks: operations the API calls on the consumer (types and validator only). */
  webhooks: OperationIR[];
  securitySchemes: SecuritySchemeIR[];
  hem?: HemDocument;
  /**
   * The loaded document itself, for the one emitter that hands it to openapi-typescript
   * (emit/types/openapi-ts.ts); every other emitter reads the IR only.
   */
  document: Record<string, unknown>;
}
