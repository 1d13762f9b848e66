// The intermediate representation: plain, serialisable data with every default filled
// in once. Emitters read only this; they never see the OpenAPI document.

/** A JSON pointer into the bundled spec, e.g. `#/components/schemas/Kid`. */
export type Pointer = string;

interface NodeBase {
  /** Where this node came from, for error messages. */
  pointer: Pointer;
  description?: string;
  /** OpenAPI 3.0 `nullable`, or a 3.1 type list with `null`. */
  nullable: boolean;
  deprecated: boolean;
}

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
  minProperties?: number;
  maxProperties?: number;
}

export interface ArrayNode extends NodeBase {
  kind: 'array';
  items: SchemaNode;
  minItems?: number;
  maxItems?: number;
  uniqueItems: boolean;
}

/** How a string is encoded, from `format`/`contentEncoding`. */
export type StringEncoding = 'base64' | undefined;

export interface StringNode extends NodeBase {
  kind: 'string';
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  /** `x-hem-pattern-hint`: what to do when the pattern fails, in words. */
  patternHint?: string;
  format?: string;
  encoding: StringEncoding;
  /** `x-hem-max-decoded-bytes`: a limit on the decoded length of a base64 string. */
  maxDecodedBytes?: number;
  /** `x-hem-decoded-length-from`: a sibling property whose key format fixes the decoded length. */
  decodedLengthFrom?: string;
}

export interface NumberNode extends NodeBase {
  kind: 'number';
  integer: boolean;
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

export interface UnionNode extends NodeBase {
  kind: 'union';
  /** `oneOf` requires exactly one match, `anyOf` at least one. */
  exclusive: boolean;
  variants: SchemaNode[];
  discriminator?: { property: string; mapping: Record<string, string> };
}

export interface IntersectionNode extends NodeBase {
  kind: 'intersection';
  parts: SchemaNode[];
}

export interface UnknownNode extends NodeBase {
  kind: 'unknown';
}

export type SchemaNode =
  | RefNode
  | ObjectNode
  | ArrayNode
  | StringNode
  | NumberNode
  | BooleanNode
  | NullNode
  | EnumNode
  | UnionNode
  | IntersectionNode
  | UnknownNode;

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
] as const satisfies readonly SchemaKind[];

export interface NamedSchema {
  name: string;
  schema: SchemaNode;
}

/** The kinds of public key the checks know, one per set of rules. */
export const KEY_FAMILIES = ['sec1', 'montgomery', 'edwards', 'mlkem', 'mldsa'] as const;

/** One entry of `x-hem-key-formats`: the rule for a key type's public key. */
export interface KeyFormat {
  type: string;
  family: (typeof KEY_FAMILIES)[number];
  curve: string;
  bytes: number;
  encoding: string;
  /** What names the key in an SPKI: the named-curve OID for SEC1, the algorithm OID otherwise. */
  oid: string;
  description: string;
}

export interface KeyFormatTable {
  /** The enum schema the table hangs on (e.g. `KeyType`). */
  schema: string;
  formats: KeyFormat[];
}

export interface ScopeRule {
  claim: string;
  match: 'prefix' | 'exact';
}

export interface ResponseIR {
  /** `200`, `406`, or `default`. */
  status: string;
  description: string;
  /** `x-hem-error-code`, or one derived from the status when absent. */
  code: string;
  contentType?: string;
  schema?: SchemaNode;
  /** True when the response has no body (only headers). */
  emptyBody: boolean;
}

export interface RequestBodyIR {
  required: boolean;
  contentType: string;
  schema: SchemaNode;
  /** Named examples, with their values. */
  examples: { name: string; summary?: string; value: unknown }[];
}

export interface OperationIR {
  id: string;
  method: 'get' | 'put' | 'post' | 'delete' | 'patch' | 'head' | 'options' | 'trace';
  path: string;
  pointer: Pointer;
  summary?: string;
  description?: string;
  tags: string[];
  /** Security scheme names; empty when the operation needs no authentication. */
  security: string[];
  scope?: ScopeRule;
  roles?: { allowed: string[]; denied: string[] };
  tls: 'required' | 'optional';
  requestBody?: RequestBodyIR;
  responses: ResponseIR[];
}

export interface IR {
  title: string;
  version: string;
  /** Component schemas in document order. */
  schemas: NamedSchema[];
  operations: OperationIR[];
  keyFormats?: KeyFormatTable;
}
