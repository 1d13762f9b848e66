// JSON Schema (OpenAPI 3.0 Schema Object, or 3.1's JSON Schema 2020-12) → SchemaNode.
// Every keyword is either modelled, known to be an annotation, or reported: nothing is
// dropped in silence.
import { checkHem, readHemSchema, type HemSchema } from '../hem.js';
import type { Assertion, Discriminator, EnumValue, SchemaNode } from '../ir.js';
import { child, lastToken, type Pointer } from '../pointer.js';
import { type Json, type ModelContext, isObject, objectOr, opOf, resolve } from './context.js';

const COMPONENT_SCHEMA = /^#\/components\/schemas\/([^/]+)$/;

/** Keywords with no effect on what validates or on the type: documentation, tooling, containers. */
const ANNOTATIONS = new Set([
  'title',
  'description',
  'example',
  'examples',
  'externalDocs',
  'xml',
  '$comment',
  '$schema',
  'deprecated',
  'readOnly',
  'writeOnly',
  'default',
  'contentSchema',
  'discriminator',
  '$defs',
  'definitions',
  '$anchor',
  '$dynamicAnchor',
]);

/** Keywords the model turns into nodes or assertions, with the kind of value each constrains. */
const MODELLED: Record<string, 'string' | 'number' | 'object' | 'array' | 'any'> = {
  $ref: 'any',
  $dynamicRef: 'any',
  $id: 'any',
  type: 'any',
  enum: 'any',
  const: 'any',
  nullable: 'any',
  format: 'any',
  allOf: 'any',
  oneOf: 'any',
  anyOf: 'any',
  not: 'any',
  if: 'any',
  then: 'any',
  else: 'any',
  contentEncoding: 'string',
  contentMediaType: 'string',
  minLength: 'string',
  maxLength: 'string',
  pattern: 'string',
  minimum: 'number',
  maximum: 'number',
  exclusiveMinimum: 'number',
  exclusiveMaximum: 'number',
  multipleOf: 'number',
  properties: 'object',
  required: 'object',
  additionalProperties: 'object',
  unevaluatedProperties: 'object',
  minProperties: 'object',
  maxProperties: 'object',
  patternProperties: 'object',
  propertyNames: 'object',
  dependentRequired: 'object',
  dependentSchemas: 'object',
  items: 'array',
  prefixItems: 'array',
  minItems: 'array',
  maxItems: 'array',
  uniqueItems: 'array',
  contains: 'array',
  minContains: 'array',
  maxContains: 'array',
};

/** Keywords that change what validates and that no target can express: the schema is refused. */
const REFUSED: Record<string, string> = {
  additionalItems: 'use prefixItems and items (JSON Schema 2020-12)',
  unevaluatedItems: 'use prefixItems and items',
  dependencies: 'use dependentRequired or dependentSchemas (JSON Schema 2020-12)',
  $recursiveRef: 'use $ref, or $dynamicRef with $dynamicAnchor',
  $recursiveAnchor: 'use $dynamicAnchor',
};

/** Converts one schema; refusals go to the run's diagnostics and the node becomes `unknown`. */
export function schemaNode(ctx: ModelContext, raw: unknown, pointer: Pointer): SchemaNode {
  return new SchemaReader(ctx).read(raw, pointer);
}

class SchemaReader {
  /** Non-component refs being inlined, to catch a cycle that only a component name could break. */
  private readonly inlining = new Set<Pointer>();
  /**
   * The dynamic scope: `$dynamicAnchor`s declared in `$defs` of the schemas being read,
   * outermost first. A `$dynamicRef` takes the outermost one of its name (JSON Schema 2020-12).
   */
  private readonly scope: { name: string; raw: unknown; pointer: Pointer }[] = [];
  /** Component schemas that use `$dynamicRef`: read inline where a caller binds an anchor. */
  private readonly generic: Set<string>;
  constructor(private readonly ctx: ModelContext) {
    ctx.generic ??= new Set(
      Object.entries(objectOr(objectOr(ctx.doc.components).schemas))
        .filter(([, v]) => JSON.stringify(v ?? null).includes('"$dynamicRef"'))
        .map(([k]) => k),
    );
    this.generic = ctx.generic;
  }

  read(raw: unknown, pointer: Pointer): SchemaNode {
    if (raw === true || raw === undefined) return { kind: 'unknown', pointer, nullable: false, deprecated: false };
    if (raw === false) return { kind: 'never', pointer, nullable: false, deprecated: false };
    if (!isObject(raw)) {
      this.error(pointer, `a schema must be an object or a boolean, found ${JSON.stringify(raw)}.`);
      return unknown(pointer);
    }
    if (!checkHem('schema', raw, pointer, this.ctx.diags)) return unknown(pointer);
    const anchors = this.anchors(raw, pointer);
    this.scope.push(...anchors);
    try {
      return this.readObject(raw, pointer);
    } finally {
      this.scope.splice(this.scope.length - anchors.length, anchors.length);
    }
  }

  private readObject(raw: Json, pointer: Pointer): SchemaNode {
    const base = this.base(raw, pointer);
    const { $ref, $dynamicRef } = raw;
    let reference: '$ref' | '$dynamicRef';
    let target: SchemaNode;
    if (typeof $ref === 'string') {
      reference = '$ref';
      target = this.ref($ref, pointer);
    } else if (typeof $dynamicRef === 'string') {
      reference = '$dynamicRef';
      target = this.dynamicRef($dynamicRef, child(pointer, '$dynamicRef'));
    } else {
      return this.shape(raw, base);
    }
    const { [reference]: _, ...siblings } = raw;
    // 3.0 ignores a $ref's siblings; 3.1 applies them beside the target.
    if (this.ctx.version === '3.0') {
      for (const key of Object.keys(siblings)) {
        if (!ANNOTATIONS.has(key) && !key.startsWith('x-'))
          this.warn(child(pointer, key), `"${key}" beside $ref has no effect in OpenAPI 3.0 and is ignored: move it into the referenced schema or use allOf.`);
      }
      return { ...target, ...pick(base, 'description', 'title', 'deprecated') };
    }
    const own = this.shape(siblings, base);
    if (own.kind === 'unknown' && !own.assertions) return { ...target, ...annotationsOf(base), nullable: target.nullable || own.nullable };
    return { ...base, kind: 'intersection', parts: [target, clean(own)] };
  }

  /** `$dynamicAnchor`s this schema declares in its `$defs`. */
  private anchors(raw: Json, pointer: Pointer): { name: string; raw: unknown; pointer: Pointer }[] {
    if (typeof raw.$id === 'string') {
      this.warn(child(pointer, '$id'), '$id is read as a name only: every $ref is resolved against the document (after bundling), not against this URI.');
    }
    if (!isObject(raw.$defs)) return [];
    return Object.entries<unknown>(raw.$defs)
      .filter(([, def]) => isObject(def) && typeof def.$dynamicAnchor === 'string')
      .map(([key, def]) => ({ name: (def as Json).$dynamicAnchor as string, raw: def, pointer: child(pointer, '$defs', key) }));
  }

  private dynamicRef(ref: string, pointer: Pointer): SchemaNode {
    const name = ref.startsWith('#') ? ref.slice(1) : undefined;
    const binding = name === undefined ? undefined : this.scope.find((a) => a.name === name);
    if (!binding) {
      this.error(pointer, `$dynamicRef "${ref}" names no $dynamicAnchor in scope: declare it in $defs of this schema or of the schema that uses it.`);
      return unknown(pointer);
    }
    const { $dynamicAnchor, ...def } = binding.raw as Json;
    return this.read(def, binding.pointer);
  }

  private ref(ref: string, pointer: Pointer): SchemaNode {
    const named = COMPONENT_SCHEMA.exec(ref);
    const base = { pointer, nullable: false, deprecated: false };
    if (named) {
      const name = lastToken(ref);
      if (!Object.hasOwn(objectOr(objectOr(this.ctx.doc.components).schemas), name)) {
        this.error(pointer, `$ref "${ref}" names no component schema: fix the reference.`);
        return unknown(pointer);
      }
      // A generic schema ($dynamicRef) under a caller that binds its anchor is read here,
      // specialised; everywhere else it is referenced by name.
      if (!this.generic.has(name) || this.scope.length === 0) return { ...base, kind: 'ref', name };
    }
    if (this.inlining.has(ref)) {
      this.error(pointer, `$ref "${ref}" refers back to itself through a schema that is not a component: move it to components/schemas so it has a name.`);
      return unknown(pointer);
    }
    const resolved = resolve(this.ctx, { $ref: ref }, pointer);
    if (!resolved) return unknown(pointer);
    this.inlining.add(ref);
    try {
      return this.read(resolved[0], resolved[1]);
    } finally {
      this.inlining.delete(ref);
    }
  }

  private base(raw: Json, pointer: Pointer) {
    const hem = readHemSchema(raw);
    return {
      pointer,
      // 3.0's nullable is honoured in a 3.1 document too, as openapi-typescript does (with a warning, in vet).
      nullable: raw.nullable === true,
      deprecated: raw.deprecated === true,
      ...(typeof raw.title === 'string' ? { title: raw.title } : {}),
      ...(typeof raw.description === 'string' ? { description: raw.description } : {}),
      ...(raw.readOnly === true ? { readOnly: true } : {}),
      ...(raw.writeOnly === true ? { writeOnly: true } : {}),
      ...('default' in raw ? { default: raw.default } : {}),
      ...(hem ? { hem } : {}),
    };
  }

  /** A schema without $ref: its own type, combined with allOf/oneOf/anyOf, with its assertions. */
  private shape(raw: Json, base: ReturnType<SchemaReader['base']>): SchemaNode {
    const node = this.composed(raw, base);
    const assertions = this.assertions(raw, base.pointer);
    return assertions.length ? { ...node, assertions: [...(node.assertions ?? []), ...assertions] } : node;
  }

  private composed(raw: Json, base: ReturnType<SchemaReader['base']>): SchemaNode {
    const pointer = base.pointer;
    this.vet(raw, pointer);

    const compositions: SchemaNode[] = [];
    if (Array.isArray(raw.allOf)) compositions.push(...raw.allOf.map((s: unknown, i: number) => this.read(s, child(pointer, 'allOf', i))));
    for (const key of ['oneOf', 'anyOf'] as const) {
      if (!Array.isArray(raw[key])) continue;
      const at = child(pointer, key);
      const variants = raw[key].map((s: unknown, i: number) => this.read(s, child(at, i)));
      const discriminator = this.discriminator(raw.discriminator, raw[key], child(pointer, 'discriminator'));
      compositions.push({ kind: 'union', pointer: at, nullable: false, deprecated: false, exclusive: key === 'oneOf', variants, ...(discriminator ? { discriminator } : {}) });
    }
    if (raw.discriminator !== undefined && !Array.isArray(raw.oneOf) && !Array.isArray(raw.anyOf)) {
      this.warn(
        child(pointer, 'discriminator'),
        'a discriminator without oneOf/anyOf only documents which subtypes exist; it is ignored here. List the subtypes under oneOf to have them checked.',
      );
    }

    const {
      allOf,
      oneOf,
      anyOf,
      discriminator,
      unevaluatedProperties,
      not,
      if: _if,
      then,
      else: _else,
      dependentSchemas,
      dependentRequired,
      propertyNames,
      contains,
      minContains,
      maxContains,
      ...rest
    } = raw;
    const own = this.ownShape(rest, base);
    const unevaluated = unevaluatedProperties === undefined || unevaluatedProperties === true ? undefined : unevaluatedProperties;

    if (compositions.length === 0) {
      if (unevaluated === undefined) return own;
      // Without composition, unevaluatedProperties means what additionalProperties means.
      if (own.kind === 'object' && own.additionalImplicit && !own.patternProperties) {
        return { ...own, additional: unevaluated === false ? false : this.read(unevaluated, child(pointer, 'unevaluatedProperties')), additionalImplicit: false };
      }
      if (own.kind === 'object' && !own.additionalImplicit) return own; // additionalProperties already evaluated every other key
      if (own.kind === 'unknown') {
        // Read like additionalProperties without a type: a rule for objects, so an object.
        return {
          ...own,
          kind: 'object',
          properties: [],
          additional: unevaluated === false ? false : this.read(unevaluated, child(pointer, 'unevaluatedProperties')),
          additionalImplicit: false,
        };
      }
      this.error(
        child(pointer, 'unevaluatedProperties'),
        'unevaluatedProperties is supported on objects, alone or over allOf/oneOf/anyOf: add type: object and properties, or remove it.',
      );
      return own;
    }

    const parts = own.kind === 'unknown' ? compositions : [clean(own), ...compositions];
    if (parts.length === 1 && unevaluated === undefined) {
      return { ...parts[0]!, ...annotationsOf(base), nullable: base.nullable || parts[0]!.nullable };
    }
    return {
      ...base,
      kind: 'intersection',
      parts,
      ...(unevaluated === undefined ? {} : { unevaluated: unevaluated === false ? false : this.read(unevaluated, child(pointer, 'unevaluatedProperties')) }),
    };
  }

  /** not, if/then/else, dependentSchemas, dependentRequired, propertyNames, contains. */
  private assertions(raw: Json, pointer: Pointer): Assertion[] {
    const out: Assertion[] = [];
    if (raw.not !== undefined) out.push({ kind: 'not', schema: this.read(raw.not, child(pointer, 'not')) });
    if (raw.if !== undefined) {
      if (raw.then !== undefined || raw.else !== undefined) {
        out.push({
          kind: 'if',
          if: this.read(raw.if, child(pointer, 'if')),
          ...(raw.then !== undefined ? { then: this.read(raw.then, child(pointer, 'then')) } : {}),
          ...(raw.else !== undefined ? { else: this.read(raw.else, child(pointer, 'else')) } : {}),
        });
      }
    } else if (raw.then !== undefined || raw.else !== undefined) {
      this.warn(child(pointer, raw.then !== undefined ? 'then' : 'else'), 'then/else without if has no effect in JSON Schema; it is ignored.');
    }
    if (isObject(raw.dependentSchemas)) {
      out.push({
        kind: 'dependentSchemas',
        schemas: Object.entries(raw.dependentSchemas).map(([property, s]) => ({ property, schema: this.read(s, child(pointer, 'dependentSchemas', property)) })),
      });
    }
    if (isObject(raw.dependentRequired)) {
      out.push({
        kind: 'dependentRequired',
        rules: Object.entries(raw.dependentRequired).map(([property, required]) => ({
          property,
          required: Array.isArray(required) ? required.filter((r): r is string => typeof r === 'string') : [],
        })),
      });
    }
    if (raw.propertyNames !== undefined) out.push({ kind: 'propertyNames', schema: this.read(raw.propertyNames, child(pointer, 'propertyNames')) });
    if (raw.contains !== undefined) {
      out.push({
        kind: 'contains',
        schema: this.read(raw.contains, child(pointer, 'contains')),
        min: typeof raw.minContains === 'number' ? raw.minContains : 1,
        ...(typeof raw.maxContains === 'number' ? { max: raw.maxContains } : {}),
      });
    } else if (raw.minContains !== undefined || raw.maxContains !== undefined) {
      this.warn(child(pointer, raw.minContains !== undefined ? 'minContains' : 'maxContains'), 'minContains/maxContains without contains have no effect; they are ignored.');
    }
    return out;
  }

  /** Reports keywords the model does not turn into nodes. */
  private vet(raw: Json, pointer: Pointer): void {
    for (const key of Object.keys(raw)) {
      if (key in MODELLED || ANNOTATIONS.has(key) || key.startsWith('x-')) continue;
      const advice = REFUSED[key];
      if (advice) this.error(child(pointer, key), `"${key}" is not supported by the generator: ${advice}.`);
      else this.warn(child(pointer, key), `"${key}" is not a schema keyword the generator knows; it is ignored.`);
    }
    if (raw.nullable !== undefined && this.ctx.version === '3.1') {
      this.warn(
        child(pointer, 'nullable'),
        '"nullable" is an OpenAPI 3.0 keyword; in this 3.1 document it is honoured as openapi-typescript does (null is allowed): write type: [..., "null"] instead.',
      );
    }
    if (raw.const !== undefined && this.ctx.version === '3.0') {
      this.warn(child(pointer, 'const'), '"const" is not an OpenAPI 3.0 keyword; it is applied as a one-value enum.');
    }
    // A keyword for another type of value (maxLength on an array) constrains nothing.
    const types: string[] = Array.isArray(raw.type) ? raw.type : typeof raw.type === 'string' ? [raw.type] : [];
    if (types.length) {
      const applies = new Set(types.map((t) => (t === 'integer' ? 'number' : t)));
      for (const key of Object.keys(raw)) {
        const on = MODELLED[key];
        if (on && on !== 'any' && !applies.has(on))
          this.warn(child(pointer, key), `"${key}" applies to ${on} values, but this schema is ${types.join(' or ')}: it has no effect. Remove it or fix the type.`);
      }
    }
  }

  private discriminator(raw: unknown, variants: unknown[], pointer: Pointer): Discriminator | undefined {
    if (raw === undefined) return undefined;
    if (!isObject(raw) || typeof raw.propertyName !== 'string') {
      this.error(pointer, 'discriminator needs a propertyName: name the property that says which subtype a value is.');
      return undefined;
    }
    const names = variants.map((v) => (isObject(v) && typeof v.$ref === 'string' && COMPONENT_SCHEMA.test(v.$ref) ? lastToken(v.$ref) : undefined));
    const mapping: Discriminator['mapping'] = [];
    const mapped = new Set<number>();
    for (const [value, target] of Object.entries<unknown>(isObject(raw.mapping) ? raw.mapping : {})) {
      const name = typeof target === 'string' ? (target.startsWith('#') ? lastToken(target) : target) : undefined;
      const variant = names.findIndex((n) => n !== undefined && n === name);
      if (variant < 0) {
        this.error(
          child(pointer, 'mapping', value),
          `maps "${value}" to ${JSON.stringify(target)}, which is not one of the listed subtypes: map it to a $ref listed under oneOf/anyOf.`,
        );
        continue;
      }
      mapping.push({ value, variant });
      mapped.add(variant);
    }
    const used = new Set(mapping.map((m) => m.value));
    names.forEach((name, variant) => {
      // A schema's own name is its value too (implicit mapping), unless the mapping (or an
      // earlier branch of the same schema) already gives that value.
      if (name !== undefined && !used.has(name)) {
        used.add(name);
        mapping.push({ value: name, variant });
        return;
      }
      if (mapped.has(variant)) return;
      if (name === undefined) {
        this.error(
          child(pointer, 'mapping'),
          `subtype ${variant} is not a $ref to a component schema, so no discriminator value names it: add a mapping entry for it or make it a component.`,
        );
      }
    });
    return { property: raw.propertyName, mapping };
  }

  private ownShape(raw: Json, base: ReturnType<SchemaReader['base']>): SchemaNode {
    const pointer = base.pointer;
    if ('const' in raw) return { ...base, kind: 'enum', values: [raw.const as EnumValue], valueDescriptions: {} };
    if (Array.isArray(raw.enum)) {
      const values = raw.enum as EnumValue[];
      const nonNull = values.filter((v) => v !== null);
      const complex = nonNull.filter((v) => typeof v === 'object');
      if (complex.length) this.error(child(pointer, 'enum'), 'enum values that are objects or arrays are not supported: use strings, numbers or booleans.');
      return {
        ...base,
        kind: 'enum',
        nullable: base.nullable || nonNull.length !== values.length || (Array.isArray(raw.type) && raw.type.includes('null')),
        values: nonNull.filter((v) => typeof v !== 'object'),
        valueDescriptions: isObject(raw['x-enumDescriptions']) ? { ...(raw['x-enumDescriptions'] as Record<string, string>) } : {},
      };
    }
    let types: string[] = Array.isArray(raw.type) ? [...raw.type] : typeof raw.type === 'string' ? [raw.type] : [];
    if (Array.isArray(raw.type) && this.ctx.version === '3.0')
      this.error(child(pointer, 'type'), 'a list of types is OpenAPI 3.1; in 3.0 write one type (with nullable: true for null).');
    let nullable = base.nullable;
    if (types.includes('null') && types.length > 1) {
      nullable = true;
      types = types.filter((t) => t !== 'null');
    }
    if (types.length === 0) {
      if (raw.properties || raw.additionalProperties !== undefined || raw.required || raw.patternProperties || raw.minProperties !== undefined || raw.maxProperties !== undefined)
        types = ['object'];
      else if (raw.items !== undefined || raw.prefixItems !== undefined) types = ['array'];
      else if (raw.minLength !== undefined || raw.maxLength !== undefined || raw.pattern !== undefined) types = ['string'];
      else if (['minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'multipleOf'].some((k) => raw[k] !== undefined)) types = ['number'];
      else if (raw.contentMediaType !== undefined || raw.contentEncoding !== undefined || raw.format === 'binary') types = ['string'];
      else return { ...base, nullable, kind: 'unknown' };
    }
    if (types.length > 1) {
      return {
        ...base,
        nullable,
        kind: 'union',
        exclusive: false,
        variants: types.map((t) => this.ownShape({ ...raw, type: t }, { pointer, nullable: false, deprecated: false })),
      };
    }
    const b = { ...base, nullable };
    switch (types[0]) {
      case 'object':
        return this.object(raw, b);
      case 'array':
        if (Array.isArray(raw.items)) {
          this.error(child(pointer, 'items'), 'items as a list (a tuple) is not supported: use one schema for every item.');
          return { ...b, kind: 'array', items: unknown(child(pointer, 'items')), uniqueItems: raw.uniqueItems === true };
        }
        if (raw.items === undefined && raw.prefixItems === undefined && this.ctx.version === '3.0') this.warn(pointer, 'an array without items: any item is accepted. Add items.');
        return {
          ...b,
          kind: 'array',
          items: this.read(raw.items, child(pointer, 'items')),
          ...(Array.isArray(raw.prefixItems) ? { prefixItems: raw.prefixItems.map((s: unknown, i: number) => this.read(s, child(pointer, 'prefixItems', i))) } : {}),
          uniqueItems: raw.uniqueItems === true,
          ...numbers(raw, 'minItems', 'maxItems'),
        };
      case 'string':
        return {
          ...b,
          kind: 'string',
          encoding: encodingOf(raw),
          ...numbers(raw, 'minLength', 'maxLength'),
          ...(typeof raw.pattern === 'string' ? { pattern: raw.pattern } : {}),
          ...(typeof raw.format === 'string' ? { format: raw.format } : {}),
        };
      case 'integer':
      case 'number': {
        // 3.0 spells exclusive bounds as booleans beside minimum/maximum.
        const bounds: Json = { ...raw };
        if (raw.exclusiveMinimum === true) {
          bounds.exclusiveMinimum = raw.minimum;
          delete bounds.minimum;
        }
        if (raw.exclusiveMaximum === true) {
          bounds.exclusiveMaximum = raw.maximum;
          delete bounds.maximum;
        }
        for (const key of ['minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'multipleOf']) {
          if (typeof bounds[key] === 'number' && !Number.isSafeInteger(bounds[key]) && Number.isInteger(bounds[key])) {
            this.warn(child(pointer, key), `${key} ${bounds[key]} is beyond 2^53: JavaScript numbers cannot hold it exactly, so the bound is checked as the nearest number.`);
          }
        }
        return {
          ...b,
          kind: 'number',
          integer: types[0] === 'integer',
          ...(typeof raw.format === 'string' ? { format: raw.format } : {}),
          ...numbers(bounds, 'minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'multipleOf'),
        };
      }
      case 'boolean':
        return { ...b, kind: 'boolean' };
      case 'null':
        return { ...b, kind: 'null' };
      default:
        this.error(child(pointer, 'type'), `type "${types[0]}" is not a JSON Schema type: use string, number, integer, boolean, object, array or null.`);
        return unknown(pointer);
    }
  }

  private object(raw: Json, b: ReturnType<SchemaReader['base']> & { nullable: boolean }): SchemaNode {
    const pointer = b.pointer;
    const required = new Set<string>(Array.isArray(raw.required) ? raw.required : []);
    const props: Json = isObject(raw.properties) ? raw.properties : {};
    for (const name of required) {
      if (!Object.hasOwn(props, name) && raw.additionalProperties === false) {
        this.error(
          child(pointer, 'required'),
          `"${name}" is required but is not a property, and additionalProperties is false: no value can be valid. Add the property or drop it from required.`,
        );
      }
    }
    const ap = raw.additionalProperties;
    const properties = Object.keys(props).map((name) => {
      const schema = this.read(props[name], child(pointer, 'properties', name));
      let isRequired = required.has(name);
      const side = schema.readOnly ? 'readOnly' : schema.writeOnly ? 'writeOnly' : undefined;
      if (isRequired && side) {
        // Required only in responses (readOnly) or only in requests (writeOnly): the same
        // schema serves both, so it is optional in both rather than wrongly required in one.
        this.warn(
          child(pointer, 'properties', name),
          `"${name}" is required and ${side}: it is required only in ${side === 'readOnly' ? 'responses' : 'requests'}, so it is typed and checked as optional everywhere.`,
        );
        isRequired = false;
      }
      return { name, required: isRequired, schema };
    });
    // Required names without a property schema are still required (any value).
    for (const name of required) {
      if (!Object.hasOwn(props, name) && ap !== false) properties.push({ name, required: true, schema: unknown(child(pointer, 'required')) });
    }
    return {
      ...b,
      kind: 'object',
      properties,
      additional: ap === undefined || ap === true ? true : ap === false ? false : this.read(ap, child(pointer, 'additionalProperties')),
      additionalImplicit: ap === undefined,
      ...(isObject(raw.patternProperties)
        ? { patternProperties: Object.entries(raw.patternProperties).map(([pattern, s]) => ({ pattern, schema: this.read(s, child(pointer, 'patternProperties', pattern)) })) }
        : {}),
      ...numbers(raw, 'minProperties', 'maxProperties'),
    };
  }

  private error(pointer: Pointer, message: string): void {
    this.ctx.diags.error(pointer, message, opOf(this.ctx));
  }
  private warn(pointer: Pointer, message: string): void {
    this.ctx.diags.warn(pointer, message, opOf(this.ctx));
  }
}

const unknown = (pointer: Pointer): SchemaNode => ({ kind: 'unknown', pointer, nullable: false, deprecated: false });

/** A part inside a composition carries no documentation of its own (the whole does). */
const clean = (node: SchemaNode): SchemaNode => {
  const { description, title, ...rest } = node;
  return rest as SchemaNode;
};

function annotationsOf(base: { description?: string; title?: string; deprecated: boolean; hem?: HemSchema }) {
  return pick(base, 'description', 'title', 'hem', ...(base.deprecated ? (['deprecated'] as const) : []));
}

function pick<T extends object, K extends keyof T>(obj: T, ...keys: K[]): Partial<Pick<T, K>> {
  const out: Partial<Pick<T, K>> = {};
  for (const key of keys) if (obj[key] !== undefined) out[key] = obj[key];
  return out;
}

function encodingOf(raw: Json): 'base64' | 'binary' | undefined {
  if (raw.format === 'byte' || raw.contentEncoding === 'base64' || raw.contentEncoding === 'base64url') return 'base64';
  if (raw.format === 'binary' || (typeof raw.contentMediaType === 'string' && raw.contentEncoding === undefined && !/json|^text\//.test(raw.contentMediaType))) return 'binary';
  return undefined;
}

function numbers(raw: Json, ...keys: string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const key of keys) if (typeof raw[key] === 'number') out[key] = raw[key];
  return out;
}
