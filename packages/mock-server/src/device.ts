// The device model: one function from a request to an answer, over a key repository, with
// the device's checks in the device's order. Every front door (node:http and node:https in
// node.ts, MSW in msw.ts, `handle` for any fetch-style server) is a thin adapter around it.
// What each operation needs (method, path, parameters, body, security, scopes, roles, TLS,
// its statuses) is read from the generated operation data; nothing here names one.
import { OPERATIONS, SECURITY_SCHEMES, type OperationSpec } from '@hem/client/core';
import { OPERATION_SCHEMAS, parseRequest } from '@hem/validator';
import { computeKid, decodeBase64, encodeBase64 } from '@hem/validator/device';
import { FaultQueue, type FaultRequest, type Faults } from './faults.js';
import { refusalStatus } from './refusals.js';
import { MemoryRepository, DEFAULT_CAPACITY, type KeyRepository, type StoredKeyRecord } from './repository.js';
import { compileRoutes, matchRoute, readParams } from './routes.js';
import { TokenAuthority, roleOf, type MintTokenOptions, type TokenClaims } from './tokens.js';

/**
 * The largest JSON body the device reads (firmware 1.2.2); a larger one gets 413 and the
 * connection is closed. The spec states it only in words (importKey's request body).
 */
export const MAX_BODY_BYTES = 7300;

export interface HemDeviceOptions {
  /** How many keys the repository holds (default 1000); an import past it answers 406. Ignored with `repository`. */
  capacity?: number;
  /** The key repository (default: a new one in memory). */
  repository?: KeyRepository;
  /** Largest decoded `descr`: 64 bytes on firmware 1.2.2 (default), 128 on newer firmware. */
  descrMaxBytes?: number;
  /** Origins allowed to call (CORS allow-list), or '*' for any. A request with another `Origin` gets 412. Default: none. */
  origins?: readonly string[] | '*';
  /** Answer 418 to plain HTTP where the spec requires TLS (default true, as the device does). */
  requireTls?: boolean;
  /** Largest request body in bytes (default 7300, the device's). */
  maxBodyBytes?: number;
  /** The HS256 key for tokens (at least 32 bytes); default: random, made at start. */
  secret?: Uint8Array | string;
  /** Called with every answer, for tests that check what was sent. */
  onAnswer?: (exchange: Exchange) => void;
  /** How many audit-log entries are kept, oldest dropped first (default 10000), as the device's log is bounded too. */
  auditLimit?: number;
  /** The clock (ms since the epoch), for token expiry and `updated`. */
  now?: () => number;
}

/** A request as the device model reads it; the adapters fill it from their transport. */
export interface DeviceRequest {
  method: string;
  /** The request target: path and query, e.g. `/api/keymgmt/get/1c6a…?x=1`. */
  target: string;
  /** A header's value (name in lower case); undefined when absent. */
  header(name: string): string | undefined;
  /** The body as received; undefined when none was read. */
  body: Uint8Array | undefined;
  /** True when the request came over TLS. */
  tls: boolean;
  /** The Content-Length as declared; undefined when absent. */
  contentLength: number | undefined;
  /** True when the body came chunked (Transfer-Encoding). */
  chunked: boolean;
}

/** The device's answer, for an adapter to send. */
export interface DeviceAnswer {
  status: number;
  /** The reason phrase, when not the usual one (418 has an empty one on the device). */
  statusText?: string;
  headers: Record<string, string>;
  /** The body text; empty for every error. */
  body: string;
  /** Close the connection after answering (413, 411). */
  close: boolean;
  /** Drop the connection instead of answering (an injected fault). */
  drop: boolean;
  /** The operationId, when the request matched one. */
  operation?: string;
}

/** What `onAnswer` is told of each exchange. */
export interface Exchange {
  operation?: string;
  method: string;
  target: string;
  status: number;
  headers: Readonly<Record<string, string>>;
  body: string;
  /** The connection was dropped instead (status is 0). */
  dropped: boolean;
}

/** An audit-log entry, as the spec's x-hem-audit lists them. */
export interface AuditEntry {
  /** When, in ms since the epoch. */
  time: number;
  operation: string;
  /** LOG_TYPE_* */
  event: string;
  /** The event's numeric code, when the spec gives one. */
  code?: number;
  /** LOG_RESULT_* */
  result: string;
  status: number;
  /** The caller's role (User, Master, ExtAuth), when it had a valid token. */
  role?: string;
  /** The kid concerned, when known. */
  kid?: string;
}

/** A key to put into the repository directly (no token, no checks beyond the kid). */
export interface SeedKey {
  type: string;
  pubkey: string;
  label?: string;
  mode?: string;
  descr?: string;
}

export interface HemDevice {
  /** The web front door: a fetch `Request` in, a `Response` out (a dropped connection is `Response.error()`). */
  handle(request: Request, transport?: Partial<Pick<DeviceRequest, 'tls' | 'contentLength' | 'chunked'>>): Promise<Response>;
  /** The model itself, for adapters that read the transport themselves. */
  answer(request: DeviceRequest): Promise<DeviceAnswer>;
  /**
   * The checks that need only the request line and headers (411, 413): an adapter calls it
   * before reading a body, so an oversize one is never buffered. `answer` runs it too.
   */
  admit(request: Pick<DeviceRequest, 'method' | 'target' | 'contentLength' | 'chunked'>): DeviceAnswer | undefined;
  /** Signs a token the device accepts: `expiresIn` in seconds (default 300; negative: already expired), `sub` the role (default 'U'). */
  mintToken(options: MintTokenOptions): Promise<string>;
  /** Stores a key directly, as if imported earlier; returns its kid. Throws when it is stored already or the repository is full. */
  seed(key: SeedKey): string;
  readonly keys: KeyRepository;
  /** The audit log, oldest first (the newest `auditLimit` entries). */
  readonly log: AuditEntry[];
  readonly faults: Faults;
  /** Operations of the spec the mock checks but has no behaviour for (they answer 501 after the checks). */
  readonly unsupported: readonly string[];
  readonly options: Readonly<Required<Pick<HemDeviceOptions, 'descrMaxBytes' | 'requireTls' | 'maxBodyBytes'>> & { origins: readonly string[] | '*' }>;
}

type Auth = 'none' | 'optional' | 'required';

/** What an operation does once every check passed. */
type Effect = (context: {
  op: OperationSpec;
  params: Record<string, string>;
  body: unknown;
  claims?: TokenClaims;
}) => { status: number; json?: unknown; kid?: string } | Promise<{ status: number; json?: unknown; kid?: string }>;

const JSON_TYPE = 'application/json';
const decoder = new TextDecoder('utf-8', { fatal: true });

/** How an operation authenticates, from its security alternatives; the mock knows bearer JWTs only. */
function authOf(op: OperationSpec): Auth {
  if (op.security.length === 0) return 'none';
  for (const alternative of op.security) {
    for (const name of alternative) {
      const scheme = (SECURITY_SCHEMES as Readonly<Record<string, { type: string; scheme?: string }>>)[name];
      if (scheme?.type !== 'http' || scheme.scheme !== 'bearer') {
        throw new TypeError(`@hem/mock-server: operation ${op.id} uses security scheme ${name}, which the mock cannot check: it knows HTTP bearer (JWT) schemes only.`);
      }
    }
  }
  return op.security.some((alternative) => alternative.length === 0) ? 'optional' : 'required';
}

function normalOrigin(origin: string): string {
  try {
    const url = new URL(origin);
    if (url.origin === 'null') throw new Error();
    return url.origin;
  } catch {
    throw new TypeError(`createHemDevice: origins must be origins like https://app.example.com, got ${JSON.stringify(origin)}.`);
  }
}

const toBase64 = (text: string): string => encodeBase64(decodeBase64(text)!);

export function createHemDevice(options: HemDeviceOptions = {}): HemDevice {
  const now = options.now ?? Date.now;
  const descrMaxBytes = options.descrMaxBytes ?? 64;
  if (!Number.isInteger(descrMaxBytes) || descrMaxBytes < 0)
    throw new TypeError(`createHemDevice: descrMaxBytes must be a whole number of bytes (64 on firmware 1.2.2, 128 on newer), got ${String(descrMaxBytes)}.`);
  const maxBodyBytes = options.maxBodyBytes ?? MAX_BODY_BYTES;
  if (!Number.isInteger(maxBodyBytes) || maxBodyBytes < 1) throw new TypeError(`createHemDevice: maxBodyBytes must be a positive whole number, got ${String(maxBodyBytes)}.`);
  const requireTls = options.requireTls ?? true;
  const origins = options.origins === '*' ? '*' : Object.freeze((options.origins ?? []).map(normalOrigin));
  const allowed = (origin: string) => origins === '*' || origins.includes(origin);
  const repository = options.repository ?? new MemoryRepository(options.capacity ?? DEFAULT_CAPACITY);
  const tokens = new TokenAuthority(options.secret, now);
  const operations = OPERATIONS as unknown as Readonly<Record<string, OperationSpec>>;
  const routes = compileRoutes(operations);
  const faults = new FaultQueue(operations);
  const log: AuditEntry[] = [];
  const auditLimit = options.auditLimit ?? 10_000;
  if (!(auditLimit === Infinity || (Number.isInteger(auditLimit) && auditLimit >= 0)))
    throw new TypeError(`createHemDevice: auditLimit must be a whole number of entries (or Infinity), got ${String(auditLimit)}.`);

  // Per operation, once: how it authenticates, what it does, where its kid comes from.
  const auth = new Map<string, Auth>();
  const effects = new Map<string, Effect>();
  const unsupported: string[] = [];
  for (const op of Object.values(operations)) {
    auth.set(op.id, authOf(op));
    if (op.body && op.body.kind !== 'json') throw new TypeError(`@hem/mock-server: operation ${op.id} takes a ${op.body.contentType} body; the mock reads JSON bodies only.`);
    const effect = effectOf(op);
    if (effect) effects.set(op.id, effect);
    else unsupported.push(op.id);
  }

  /**
   * What an operation does is not in the spec as data; it is read from the operation's
   * shape. A body with a kid rule (x-hem-kid-from) stores a key; a GET of a `kid` path
   * parameter reads one.
   */
  function effectOf(op: OperationSpec): Effect | undefined {
    const schemas = (OPERATION_SCHEMAS as unknown as Record<string, { keys: readonly (readonly [string, string])[]; responses: Record<string, unknown> }>)[op.id];
    const kidFrom = op.hem?.kidFrom;
    if (op.body && kidFrom) {
      const typeField = schemas?.keys.find(([key]) => key === kidFrom)?.[1] ?? 'type';
      return async ({ body }) => {
        const fields = body as Record<string, string>;
        const bytes = decodeBase64(fields[kidFrom]!)!;
        const kid = computeKid(bytes);
        const result = repository.add(recordOf(kid, fields[typeField]!, encodeBase64(bytes), fields));
        if (result !== 'stored') return { status: 406, kid };
        try {
          await repository.flush();
        } catch {
          // Not durable: not stored. The spec's 500 says the key may or may not be.
          repository.delete(kid);
          return { status: 500, kid };
        }
        return { status: 200, json: { kid }, kid };
      };
    }
    const kidParam = op.params.find((p) => p.in === 'path' && p.name === 'kid');
    if (op.method === 'GET' && !op.body && kidParam) {
      // The answer carries the record's fields that the success schema names.
      const schema = schemas?.responses[200] as { shape?: Record<string, unknown> } | undefined;
      const fields = Object.keys(schema?.shape ?? {});
      return ({ params }) => {
        const kid = params.kid!;
        const record = repository.get(kid);
        if (!record) return { status: 406, kid };
        const json: Record<string, unknown> = {};
        for (const field of fields) if ((record as unknown as Record<string, unknown>)[field] !== undefined) json[field] = (record as unknown as Record<string, unknown>)[field];
        return { status: 200, json, kid };
      };
    }
    return undefined;
  }

  function recordOf(kid: string, type: string, pubkey: string, fields: Record<string, string | undefined>): StoredKeyRecord {
    const record: { -readonly [K in keyof StoredKeyRecord]: StoredKeyRecord[K] } = { kid, type, pubkey, updated: Math.floor(now() / 1000) };
    if (fields.label !== undefined) record.label = fields.label;
    if (fields.mode !== undefined) record.mode = fields.mode;
    if (fields.descr !== undefined) record.descr = toBase64(fields.descr);
    return Object.freeze(record);
  }

  function reply(status: number, extra: { json?: unknown; headers?: Record<string, string>; close?: boolean; origin?: string } = {}): DeviceAnswer {
    const headers: Record<string, string> = { 'content-type': JSON_TYPE, ...extra.headers };
    if (extra.origin !== undefined && allowed(extra.origin)) {
      headers['access-control-allow-origin'] = extra.origin;
      headers.vary = 'Origin';
    }
    if (extra.close) headers.connection = 'close';
    return {
      status,
      // The device's 418 has an empty reason phrase.
      ...(status === 418 ? { statusText: '' } : {}),
      headers,
      body: extra.json === undefined ? '' : JSON.stringify(extra.json),
      close: extra.close === true,
      drop: false,
    };
  }

  const dropped = (): DeviceAnswer => ({ status: 0, headers: {}, body: '', close: true, drop: true });

  /** 411 and 413, for an operation that takes a body. */
  function sizeStatus(op: OperationSpec, contentLength: number | undefined, chunked: boolean): 411 | 413 | undefined {
    if (!op.body) return undefined;
    // Only a positive Content-Length is read; chunked bodies are refused.
    if (chunked || !(contentLength! > 0)) return 411;
    return contentLength! > maxBodyBytes ? 413 : undefined;
  }

  function admit(request: Pick<DeviceRequest, 'method' | 'target' | 'contentLength' | 'chunked'>): DeviceAnswer | undefined {
    const matched = matchRoute(routes, request.method, pathOf(request.target));
    if (!matched || !('op' in matched)) return undefined;
    const status = sizeStatus(matched.op, request.contentLength, request.chunked);
    return status === undefined ? undefined : { ...reply(status, { close: true }), operation: matched.op.id };
  }

  function audit(op: OperationSpec, status: number, claims: TokenClaims | undefined, kid: string | undefined): void {
    for (const rule of op.hem?.audit ?? []) {
      const result = rule.results[status];
      if (result === undefined) continue;
      log.push({
        time: now(),
        operation: op.id,
        event: rule.event,
        ...(rule.code !== undefined ? { code: rule.code } : {}),
        result,
        status,
        ...(claims ? { role: roleOf(claims.sub) } : {}),
        ...(kid !== undefined ? { kid } : {}),
      });
    }
    // Trimmed in batches, so a full log costs one splice per tenth of its size.
    if (log.length > auditLimit + Math.max(1, Math.floor(auditLimit / 10))) log.splice(0, log.length - auditLimit);
  }

  function permitted(op: OperationSpec, claims: TokenClaims, params: Record<string, string>): boolean {
    const roles = op.hem?.roles;
    if (roles) {
      const role = roleOf(claims.sub);
      if (roles.denied.includes(role)) return false;
      if (roles.allowed.length && !roles.allowed.includes(role)) return false;
    }
    const rules = op.hem?.scopes ?? [];
    if (!rules.length) return true;
    return rules.some((rule) => {
      let unresolved = false;
      const claim = rule.claim.replace(/<([^>]+)>/g, (_, name: string) => {
        const value = params[name];
        if (value === undefined) unresolved = true;
        return value ?? '';
      });
      if (unresolved) return false;
      return rule.match === 'exact' ? claims.scope === claim : claims.scope.startsWith(claim);
    });
  }

  async function answer(request: DeviceRequest): Promise<DeviceAnswer> {
    const result = await decide(request);
    if (options.onAnswer) {
      options.onAnswer({
        ...(result.operation !== undefined ? { operation: result.operation } : {}),
        method: request.method,
        target: request.target,
        status: result.status,
        headers: result.headers,
        body: result.body,
        dropped: result.drop,
      });
    }
    return result;
  }

  async function decide(request: DeviceRequest): Promise<DeviceAnswer> {
    const pathname = pathOf(request.target);
    const origin = request.header('origin');
    if (request.method === 'OPTIONS') return preflight(pathname, origin, request.header('access-control-request-headers'));
    const matched = matchRoute(routes, request.method, pathname);
    if (!matched) return reply(404, { ...(origin !== undefined ? { origin } : {}) });
    if (!('op' in matched)) return reply(405, { headers: { allow: [...new Set(matched.allow)].join(', ') }, ...(origin !== undefined ? { origin } : {}) });
    const { op, params } = matched;
    const cors = origin !== undefined ? { origin } : {};
    const done = (status: number, extra: Parameters<typeof reply>[1] = {}, claims?: TokenClaims, kid?: string): DeviceAnswer => {
      audit(op, status, claims, kid);
      return { ...reply(status, { ...cors, ...extra }), operation: op.id };
    };

    // 411 and 413: from the request line and headers alone.
    const size = sizeStatus(op, request.contentLength, request.chunked);
    if (size !== undefined) return done(size, { close: true });
    // 412: an Origin outside the allow-list.
    if (origin !== undefined && !allowed(origin)) return done(412);
    // 401 for a token that is present but invalid (forged, malformed, expired).
    const mode = auth.get(op.id)!;
    const authorization = request.header('authorization');
    let claims: TokenClaims | undefined;
    if (mode !== 'none' && authorization !== undefined) {
      const token = bearerToken(authorization);
      claims = token === undefined ? undefined : await tokens.verify(token);
      if (!claims) return done(401);
    }

    if (op.params.length > Object.keys(params).length) readParams(op, params, new URLSearchParams(queryOf(request.target)), request.header);
    // The body, read once: as JSON for the checks below, leniently for a fault's match.
    let body: unknown;
    let unreadable: string | undefined;
    if (op.body) {
      const type = request.header('content-type')?.split(';')[0]?.trim().toLowerCase();
      if (type !== op.body.contentType) unreadable = 'content-type';
      try {
        body = JSON.parse(decoder.decode(request.body ?? new Uint8Array()));
      } catch {
        unreadable = 'json';
        body = undefined;
      }
    }

    // 409 (busy) and other injected faults: the device's handler starts here.
    const fault = faults.take(op, false, () => faultRequest(op, params, body, request));
    if (fault) {
      if (fault.delayMs) await sleep(fault.delayMs);
      if (fault.drop) return { ...dropped(), operation: op.id };
      if (fault.status !== undefined) return done(fault.status, {}, claims);
    }
    // 418: plain HTTP where the spec requires TLS.
    if (op.hem?.tls === 'required' && !request.tls && requireTls) return done(418, {}, claims);
    // 401 for a missing token.
    if (mode === 'required' && !claims) return done(401);
    // 403: a role the operation refuses, or no scope rule of the spec matches.
    if (claims && !permitted(op, claims, params)) return done(403, {}, claims);
    // 400 and 406: what the request says.
    if (unreadable) return done(400, {}, claims);
    const parsed = parseRequest(op.id, { ...(op.params.length ? { params } : {}), ...(op.body ? { body } : {}) }, { deep: false, descrMaxBytes });
    if (!parsed.ok) {
      const keys = (OPERATION_SCHEMAS as unknown as Record<string, { keys: readonly (readonly [string, string])[] }>)[op.id]?.keys ?? [];
      return done(refusalStatus(parsed.issues, keys, body), {}, claims);
    }
    const effect = effects.get(op.id);
    if (!effect) return done(501, {}, claims);
    const outcome = await effect({ op, params, body: parsed.value.body, ...(claims ? { claims } : {}) });
    if (outcome.status === 200) {
      const late = faults.take(op, true, () => faultRequest(op, params, body, request));
      if (late) {
        if (late.delayMs) await sleep(late.delayMs);
        if (late.drop) {
          audit(op, 200, claims, outcome.kid);
          return { ...dropped(), operation: op.id };
        }
        if (late.status !== undefined) return done(late.status, {}, claims, outcome.kid);
      }
    }
    return done(outcome.status, outcome.json === undefined ? {} : { json: outcome.json }, claims, outcome.kid);
  }

  function preflight(pathname: string, origin: string | undefined, requested: string | undefined): DeviceAnswer {
    const methods = [...new Set(routes.filter((r) => r.pattern.test(pathname)).map((r) => r.op.method))];
    if (!methods.length) return reply(404);
    const allow = [...methods, 'OPTIONS'].join(', ');
    if (origin === undefined) return reply(204, { headers: { allow } });
    if (!allowed(origin)) return reply(412);
    return reply(204, {
      origin,
      headers: {
        allow,
        'access-control-allow-methods': allow,
        'access-control-allow-headers': requested ?? 'authorization, content-type',
        'access-control-max-age': '600',
      },
    });
  }

  async function handle(request: Request, transport: Partial<Pick<DeviceRequest, 'tls' | 'contentLength' | 'chunked'>> = {}): Promise<Response> {
    const url = new URL(request.url);
    const header = (name: string) => request.headers.get(name) ?? undefined;
    const declared = header('content-length');
    const chunked = transport.chunked ?? /\bchunked\b/i.test(header('transfer-encoding') ?? '');
    let contentLength = transport.contentLength ?? (declared !== undefined && /^\d+$/.test(declared) ? Number(declared) : undefined);
    const target = `${url.pathname}${url.search}`;
    const tls = transport.tls ?? url.protocol === 'https:';
    let body: Uint8Array | undefined;
    // An oversize or chunked body is refused unread. Otherwise the body's length is what
    // fetch sends as Content-Length for it (a fetch Request does not carry the header).
    if (!chunked && !(contentLength !== undefined && contentLength > maxBodyBytes)) {
      body = request.body ? new Uint8Array(await request.arrayBuffer()) : undefined;
      contentLength ??= body?.length ?? (request.method === 'GET' || request.method === 'HEAD' ? undefined : 0);
    }
    const result = await answer({ method: request.method, target, header, body, tls, contentLength, chunked });
    if (result.drop) return Response.error();
    return new Response(result.body === '' ? null : result.body, {
      status: result.status,
      ...(result.statusText !== undefined ? { statusText: result.statusText } : {}),
      headers: result.headers,
    });
  }

  function seed(key: SeedKey): string {
    const bytes = typeof key?.pubkey === 'string' ? decodeBase64(key.pubkey) : undefined;
    if (!bytes || typeof key.type !== 'string') throw new TypeError('seed: pass { type, pubkey } with pubkey in base64.');
    if (key.descr !== undefined && decodeBase64(key.descr) === undefined) throw new TypeError('seed: descr must be base64.');
    const kid = computeKid(bytes);
    const result = repository.add(recordOf(kid, key.type, encodeBase64(bytes), key as unknown as Record<string, string | undefined>));
    if (result !== 'stored')
      throw new Error(`seed: ${result === 'duplicate' ? `a key with kid ${kid} is already stored` : `the repository is full (capacity ${repository.capacity})`}.`);
    return kid;
  }

  return {
    handle,
    answer,
    admit,
    mintToken: (o) => tokens.mint(o),
    seed,
    keys: repository,
    log,
    faults,
    unsupported: Object.freeze(unsupported),
    options: Object.freeze({ descrMaxBytes, requireTls, maxBodyBytes, origins }),
  };
}

/** The token of a `Bearer` credential; undefined for any other form. */
function bearerToken(authorization: string): string | undefined {
  if (authorization.length < 8 || authorization.slice(0, 7).toLowerCase() !== 'bearer ') return undefined;
  const token = authorization.slice(7).trim();
  return token && !/\s/.test(token) ? token : undefined;
}

function pathOf(target: string): string {
  const q = target.indexOf('?');
  return q < 0 ? target : target.slice(0, q);
}

function queryOf(target: string): string {
  const q = target.indexOf('?');
  return q < 0 ? '' : target.slice(q + 1);
}

function faultRequest(op: OperationSpec, params: Record<string, string>, body: unknown, request: DeviceRequest): FaultRequest {
  return { operation: op.id, params: { ...params }, body, headers: { get: (name) => request.header(name.toLowerCase()) ?? null } };
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
