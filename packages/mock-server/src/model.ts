// The device model: one function from a request to an answer, over a key repository, with
// the device's checks in the device's order. Every front door (node:http and node:https in
// node.ts, MSW in msw.ts, `handle` for any fetch-style server) is a thin adapter around it.
// What each operation needs (method, path, parameters, body, security, scopes, roles, TLS,
// its statuses) is read from the generated operation data; nothing here names one.
import { OPERATIONS, SECURITY_SCHEMES, type OperationSpec } from '@hem/types';
import { OPERATION_SCHEMAS, parseRequest } from '@hem/validator';
import { computeKid, decodeBase64, encodeBase64 } from '@hem/validator/device';
import { FaultQueue, type FaultRequest, type Faults } from './faults.js';
import { refusalStatus } from './refusals.js';
import { MemoryRepository, type KeyRepository, type StoredKeyRecord } from './repository.js';
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
type Effect = (context: { op: OperationSpec; params: Record<string, string>; body: unknown; claims?: TokenClaims }) => Outcome | Promise<Outcome>;

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

/**
 * What a front door may swap for an equal that is faster where it runs: node.ts hashes with
 * node:crypto. Each must give exactly what @hem/validator's functions give.
 */
export interface DeviceCodecs {
  /** The device's kid of the decoded public key (computeKid). */
  kid(bytes: Uint8Array): string;
  /** Standard, padded base64 (encodeBase64). */
  base64(bytes: Uint8Array): string;
}

const WEB_CODECS: DeviceCodecs = { kid: computeKid, base64: encodeBase64 };

/** What the device knows of an operation before any request. */
interface Plan {
  readonly auth: Auth;
  /** It has query or header parameters (path parameters come with the route). */
  readonly readsParams: boolean;
  readonly scopes: readonly ScopeRule[];
  /** Undefined for an operation the mock checks but has no behaviour for (501). */
  readonly effect: Effect | undefined;
}

/** An answer now, or a promise of one where the device must wait (a first token, a delay, a durable write). */
type Pending = DeviceAnswer | Promise<DeviceAnswer>;

/** One request on its way through the checks. */
interface Step {
  readonly request: DeviceRequest;
  readonly op: OperationSpec;
  readonly plan: Plan;
  readonly params: Record<string, string>;
  readonly origin: string | undefined;
  claims?: TokenClaims;
  body?: unknown;
  unreadable?: boolean;
}

interface ReplyExtra {
  /** The body, as JSON text. */
  text?: string;
  headers?: Record<string, string>;
  close?: boolean;
}

/** What an operation did: its status, the body as JSON text, the kid concerned. */
type Outcome = { status: number; text?: string; kid?: string };

const isPromise = <T>(value: T | Promise<T>): value is Promise<T> => value instanceof Promise;

export function createHemDevice(options: HemDeviceOptions = {}): HemDevice {
  return buildHemDevice(options, WEB_CODECS).device;
}

/**
 * The device and, for front doors in this package, `respond`: `answer` without the promise
 * when nothing had to wait. A synchronous throw is a bug of the mock (the door answers 500).
 */
export function buildHemDevice(options: HemDeviceOptions, codecs: DeviceCodecs): { device: HemDevice; respond(request: DeviceRequest): Pending } {
  const now = options.now ?? Date.now;
  const descrMaxBytes = options.descrMaxBytes ?? 64;
  if (!Number.isInteger(descrMaxBytes) || descrMaxBytes < 0)
    throw new TypeError(`createHemDevice: descrMaxBytes must be a whole number of bytes (64 on firmware 1.2.2, 128 on newer), got ${String(descrMaxBytes)}.`);
  const maxBodyBytes = options.maxBodyBytes ?? MAX_BODY_BYTES;
  if (!Number.isInteger(maxBodyBytes) || maxBodyBytes < 1) throw new TypeError(`createHemDevice: maxBodyBytes must be a positive whole number, got ${String(maxBodyBytes)}.`);
  const requireTls = options.requireTls ?? true;
  const origins = options.origins === '*' ? '*' : Object.freeze((options.origins ?? []).map(normalOrigin));
  const allowed = (origin: string) => origins === '*' || origins.includes(origin);
  const repository = options.repository ?? new MemoryRepository(options.capacity);
  const tokens = new TokenAuthority(options.secret, now);
  const operations = OPERATIONS as unknown as Readonly<Record<string, OperationSpec>>;
  const routes = compileRoutes(operations);
  const faults = new FaultQueue(operations);
  const log: AuditEntry[] = [];
  const auditLimit = options.auditLimit ?? 10_000;
  if (!(auditLimit === Infinity || (Number.isInteger(auditLimit) && auditLimit >= 0)))
    throw new TypeError(`createHemDevice: auditLimit must be a whole number of entries (or Infinity), got ${String(auditLimit)}.`);
  const toBase64 = (text: string): string => codecs.base64(decodeBase64(text)!);
  // The validator's own default (the spec's) when none is given: one schema table, not a second one for 64.
  const parseOptions = { deep: false, ...(options.descrMaxBytes === undefined ? {} : { descrMaxBytes }) };

  // Per operation, once: how it authenticates, its scope rules, what it does.
  const plans = new Map<string, Plan>();
  const unsupported: string[] = [];
  for (const op of Object.values(operations)) {
    const auth = authOf(op);
    if (op.body && op.body.kind !== 'json') throw new TypeError(`@hem/mock-server: operation ${op.id} takes a ${op.body.contentType} body; the mock reads JSON bodies only.`);
    const effect = effectOf(op);
    if (!effect) unsupported.push(op.id);
    plans.set(op.id, { auth, readsParams: op.params.some((p) => p.in !== 'path'), scopes: (op.hem?.scopes ?? []).map(compileScope), effect });
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
      return ({ body }) => {
        const fields = body as Record<string, string>;
        const bytes = decodeBase64(fields[kidFrom]!)!;
        const kid = codecs.kid(bytes);
        const result = repository.add(recordOf(kid, fields[typeField]!, codecs.base64(bytes), fields));
        if (result !== 'stored') return { status: 406, kid };
        // The kid is hex: its JSON needs no escaping.
        const stored: Outcome = { status: 200, text: `{"kid":"${kid}"}`, kid };
        // 200 only once the key is durable; a store that is durable already has nothing to wait for.
        if (repository.synced === true) return stored;
        return repository.flush().then(
          () => stored,
          // Not durable: not stored. The spec's 500 says the key may or may not be.
          () => {
            repository.delete(kid);
            return { status: 500, kid };
          },
        );
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
        return { status: 200, text: JSON.stringify(json), kid };
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

  function reply(status: number, origin?: string, extra?: ReplyExtra): DeviceAnswer {
    const headers: Record<string, string> = { 'content-type': JSON_TYPE };
    if (extra?.headers) Object.assign(headers, extra.headers);
    if (origin !== undefined && allowed(origin)) {
      headers['access-control-allow-origin'] = origin;
      headers.vary = 'Origin';
    }
    const close = extra?.close === true;
    if (close) headers.connection = 'close';
    const answer: DeviceAnswer = { status, headers, body: extra?.text ?? '', close, drop: false };
    // The device's 418 has an empty reason phrase.
    if (status === 418) answer.statusText = '';
    return answer;
  }

  const dropped = (op: OperationSpec): DeviceAnswer => ({ status: 0, headers: {}, body: '', close: true, drop: true, operation: op.id });

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
    if (status === undefined) return undefined;
    const answer = reply(status, undefined, { close: true });
    answer.operation = matched.op.id;
    return answer;
  }

  function audit(op: OperationSpec, status: number, claims: TokenClaims | undefined, kid: string | undefined): void {
    const rules = op.hem?.audit;
    if (!rules) return;
    for (const rule of rules) {
      const result = rule.results[status];
      if (result === undefined) continue;
      // Built in the order the entry lists its fields.
      const entry: { -readonly [K in keyof AuditEntry]: AuditEntry[K] } = { time: now(), operation: op.id, event: rule.event } as AuditEntry;
      if (rule.code !== undefined) entry.code = rule.code;
      entry.result = result;
      entry.status = status;
      if (claims) entry.role = roleOf(claims.sub);
      if (kid !== undefined) entry.kid = kid;
      log.push(entry);
    }
    // Trimmed in batches, so a full log costs one splice per tenth of its size.
    if (log.length > auditLimit + Math.max(1, Math.floor(auditLimit / 10))) log.splice(0, log.length - auditLimit);
  }

  function permitted(op: OperationSpec, rules: readonly ScopeRule[], claims: TokenClaims, params: Record<string, string>): boolean {
    const roles = op.hem?.roles;
    if (roles) {
      const role = roleOf(claims.sub);
      if (roles.denied.includes(role)) return false;
      if (roles.allowed.length && !roles.allowed.includes(role)) return false;
    }
    if (!rules.length) return true;
    return rules.some((rule) => {
      const claim = rule.claim(params);
      if (claim === undefined) return false;
      return rule.exact ? claims.scope === claim : claims.scope.startsWith(claim);
    });
  }

  /** Every check's answer goes through here: audited, and marked with its operation. */
  function done(step: Step, status: number, extra?: ReplyExtra, claims?: TokenClaims, kid?: string): DeviceAnswer {
    audit(step.op, status, claims, kid);
    const answer = reply(status, step.origin, extra);
    answer.operation = step.op.id;
    return answer;
  }

  async function answer(request: DeviceRequest): Promise<DeviceAnswer> {
    return respond(request);
  }

  function respond(request: DeviceRequest): Pending {
    const result = decide(request);
    if (!options.onAnswer) return result;
    return isPromise(result) ? result.then((r) => told(request, r)) : told(request, result);
  }

  function told(request: DeviceRequest, result: DeviceAnswer): DeviceAnswer {
    options.onAnswer!({
      ...(result.operation !== undefined ? { operation: result.operation } : {}),
      method: request.method,
      target: request.target,
      status: result.status,
      headers: result.headers,
      body: result.body,
      dropped: result.drop,
    });
    return result;
  }

  // The checks, in the device's order. Each stage answers, or hands the request to the next;
  // only a first token, a fault's delay and a durable write make one wait.
  function decide(request: DeviceRequest): Pending {
    const pathname = pathOf(request.target);
    const origin = request.header('origin');
    if (request.method === 'OPTIONS') return preflight(pathname, origin, request.header('access-control-request-headers'));
    const matched = matchRoute(routes, request.method, pathname);
    if (!matched) return reply(404, origin);
    if (!('op' in matched)) return reply(405, origin, { headers: { allow: [...new Set(matched.allow)].join(', ') } });
    const step: Step = { request, op: matched.op, plan: plans.get(matched.op.id)!, params: matched.params, origin };
    const { op } = step;

    // 411 and 413: from the request line and headers alone.
    const size = sizeStatus(op, request.contentLength, request.chunked);
    if (size !== undefined) return done(step, size, { close: true });
    // 412: an Origin outside the allow-list.
    if (origin !== undefined && !allowed(origin)) return done(step, 412);
    // 401 for a token that is present but invalid (forged, malformed, expired).
    const authorization = step.plan.auth === 'none' ? undefined : request.header('authorization');
    if (authorization === undefined) return received(step);
    const token = bearerToken(authorization);
    if (token === undefined) return done(step, 401);
    const known = tokens.peek(token);
    if (known === undefined) {
      return tokens.verify(token).then((claims) => {
        if (!claims) return done(step, 401);
        step.claims = claims;
        return received(step);
      });
    }
    if (!known) return done(step, 401);
    step.claims = known;
    return received(step);
  }

  /** The parameters and the body, read once: as JSON for the checks, leniently for a fault's match; then the injected faults. */
  function received(step: Step): Pending {
    const { request, op, params } = step;
    if (step.plan.readsParams) readParams(op, params, new URLSearchParams(queryOf(request.target)), request.header);
    if (op.body) {
      if (mediaType(request.header('content-type')) !== op.body.contentType) step.unreadable = true;
      try {
        step.body = JSON.parse(decoder.decode(request.body ?? new Uint8Array()));
      } catch {
        step.unreadable = true;
        step.body = undefined;
      }
    }
    // 409 (busy) and other injected faults: the device's handler starts here.
    const fault = faults.take(op, false, () => faultRequest(step));
    if (!fault) return judged(step);
    const act = (): DeviceAnswer | Pending => {
      if (fault.drop) return dropped(op);
      if (fault.status !== undefined) return done(step, fault.status, undefined, step.claims);
      return judged(step);
    };
    return fault.delayMs ? sleep(fault.delayMs).then(act) : act();
  }

  function judged(step: Step): Pending {
    const { request, op, plan, params, claims } = step;
    // 418: plain HTTP where the spec requires TLS.
    if (op.hem?.tls === 'required' && !request.tls && requireTls) return done(step, 418, undefined, claims);
    // 401 for a missing token.
    if (plan.auth === 'required' && !claims) return done(step, 401);
    // 403: a role the operation refuses, or no scope rule of the spec matches.
    if (claims && !permitted(op, plan.scopes, claims, params)) return done(step, 403, undefined, claims);
    // 400 and 406: what the request says.
    if (step.unreadable) return done(step, 400, undefined, claims);
    const input: { params?: unknown; body?: unknown } = {};
    if (op.params.length) input.params = params;
    if (op.body) input.body = step.body;
    const parsed = parseRequest(op.id, input, parseOptions);
    if (!parsed.ok) {
      const keys = (OPERATION_SCHEMAS as unknown as Record<string, { keys: readonly (readonly [string, string])[] }>)[op.id]?.keys ?? [];
      return done(step, refusalStatus(parsed.issues, keys, step.body), undefined, claims);
    }
    if (!plan.effect) return done(step, 501, undefined, claims);
    const outcome = plan.effect({ op, params, body: parsed.value.body, ...(claims ? { claims } : {}) });
    return isPromise(outcome) ? outcome.then((o) => settled(step, o)) : settled(step, outcome);
  }

  /** After the operation took effect: the late faults (the answer delayed, replaced or lost), then the answer. */
  function settled(step: Step, outcome: Outcome): Pending {
    const { op, claims } = step;
    const final = () => done(step, outcome.status, outcome.text === undefined ? undefined : { text: outcome.text }, claims, outcome.kid);
    if (outcome.status !== 200) return final();
    const late = faults.take(op, true, () => faultRequest(step));
    if (!late) return final();
    const act = (): DeviceAnswer => {
      if (late.drop) {
        audit(op, 200, claims, outcome.kid);
        return dropped(op);
      }
      if (late.status !== undefined) return done(step, late.status, undefined, claims, outcome.kid);
      return final();
    };
    return late.delayMs ? sleep(late.delayMs).then(act) : act();
  }

  function preflight(pathname: string, origin: string | undefined, requested: string | undefined): DeviceAnswer {
    const methods = [...new Set(routes.filter((r) => r.pattern.test(pathname)).map((r) => r.op.method))];
    if (!methods.length) return reply(404);
    const allow = [...methods, 'OPTIONS'].join(', ');
    if (origin === undefined) return reply(204, undefined, { headers: { allow } });
    if (!allowed(origin)) return reply(412);
    return reply(204, origin, {
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
    const kid = codecs.kid(bytes);
    const result = repository.add(recordOf(kid, key.type, codecs.base64(bytes), key as unknown as Record<string, string | undefined>));
    if (result !== 'stored')
      throw new Error(`seed: ${result === 'duplicate' ? `a key with kid ${kid} is already stored` : `the repository is full (capacity ${repository.capacity})`}.`);
    return kid;
  }

  const device: HemDevice = {
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
  return { device, respond };
}

/** A scope rule of the spec, its `<param>` placeholders resolved per request (undefined when one is missing). */
interface ScopeRule {
  claim(params: Record<string, string>): string | undefined;
  exact: boolean;
}

function compileScope(rule: { readonly claim: string; readonly match: 'prefix' | 'exact' }): ScopeRule {
  const exact = rule.match === 'exact';
  if (!rule.claim.includes('<')) return { claim: () => rule.claim, exact };
  return {
    exact,
    claim: (params) => {
      let unresolved = false;
      const claim = rule.claim.replace(/<([^>]+)>/g, (_, name: string) => {
        const value = params[name];
        if (value === undefined) unresolved = true;
        return value ?? '';
      });
      return unresolved ? undefined : claim;
    },
  };
}

/** The media type of a Content-Type value, in lower case, without parameters. */
function mediaType(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const semi = value.indexOf(';');
  return (semi < 0 ? value : value.slice(0, semi)).trim().toLowerCase();
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

function faultRequest(step: Step): FaultRequest {
  const { op, params, body, request } = step;
  return { operation: op.id, params: { ...params }, body, headers: { get: (name) => request.header(name.toLowerCase()) ?? null } };
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
