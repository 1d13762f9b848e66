// Turns a bundled OpenAPI 3.0/3.1 document into the IR. Pure: no I/O, no spec library.
import { CodegenError, childPointer } from './errors.js';
import { KEY_FAMILIES } from './ir.js';
import type {
  EnumValue,
  IR,
  KeyFormat,
  KeyFormatTable,
  OperationIR,
  Pointer,
  RequestBodyIR,
  ResponseIR,
  SchemaNode,
} from './ir.js';
import { errorCodeForStatus } from './names.js';

type Json = Record<string, any>;

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options', 'trace'] as const;
const SCHEMA_REF = /^#\/components\/schemas\/([^/]+)$/;

/** Keywords that change what validates but that no emitter can express yet. */
const UNSUPPORTED = [
  'not',
  'if',
  'then',
  'else',
  'patternProperties',
  'prefixItems',
  'contains',
  'dependentSchemas',
  'dependentRequired',
  'unevaluatedProperties',
  'unevaluatedItems',
  'propertyNames',
  '$dynamicRef',
] as const;

const decodeToken = (t: string) => decodeURIComponent(t).replaceAll('~1', '/').replaceAll('~0', '~');

export function buildIR(doc: Json): IR {
  const resolve = (node: any, pointer: Pointer): [Json, Pointer] => {
    let seen = 0;
    while (node && typeof node === 'object' && typeof node.$ref === 'string') {
      const ref: string = node.$ref;
      if (!ref.startsWith('#/')) throw new CodegenError(pointer, `external $ref "${ref}" is left after bundling: bundle the spec first.`);
      let target: any = doc;
      for (const token of ref.slice(2).split('/')) target = target?.[decodeToken(token)];
      if (target === undefined) throw new CodegenError(pointer, `$ref "${ref}" points at nothing: fix the reference.`);
      if (++seen > 32) throw new CodegenError(pointer, `$ref chain from "${ref}" does not end.`);
      pointer = ref;
      node = target;
    }
    return [node, pointer];
  };

  const schema = (raw: any, pointer: Pointer): SchemaNode => {
    if (raw === true || raw === undefined || (raw && typeof raw === 'object' && Object.keys(raw).length === 0)) {
      return { kind: 'unknown', pointer, nullable: false, deprecated: false };
    }
    if (raw === false || raw === null || typeof raw !== 'object') {
      throw new CodegenError(pointer, `schema ${JSON.stringify(raw)} is not supported: use an object schema.`);
    }
    const base = {
      pointer,
      nullable: raw.nullable === true,
      deprecated: raw.deprecated === true,
      ...(typeof raw.description === 'string' ? { description: raw.description } : {}),
    };
    if (typeof raw.$ref === 'string') {
      const named = SCHEMA_REF.exec(raw.$ref);
      if (named) return { ...base, kind: 'ref', name: decodeToken(named[1]!) };
      const [target, at] = resolve(raw, pointer);
      return schema(target, at);
    }
    for (const keyword of UNSUPPORTED) {
      if (keyword in raw) {
        throw new CodegenError(childPointer(pointer, keyword), `"${keyword}" is not supported by the generator: express the rule with type, enum, oneOf or allOf.`);
      }
    }
    const compositions: SchemaNode[] = [];
    if (Array.isArray(raw.allOf)) {
      compositions.push(...raw.allOf.map((s: any, i: number) => schema(s, childPointer(childPointer(pointer, 'allOf'), i))));
    }
    for (const key of ['oneOf', 'anyOf'] as const) {
      if (!Array.isArray(raw[key])) continue;
      const at = childPointer(pointer, key);
      const d = raw.discriminator;
      compositions.push({
        kind: 'union',
        pointer: at,
        nullable: false,
        deprecated: false,
        exclusive: key === 'oneOf',
        variants: raw[key].map((s: any, i: number) => schema(s, childPointer(at, i))),
        ...(d && typeof d.propertyName === 'string' ? { discriminator: { property: d.propertyName, mapping: { ...(d.mapping ?? {}) } } } : {}),
      });
    }
    const { allOf, oneOf, anyOf, discriminator, ...rest } = raw;
    const own = ownShape(rest, base);
    if (compositions.length === 0) return own;
    const parts = own.kind === 'unknown' ? compositions : [own, ...compositions];
    if (parts.length === 1) return { ...parts[0]!, ...(base.description ? { description: base.description } : {}), nullable: base.nullable || parts[0]!.nullable };
    return { ...base, kind: 'intersection', parts };
  };

  const ownShape = (raw: Json, base: Omit<SchemaNode, 'kind'>): SchemaNode => {
    const pointer = base.pointer;
    if ('const' in raw) return { ...base, kind: 'enum', values: [raw.const as EnumValue], valueDescriptions: {} };
    if (Array.isArray(raw.enum)) {
      const values = raw.enum as EnumValue[];
      const nonNull = values.filter((v) => v !== null);
      return {
        ...base,
        kind: 'enum',
        nullable: base.nullable || nonNull.length !== values.length,
        values: nonNull,
        valueDescriptions: { ...(raw['x-enumDescriptions'] ?? {}) },
      };
    }
    let types: string[] = Array.isArray(raw.type) ? [...raw.type] : typeof raw.type === 'string' ? [raw.type] : [];
    let nullable = base.nullable;
    if (types.includes('null') && types.length > 1) {
      nullable = true;
      types = types.filter((t) => t !== 'null');
    }
    if (types.length === 0) {
      if (raw.properties || raw.additionalProperties !== undefined || raw.required) types = ['object'];
      else if (raw.items) types = ['array'];
      else return { ...base, kind: 'unknown' };
    }
    if (types.length > 1) {
      return {
        ...base,
        nullable,
        kind: 'union',
        exclusive: false,
        variants: types.map((t) => ownShape({ ...raw, type: t, description: undefined }, { pointer, nullable: false, deprecated: false })),
      };
    }
    const b = { ...base, nullable };
    switch (types[0]) {
      case 'object': {
        const required = new Set<string>(Array.isArray(raw.required) ? raw.required : []);
        const props = raw.properties ?? {};
        const ap = raw.additionalProperties;
        return {
          ...b,
          kind: 'object',
          properties: Object.keys(props).map((name) => ({
            name,
            required: required.has(name),
            schema: schema(props[name], childPointer(childPointer(pointer, 'properties'), name)),
          })),
          additional: ap === undefined || ap === true ? true : ap === false ? false : schema(ap, childPointer(pointer, 'additionalProperties')),
          ...num(raw, 'minProperties', 'maxProperties'),
        };
      }
      case 'array':
        return {
          ...b,
          kind: 'array',
          items: schema(raw.items, childPointer(pointer, 'items')),
          uniqueItems: raw.uniqueItems === true,
          ...num(raw, 'minItems', 'maxItems'),
        };
      case 'string': {
        const base64 = raw.format === 'byte' || raw.contentEncoding === 'base64' || raw.contentEncoding === 'base64url';
        return {
          ...b,
          kind: 'string',
          encoding: base64 ? 'base64' : undefined,
          ...num(raw, 'minLength', 'maxLength', 'x-hem-max-decoded-bytes'),
          ...(typeof raw.pattern === 'string' ? { pattern: raw.pattern } : {}),
          ...(typeof raw['x-hem-pattern-hint'] === 'string' ? { patternHint: raw['x-hem-pattern-hint'] } : {}),
          ...(typeof raw.format === 'string' ? { format: raw.format } : {}),
          ...(typeof raw['x-hem-decoded-length-from'] === 'string' ? { decodedLengthFrom: raw['x-hem-decoded-length-from'] } : {}),
        } as SchemaNode;
      }
      case 'integer':
      case 'number': {
        // 3.0 spells exclusive bounds as booleans beside minimum/maximum.
        const bounds: Json = { ...raw };
        if (raw.exclusiveMinimum === true) { bounds.exclusiveMinimum = raw.minimum; delete bounds.minimum; }
        if (raw.exclusiveMaximum === true) { bounds.exclusiveMaximum = raw.maximum; delete bounds.maximum; }
        if (typeof bounds.exclusiveMinimum !== 'number') delete bounds.exclusiveMinimum;
        if (typeof bounds.exclusiveMaximum !== 'number') delete bounds.exclusiveMaximum;
        return {
          ...b,
          kind: 'number',
          integer: types[0] === 'integer',
          ...num(bounds, 'minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'multipleOf'),
        };
      }
      case 'boolean':
        return { ...b, kind: 'boolean' };
      case 'null':
        return { ...b, kind: 'null' };
      default:
        throw new CodegenError(childPointer(pointer, 'type'), `type "${types[0]}" is not a JSON Schema type.`);
    }
  };

  const schemasRaw: Json = doc.components?.schemas ?? {};
  const schemas = Object.keys(schemasRaw).map((name) => ({
    name,
    schema: schema(schemasRaw[name], childPointer('#/components/schemas', name)),
  }));

  const operations: OperationIR[] = [];
  for (const [path, item] of Object.entries<Json>(doc.paths ?? {})) {
    const [pathItem, itemPointer] = resolve(item, childPointer('#/paths', path));
    for (const method of METHODS) {
      const op = pathItem[method];
      if (!op) continue;
      operations.push(operation(op, method, path, childPointer(itemPointer, method)));
    }
  }

  function operation(op: Json, method: OperationIR['method'], path: string, pointer: Pointer): OperationIR {
    if (typeof op.operationId !== 'string') throw new CodegenError(pointer, 'operation has no operationId: add one; names are made from it.');
    const security = (op.security ?? doc.security ?? []) as Json[];
    const scope = op['x-hem-scope'];
    const roles = op['x-hem-roles'];
    return {
      id: op.operationId,
      method,
      path,
      pointer,
      tags: op.tags ?? [],
      ...(op.summary ? { summary: op.summary } : {}),
      ...(op.description ? { description: op.description } : {}),
      security: [...new Set(security.flatMap((s) => Object.keys(s)))],
      ...(scope && typeof scope.claim === 'string' ? { scope: { claim: scope.claim, match: scope.match === 'exact' ? 'exact' : 'prefix' } } : {}),
      ...(roles ? { roles: { allowed: [...(roles.allowed ?? [])], denied: [...(roles.denied ?? [])] } } : {}),
      tls: op['x-hem-tls'] === 'required' ? 'required' : 'optional',
      ...(op.requestBody ? { requestBody: requestBody(op.requestBody, childPointer(pointer, 'requestBody')) } : {}),
      responses: Object.keys(op.responses ?? {}).map((status) =>
        response(status, op.responses[status], childPointer(childPointer(pointer, 'responses'), status)),
      ),
    };
  }

  function jsonContent(content: Json | undefined): [string, Json] | undefined {
    if (!content) return undefined;
    const type = Object.keys(content).find((t) => t === 'application/json' || /\+json$/.test(t)) ?? Object.keys(content)[0];
    return type ? [type, content[type]] : undefined;
  }

  function requestBody(raw: Json, pointer: Pointer): RequestBodyIR | undefined {
    const [body, at] = resolve(raw, pointer);
    const content = jsonContent(body.content);
    if (!content) throw new CodegenError(childPointer(at, 'content'), 'request body has no content: add a media type with a schema.');
    const [contentType, media] = content;
    const mediaAt = childPointer(childPointer(at, 'content'), contentType);
    return {
      required: body.required === true,
      contentType,
      schema: schema(media.schema, childPointer(mediaAt, 'schema')),
      examples: Object.keys(media.examples ?? {}).map((name) => {
        const [ex] = resolve(media.examples[name], childPointer(childPointer(mediaAt, 'examples'), name));
        return { name, ...(ex.summary ? { summary: ex.summary } : {}), value: ex.value };
      }),
    };
  }

  function response(status: string, raw: Json, pointer: Pointer): ResponseIR {
    const [res, at] = resolve(raw, pointer);
    const content = jsonContent(res.content);
    const media = content?.[1];
    return {
      status,
      description: res.description ?? '',
      code: typeof res['x-hem-error-code'] === 'string' ? res['x-hem-error-code'] : errorCodeForStatus(status),
      ...(content ? { contentType: content[0] } : {}),
      ...(media?.schema ? { schema: schema(media.schema, childPointer(childPointer(childPointer(at, 'content'), content![0]), 'schema')) } : {}),
      emptyBody: !media?.schema,
    };
  }

  let keyFormats: KeyFormatTable | undefined;
  for (const { name } of schemas) {
    const raw = schemasRaw[name];
    if (raw?.['x-hem-key-formats'] === undefined) continue;
    const pointer = childPointer(childPointer('#/components/schemas', name), 'x-hem-key-formats');
    if (keyFormats) throw new CodegenError(pointer, `a second x-hem-key-formats table (the first is on ${keyFormats.schema}): keep one.`);
    keyFormats = { schema: name, formats: keyFormatTable(raw, pointer) };
  }

  return {
    title: doc.info?.title ?? '',
    version: String(doc.info?.version ?? ''),
    schemas,
    operations,
    ...(keyFormats ? { keyFormats } : {}),
  };
}

function keyFormatTable(raw: Json, pointer: Pointer): KeyFormat[] {
  const table = raw['x-hem-key-formats'];
  const values: unknown[] = Array.isArray(raw.enum) ? raw.enum : [];
  const missing = values.filter((v) => typeof v !== 'string' || !(v in table));
  if (missing.length) throw new CodegenError(pointer, `no entry for ${missing.join(', ')}: every enum value needs a key format.`);
  return values.map((type) => {
    const at = childPointer(pointer, type as string);
    const f = table[type as string];
    if (!KEY_FAMILIES.includes(f?.family)) throw new CodegenError(childPointer(at, 'family'), `family must be one of ${KEY_FAMILIES.join(', ')}.`);
    if (!Number.isInteger(f.bytes) || f.bytes <= 0) throw new CodegenError(childPointer(at, 'bytes'), 'bytes must be a positive integer.');
    if (typeof f.oid !== 'string' || !/^\d+(\.\d+)+$/.test(f.oid)) throw new CodegenError(childPointer(at, 'oid'), 'oid must be a dotted object identifier (what names the key in an SPKI).');
    return {
      type: type as string,
      family: f.family,
      curve: String(f.curve ?? ''),
      bytes: f.bytes,
      encoding: String(f.encoding ?? ''),
      oid: f.oid,
      description: raw['x-enumDescriptions']?.[type as string] ?? '',
    };
  });
}

function num(raw: Json, ...keys: string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const key of keys) {
    if (typeof raw[key] === 'number') out[key === 'x-hem-max-decoded-bytes' ? 'maxDecodedBytes' : key] = raw[key];
  }
  return out;
}
