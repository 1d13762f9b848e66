// Path items and webhooks → OperationIR: parameters, bodies of every media type, responses
// with their headers, security alternatives, and the x-hem-* data of each.
import { checkHem, readHemOperation, readHemResponse } from '../hem.js';
import type {
  BodyKind,
  HeaderIR,
  HttpMethod,
  MediaIR,
  OperationIR,
  ParameterIR,
  ParameterLocation,
  ParameterStyle,
  RequestBodyIR,
  ResponseIR,
  SecurityRequirementIR,
} from '../ir.js';
import { operationIdFor, operationName } from '../names.js';
import { child, type Pointer } from '../pointer.js';
import { type Json, type ModelContext, isObject, objectOr, opOf, resolve } from './context.js';
import { schemaNode } from './schema.js';

export const METHODS: readonly HttpMethod[] = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options', 'trace'];

const STYLES: Record<ParameterLocation, readonly ParameterStyle[]> = {
  path: ['simple', 'label', 'matrix'],
  query: ['form', 'spaceDelimited', 'pipeDelimited', 'deepObject'],
  header: ['simple'],
  cookie: ['form'],
};

/** Every operation of `paths` (or of `webhooks`), in document order. */
export function operations(ctx: ModelContext, container: 'paths' | 'webhooks'): OperationIR[] {
  const items = ctx.doc[container];
  if (items === undefined) return [];
  if (!isObject(items)) {
    ctx.diags.error(`#/${container}`, `${container} must be an object.`);
    return [];
  }
  const out: OperationIR[] = [];
  for (const [key, item] of Object.entries(items)) {
    const resolved = resolve(ctx, item, child(`#/${container}`, key));
    if (!resolved) continue;
    const [pathItem, itemPointer] = resolved;
    if (container === 'paths' && !key.startsWith('/')) ctx.diags.error(child('#/paths', key), `path "${key}" must start with "/".`);
    const shared = parameterList(ctx, pathItem.parameters, child(itemPointer, 'parameters'));
    for (const method of METHODS) {
      if (!isObject(pathItem[method])) continue;
      out.push(operation(ctx, pathItem[method], method, key, child(itemPointer, method), shared, container));
    }
  }
  return out;
}

function operation(ctx: ModelContext, op: Json, method: HttpMethod, path: string, pointer: Pointer, shared: ParameterIR[], container: 'paths' | 'webhooks'): OperationIR {
  const given = typeof op.operationId === 'string' && op.operationId !== '' ? op.operationId : undefined;
  const id = given ?? operationIdFor(method, container === 'webhooks' ? `/${path}` : path);
  ctx.operation = id;
  try {
    const hemOk = checkHem('operation', op, pointer, ctx.diags);
    const own = parameterList(ctx, op.parameters, child(pointer, 'parameters'));
    const parameters = [...shared.filter((p) => !own.some((o) => o.name === p.name && o.in === p.in)), ...own];
    if (container === 'paths') checkPathParameters(ctx, path, parameters, pointer);
    const hem = hemOk ? readHemOperation(op) : undefined;
    const requestBody = op.requestBody === undefined ? undefined : body(ctx, op.requestBody, child(pointer, 'requestBody'));
    if (requestBody && (method === 'get' || method === 'head')) {
      ctx.diags.warn(
        child(pointer, 'requestBody'),
        `a ${method.toUpperCase()} request with a body: many servers and fetch itself refuse it. Send the data as parameters.`,
        opOf(ctx),
      );
    }
    return {
      id,
      idGiven: given !== undefined,
      name: operationName(id),
      method,
      path,
      pointer,
      tags: Array.isArray(op.tags) ? op.tags.filter((t: unknown) => typeof t === 'string') : [],
      deprecated: op.deprecated === true,
      ...(typeof op.summary === 'string' ? { summary: op.summary } : {}),
      ...(typeof op.description === 'string' ? { description: op.description } : {}),
      parameters,
      ...(requestBody ? { requestBody } : {}),
      responses: responses(ctx, op.responses, child(pointer, 'responses')),
      security: security(ctx, op.security ?? ctx.doc.security ?? [], op.security !== undefined ? child(pointer, 'security') : '#/security'),
      ...(hem ? { hem } : {}),
    };
  } finally {
    ctx.operation = undefined;
  }
}

function parameterList(ctx: ModelContext, raw: unknown, pointer: Pointer): ParameterIR[] {
  if (raw === undefined) return [];
  if (!Array.isArray(raw)) {
    ctx.diags.error(pointer, 'parameters must be a list.', opOf(ctx));
    return [];
  }
  const out: ParameterIR[] = [];
  raw.forEach((item, i) => {
    const resolved = resolve(ctx, item, child(pointer, i));
    if (!resolved) return;
    const p = parameter(ctx, resolved[0], resolved[1]);
    if (!p) return;
    const twin = out.find((o) => o.name === p.name && o.in === p.in);
    if (twin) ctx.diags.error(p.pointer, `parameter "${p.name}" in ${p.in} is listed twice (also at ${twin.pointer}): keep one.`, opOf(ctx));
    else out.push(p);
  });
  return out;
}

function parameter(ctx: ModelContext, raw: Json, pointer: Pointer): ParameterIR | undefined {
  const where = raw.in as ParameterLocation;
  if (typeof raw.name !== 'string' || raw.name === '' || !(where in STYLES)) {
    ctx.diags.error(pointer, 'a parameter needs a name and "in" (path, query, header or cookie).', opOf(ctx));
    return undefined;
  }
  const style = (raw.style ?? (where === 'query' || where === 'cookie' ? 'form' : 'simple')) as ParameterStyle;
  if (!STYLES[where].includes(style)) {
    ctx.diags.error(child(pointer, 'style'), `style "${style}" is not allowed for a ${where} parameter: use ${STYLES[where].join(' or ')}.`, opOf(ctx));
    return undefined;
  }
  if (where === 'path' && raw.required !== true) ctx.diags.error(child(pointer, 'required'), `path parameter "${raw.name}" must have required: true.`, opOf(ctx));
  if (where === 'header' && ['accept', 'content-type', 'authorization'].includes(raw.name.toLowerCase())) {
    ctx.diags.warn(pointer, `header parameter "${raw.name}" is ignored by OpenAPI (the media types and security schemes set it); remove it.`, opOf(ctx));
    return undefined;
  }
  let schema;
  let contentType: string | undefined;
  if (isObject(raw.content)) {
    const types = Object.keys(raw.content);
    if (types.length !== 1) ctx.diags.error(child(pointer, 'content'), 'a parameter with content must have exactly one media type.', opOf(ctx));
    contentType = types[0];
    if (contentType !== undefined && !/json/i.test(contentType)) {
      ctx.diags.error(
        child(pointer, 'content', contentType),
        `a ${contentType} parameter is not supported: only JSON-encoded parameter content is serialised. Use schema with a style instead.`,
        { ...opOf(ctx), targets: ['client'] },
      );
    }
    schema = schemaNode(ctx, contentType ? objectOr(raw.content[contentType]).schema : undefined, child(pointer, 'content', contentType ?? '', 'schema'));
  } else {
    schema = schemaNode(ctx, raw.schema, child(pointer, 'schema'));
  }
  if (style === 'deepObject' && raw.explode === false) ctx.diags.error(child(pointer, 'explode'), 'deepObject is defined only with explode: true.', opOf(ctx));
  return {
    name: raw.name,
    in: where,
    pointer,
    required: raw.required === true,
    deprecated: raw.deprecated === true,
    ...(typeof raw.description === 'string' ? { description: raw.description } : {}),
    schema,
    style,
    explode: typeof raw.explode === 'boolean' ? raw.explode : style === 'form',
    allowReserved: raw.allowReserved === true,
    ...(contentType ? { contentType } : {}),
  };
}

/** Every `{name}` in the path has a path parameter, and every path parameter is in the path. */
function checkPathParameters(ctx: ModelContext, path: string, parameters: ParameterIR[], pointer: Pointer): void {
  const names = [...path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]!);
  for (const name of names) {
    if (!parameters.some((p) => p.in === 'path' && p.name === name)) {
      ctx.diags.error(child(pointer, 'parameters'), `the path has {${name}} but no path parameter "${name}" is declared: add it.`, opOf(ctx));
    }
  }
  for (const p of parameters) {
    if (p.in === 'path' && !names.includes(p.name))
      ctx.diags.error(p.pointer, `path parameter "${p.name}" is not in the path ${path}: remove it or add {${p.name}} to the path.`, opOf(ctx));
  }
}

/** The wire kind of a media type. */
export function bodyKind(contentType: string): BodyKind {
  const type = contentType.split(';')[0]!.trim().toLowerCase();
  if (type === 'application/json' || type.endsWith('+json') || type === 'text/json') return 'json';
  if (type === 'application/x-www-form-urlencoded') return 'form';
  if (type.startsWith('multipart/')) return 'multipart';
  if (type.startsWith('text/') || type === 'application/xml' || type.endsWith('+xml')) return 'text';
  return 'binary';
}

function media(ctx: ModelContext, contentType: string, raw: unknown, pointer: Pointer): MediaIR | undefined {
  const resolved = resolve(ctx, raw ?? {}, pointer);
  if (!resolved) return undefined;
  const [m, at] = resolved;
  const kind = bodyKind(contentType);
  const examples: MediaIR['examples'] = [];
  if (isObject(m.examples)) {
    for (const [name, ex] of Object.entries(m.examples)) {
      const r = resolve(ctx, ex, child(at, 'examples', name));
      if (r && 'value' in r[0]) examples.push({ name, ...(typeof r[0].summary === 'string' ? { summary: r[0].summary } : {}), value: r[0].value });
    }
  } else if (m.example !== undefined) {
    examples.push({ name: 'example', value: m.example });
  }
  const encoding: MediaIR['encoding'] = {};
  if (isObject(m.encoding)) {
    if (kind !== 'form' && kind !== 'multipart') ctx.diags.warn(child(at, 'encoding'), 'encoding applies to form and multipart bodies only; it is ignored here.', opOf(ctx));
    for (const [name, e] of Object.entries(m.encoding)) {
      if (!isObject(e)) continue;
      if (e.headers !== undefined)
        ctx.diags.warn(child(at, 'encoding', name, 'headers'), 'per-part headers are not sent by the client; they are ignored.', { ...opOf(ctx), targets: ['client'] });
      encoding[name] = {
        ...(typeof e.contentType === 'string' ? { contentType: e.contentType } : {}),
        ...(typeof e.style === 'string' ? { style: e.style as ParameterStyle } : {}),
        ...(typeof e.explode === 'boolean' ? { explode: e.explode } : {}),
      };
    }
  }
  const schema = m.schema === undefined ? undefined : schemaNode(ctx, m.schema, child(at, 'schema'));
  return { contentType, kind, pointer: at, ...(schema ? { schema } : {}), examples, encoding };
}

function contentList(ctx: ModelContext, raw: unknown, pointer: Pointer): MediaIR[] {
  if (!isObject(raw)) return [];
  return Object.keys(raw)
    .map((type) => media(ctx, type, raw[type], child(pointer, type)))
    .filter((m): m is MediaIR => m !== undefined);
}

function body(ctx: ModelContext, raw: unknown, pointer: Pointer): RequestBodyIR | undefined {
  const resolved = resolve(ctx, raw, pointer);
  if (!resolved) return undefined;
  const [b, at] = resolved;
  const content = contentList(ctx, b.content, child(at, 'content'));
  if (content.length === 0) {
    ctx.diags.error(child(at, 'content'), 'a request body needs at least one media type: add content with a schema.', opOf(ctx));
    return undefined;
  }
  return { pointer: at, required: b.required === true, ...(typeof b.description === 'string' ? { description: b.description } : {}), content };
}

function responses(ctx: ModelContext, raw: unknown, pointer: Pointer): ResponseIR[] {
  if (raw === undefined) {
    ctx.diags.warn(pointer, 'the operation lists no responses: its answers are untyped. List at least its success response.', opOf(ctx));
    return [];
  }
  if (!isObject(raw)) {
    ctx.diags.error(pointer, 'responses must be an object keyed by status.', opOf(ctx));
    return [];
  }
  const out: ResponseIR[] = [];
  for (const status of Object.keys(raw)) {
    if (status.startsWith('x-')) continue;
    if (!/^(?:[1-5](?:\d\d|XX)|default)$/.test(status)) {
      ctx.diags.error(child(pointer, status), `"${status}" is not a status: use a code like 200, a range like 4XX, or default.`, opOf(ctx));
      continue;
    }
    const resolved = resolve(ctx, raw[status], child(pointer, status));
    if (!resolved) continue;
    const [r, at] = resolved;
    const hemOk = checkHem('response', r, at, ctx.diags);
    const hem = hemOk ? readHemResponse(r) : undefined;
    out.push({
      status,
      pointer: at,
      description: typeof r.description === 'string' ? r.description : '',
      content: contentList(ctx, r.content, child(at, 'content')),
      headers: headers(ctx, r.headers, child(at, 'headers')),
      ...(hem ? { hem } : {}),
    });
  }
  return out;
}

function headers(ctx: ModelContext, raw: unknown, pointer: Pointer): HeaderIR[] {
  if (!isObject(raw)) return [];
  const out: HeaderIR[] = [];
  for (const name of Object.keys(raw)) {
    const resolved = resolve(ctx, raw[name], child(pointer, name));
    if (!resolved) continue;
    const [h, at] = resolved;
    const schema = isObject(h.content) ? objectOr(Object.values(h.content)[0]).schema : h.schema;
    out.push({
      name,
      pointer: at,
      required: h.required === true,
      ...(typeof h.description === 'string' ? { description: h.description } : {}),
      schema: schemaNode(ctx, schema, child(at, 'schema')),
    });
  }
  return out;
}

function security(ctx: ModelContext, raw: unknown, pointer: Pointer): SecurityRequirementIR[] {
  if (!Array.isArray(raw)) {
    ctx.diags.error(pointer, 'security must be a list of requirements.', opOf(ctx));
    return [];
  }
  const schemes = objectOr(objectOr(ctx.doc.components).securitySchemes);
  return raw.filter(isObject).map((requirement, i) => ({
    schemes: Object.entries<unknown>(requirement).flatMap(([name, scopes]) => {
      if (!Object.hasOwn(schemes, name)) {
        ctx.diags.error(child(pointer, i, name), `security scheme "${name}" is not defined under components/securitySchemes: define it or fix the name.`, opOf(ctx));
        return [];
      }
      return [{ name, scopes: Array.isArray(scopes) ? scopes.filter((s): s is string => typeof s === 'string') : [] }];
    }),
  }));
}
