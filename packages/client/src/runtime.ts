// The hand-written HTTP runtime: one `call` that every generated wrapper goes through. It
// reads everything per operation from the generated data (operations.gen.ts): where each
// parameter goes and how it is serialised, the body's media type, the success statuses,
// the security alternatives and the x-hem rules. Plain fetch, no node: imports.
import { serializeArrayParam, serializeObjectParam, serializePrimitiveParam } from 'openapi-fetch';
import { encodeBase64, snapshot } from '@hem/validator/device';
import type { BodyKind, OperationSpec, ParamSpec, SecuritySchemeSpec } from '@hem/types';
import { HemApiError, HemError, HemNetworkError, HemResponseError, HemTimeoutError, HemValidationError, scrub } from './errors.js';

export type { BodyKind, BodySpec, HemRules, OperationSpec, ParamSpec, ParamStyle, SecuritySchemeSpec } from '@hem/types';

export interface CallOptions {
  /** Aborts the call; the promise rejects with the signal's reason. */
  signal?: AbortSignal;
  /** Overrides the client's timeout for this call. */
  timeoutMs?: number;
}

/** What a wrapper hands the runtime: the named parameters and the body. */
export interface CallInput {
  params?: Readonly<Record<string, unknown>> | undefined;
  body?: unknown;
}

export type Call = <Res>(operation: OperationSpec, input: CallInput, options?: CallOptions) => Promise<Res>;

/** What a retry-safe call says: the kid, and whether this call stored it or it was there already. */
export interface OnceResult {
  kid: string;
  outcome: 'imported' | 'already-present';
}

/** A retry-safe call: `operation`, and on a failure that may hide a success, `read` by the kid. */
export type Once = (operation: OperationSpec, read: OperationSpec, input: CallInput, options?: CallOptions) => Promise<OnceResult>;

/** What the generated wrappers call. */
export interface Runtime {
  call: Call;
  once: Once;
}

/** What a token function is told: which operation, and the scopes the spec accepts for it. */
export interface TokenRequest {
  operationId: string;
  /** Scope claims that allow this call, placeholders filled (e.g. `keymgmt:use:<kid>` with the kid). */
  scopes: { claim: string; match: 'prefix' | 'exact' }[];
}

/** A token, or a function that returns one per call (tokens expire; a HEM token holds one scope). */
export type TokenSource = string | ((request: TokenRequest) => string | Promise<string>);

/** Per-operation checks around the HTTP exchange (validation, the kid of an import). */
export interface Hooks {
  /** Throws to refuse the request before any I/O; returns what `after` needs. */
  before?(operation: OperationSpec, input: CallInput): Promise<unknown> | unknown;
  /** Checks the parsed success body; throws a HemResponseError when it is wrong. */
  after?(operation: OperationSpec, body: unknown, context: unknown, status: number): Promise<void> | void;
  /** Extra detail for an error status (e.g. the expected kid of a refused import). */
  expectedKid?(context: unknown): Promise<string | undefined>;
}

export interface RuntimeConfig {
  baseUrl: string;
  /** The bearer token for the spec's bearer schemes (string, or a function asked per call). */
  token?: TokenSource;
  /** Credentials for other security schemes, by scheme name: an API key, or `user:password` for basic. */
  credentials?: Readonly<Record<string, TokenSource>>;
  fetch?: typeof fetch;
  timeoutMs?: number;
  /** Allow http:// for operations that require TLS, for local testing; the real device answers 418. */
  allowInsecureHttp?: boolean;
  /** The largest answer read, in decoded bytes (default 64 KiB; the device's answers are a few hundred). */
  maxResponseBytes?: number;
}

export const DEFAULT_TIMEOUT_MS = 30_000;
export const DEFAULT_MAX_RESPONSE_BYTES = 64 * 1024;

/** setTimeout's limit; AbortSignal.timeout throws a RangeError beyond it. */
const MAX_TIMEOUT_MS = 2 ** 31 - 1;

function checkTimeout(timeoutMs: number | undefined, where: string): void {
  if (timeoutMs !== undefined && !(Number.isFinite(timeoutMs) && timeoutMs > 0 && timeoutMs <= MAX_TIMEOUT_MS)) {
    throw new TypeError(`${where}: timeoutMs must be a number of milliseconds between 1 and ${MAX_TIMEOUT_MS}, got ${String(timeoutMs)}.`);
  }
}

export function createCall(config: RuntimeConfig, hooks: Hooks, schemes: Readonly<Record<string, SecuritySchemeSpec>>): Call {
  const base = parseBaseUrl(config);
  checkTimeout(config.timeoutMs, 'createHemClient');
  const maxBytes = config.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
  if (!(Number.isInteger(maxBytes) && maxBytes > 0)) throw new TypeError(`createHemClient: maxResponseBytes must be a whole number of bytes above 0, got ${String(maxBytes)}.`);
  const doFetch = config.fetch ?? globalThis.fetch.bind(globalThis);

  return async <Res>(op: OperationSpec, raw: CallInput, options: CallOptions = {}): Promise<Res> => {
    if (base.protocol === 'http:' && op.hem?.tls === 'required' && !config.allowInsecureHttp) throw insecure(op.id, base);
    checkTimeout(options.timeoutMs, op.id);
    // One plain-data copy of what the caller passed: it is what gets checked and what gets
    // sent (no getter runs twice, no toJSON, nothing inherited).
    const input = takeInput(op, raw);
    const context = await hooks.before?.(op, input);
    const params = input.params ?? {};
    const url = new URL(`${expandPath(op, params)}${queryOf(op, params)}`.replace(/^\//, ''), base);
    const headers = new Headers({ accept: acceptOf(op) });
    addParamHeaders(op, params, headers);
    const secrets = await authorize(op, params, config, schemes, url, headers);
    const payload = input.body === undefined ? undefined : encodeBody(op, input.body, headers);

    // One deadline for the whole exchange: the answer's body too, which fetch alone may not abort.
    const timeoutMs = options.timeoutMs ?? config.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    const timeout = AbortSignal.timeout(timeoutMs);
    const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;

    let response: Response;
    try {
      response = await doFetch(url, { method: op.method, headers, ...(payload !== undefined ? { body: payload as BodyInit } : {}), signal, redirect: 'error' });
    } catch (error) {
      throw failure(op, error, options.signal, timeout, timeoutMs, secrets, false);
    }

    const success = successOf(op, response.status);
    if (success === undefined) {
      await response.body?.cancel().catch(() => undefined);
      const known = op.statuses[response.status];
      throw new HemApiError(
        op.id,
        response.status,
        known?.code ?? `http_${response.status}`,
        known?.meaning ?? `The spec lists no status ${response.status} for this operation; the request reached the device.`,
        await hooks.expectedKid?.(context),
        op.hem?.readBack?.statuses.includes(response.status) ?? false,
      );
    }
    let parsed: unknown;
    try {
      parsed = await decode(op, response, success, signal, maxBytes);
    } catch (error) {
      if (error instanceof HemError) throw error;
      throw failure(op, error, options.signal, timeout, timeoutMs, secrets, true);
    }
    try {
      await hooks.after?.(op, parsed, context, response.status);
    } catch (error) {
      throw redacted(error, secrets);
    }
    return parsed as Res;
  };
}

/** The caller's parameters and body as plain data, or the request refused before any I/O. */
export function takeInput(op: OperationSpec, raw: CallInput): CallInput {
  const out: CallInput = {};
  const issues: { path: (string | number)[]; code: string; message: string }[] = [];
  for (const part of ['params', 'body'] as const) {
    let value: unknown;
    try {
      value = raw?.[part];
    } catch {
      value = undefined;
      issues.push({ path: [], code: 'not_plain_data', message: `the ${part === 'params' ? 'parameters' : 'request'} could not be read (reading it threw): pass plain data.` });
      continue;
    }
    if (value === undefined) continue;
    const s = snapshot(value);
    if (s.ok) out[part] = s.value as never;
    else
      issues.push({ path: s.path, code: 'not_plain_data', message: `${s.path.length ? s.path.join('.') : part === 'params' ? 'the parameters' : 'the request'}: ${s.message}.` });
  }
  if (issues.length) throw new HemValidationError(op.id, issues);
  return out;
}

/** A HemResponseError whose text quotes a secret (an echoing server) is rewritten without it. */
function redacted(error: unknown, secrets: readonly string[]): unknown {
  if (!(error instanceof HemResponseError) || !secrets.some((s) => mentions(error.message, s))) return error;
  return new HemResponseError(error.operation, error.code, redactAll(error.message.slice(error.operation.length + 2), secrets));
}

function parseBaseUrl(config: RuntimeConfig): URL {
  let url: URL;
  try {
    url = new URL(config.baseUrl);
  } catch {
    throw new TypeError(
      `createHemClient: baseUrl (${typeof config.baseUrl === 'string' ? `${config.baseUrl.length} characters` : typeof config.baseUrl}) is not a URL; give the device's address, e.g. https://my.ence.do`,
    );
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new TypeError(`createHemClient: baseUrl must be https://, got ${url.protocol}`);
  // Never echoed: a password in a URL ends up in logs and error messages.
  if (url.username || url.password)
    throw new TypeError(`createHemClient: baseUrl for ${url.host} carries a user name or password; pass credentials with the token (or credentials) option, never in the URL.`);
  if (!url.pathname.endsWith('/')) url.pathname += '/';
  return url;
}

/** The error for plain HTTP where the spec requires TLS: the device would answer 418. */
export function insecure(where: string, url: URL): TypeError {
  return new TypeError(
    `${where}: ${url.origin} is plain HTTP, and the device answers this over HTTP with 418 (TLS required). ` +
      'Use https://, or set allowInsecureHttp: true for a local test server.',
  );
}

// --- parameters ------------------------------------------------------------------

function present(value: unknown): boolean {
  return value !== undefined && value !== null;
}

/** A parameter's value as text: JSON for content parameters, else as given. */
function paramValue(p: ParamSpec, value: unknown): unknown {
  return p.contentType ? JSON.stringify(value) : value;
}

/** One parameter in its style (RFC 6570 forms per OpenAPI), through openapi-fetch's serialisers. */
function serialise(p: ParamSpec, value: unknown): string {
  const v = paramValue(p, value);
  const options = { style: p.style, explode: p.explode, allowReserved: p.allowReserved === true };
  if (Array.isArray(v)) return serializeArrayParam(p.name, v, options as never);
  if (typeof v === 'object' && v !== null) {
    // openapi-fetch has no object form for the delimited styles: the spec's table lists the
    // object's keys and values in a row, as an array would be.
    if (p.style === 'spaceDelimited' || p.style === 'pipeDelimited') return serializeArrayParam(p.name, Object.entries(v).flat(), options as never);
    return serializeObjectParam(p.name, v as Record<string, unknown>, options as never);
  }
  if (p.in === 'path' || p.in === 'header') {
    if (p.style === 'label') return `.${encodeURIComponent(String(v))}`;
    if (p.style === 'matrix') return `;${serializePrimitiveParam(p.name, v as string, options)}`;
    return p.in === 'header' ? String(v) : encodeURIComponent(String(v));
  }
  return serializePrimitiveParam(p.name, v as string, options);
}

function missing(op: OperationSpec, params: Readonly<Record<string, unknown>>): void {
  const absent = op.params.filter((p) => p.required && !present(params[p.name])).map((p) => `${p.name} (in ${p.in})`);
  if (absent.length)
    throw new TypeError(
      `${op.id}: required parameter${absent.length > 1 ? 's' : ''} ${absent.join(', ')} missing: pass ${absent.length > 1 ? 'them' : 'it'} in the parameters object.`,
    );
}

function expandPath(op: OperationSpec, params: Readonly<Record<string, unknown>>): string {
  missing(op, params);
  return op.path.replace(/\{([^}]+)\}/g, (_, name: string) => {
    const p = op.params.find((q) => q.in === 'path' && q.name === name);
    return p ? serialise(p, params[name]) : `{${name}}`;
  });
}

function queryOf(op: OperationSpec, params: Readonly<Record<string, unknown>>): string {
  const parts = op.params
    .filter((p) => p.in === 'query' && present(params[p.name]))
    .map((p) => serialise(p, params[p.name]))
    .filter(Boolean);
  return parts.length ? `?${parts.join('&')}` : '';
}

function addParamHeaders(op: OperationSpec, params: Readonly<Record<string, unknown>>, headers: Headers): void {
  const cookies: string[] = [];
  for (const p of op.params) {
    if (!present(params[p.name])) continue;
    if (p.in === 'header') headers.set(p.name, serialise(p, params[p.name]));
    else if (p.in === 'cookie') cookies.push(serialise({ ...p, style: 'form', explode: p.explode }, params[p.name]));
  }
  if (cookies.length) headers.set('cookie', cookies.join('; '));
}

// --- security ----------------------------------------------------------------------

/** Fills `<name>` placeholders of the spec's scope claims with the call's path parameters. */
export function scopesFor(op: OperationSpec, params: Readonly<Record<string, unknown>>): TokenRequest['scopes'] {
  return (op.hem?.scopes ?? []).map((s) => ({ claim: s.claim.replace(/<([^>]+)>/g, (all, name: string) => (present(params[name]) ? String(params[name]) : all)), match: s.match }));
}

/**
 * Applies the first security alternative the configuration can satisfy (an empty
 * alternative means authentication is optional). Returns the secrets sent, for redaction.
 */
async function authorize(
  op: OperationSpec,
  params: Readonly<Record<string, unknown>>,
  config: RuntimeConfig,
  schemes: Readonly<Record<string, SecuritySchemeSpec>>,
  url: URL,
  headers: Headers,
): Promise<string[]> {
  const sourceOf = (name: string): TokenSource | undefined => {
    const s = schemes[name];
    return (
      config.credentials?.[name] ??
      (s?.type === 'http' && s.scheme === 'bearer' ? config.token : s && (s.type === 'oauth2' || s.type === 'openIdConnect') ? config.token : undefined)
    );
  };
  const alternative = op.security.find((req) => req.every((name) => sourceOf(name) !== undefined));
  if (!alternative) {
    if (op.security.length === 0) return [];
    const needs = op.security.map((req) => req.join(' + ')).join(' or ');
    throw new TypeError(`${op.id}: needs credentials for ${needs}: pass token (bearer schemes) or credentials: { <scheme>: ... } to createHemClient.`);
  }
  const secrets: string[] = [];
  const request: TokenRequest = { operationId: op.id, scopes: scopesFor(op, params) };
  for (const name of alternative) {
    const source = sourceOf(name)!;
    const secret = typeof source === 'function' ? await source(request) : source;
    checkSecret(op.id, name, secret, typeof source === 'function');
    secrets.push(secret);
    const s = schemes[name]!;
    if (s.type === 'apiKey') {
      if (s.in === 'query') url.searchParams.set(s.name!, secret);
      else if (s.in === 'cookie') headers.append('cookie', `${s.name}=${encodeURIComponent(secret)}`);
      else headers.set(s.name!, secret);
    } else if (s.type === 'http' && s.scheme === 'basic') {
      headers.set('authorization', `Basic ${encodeBase64(encoder.encode(secret))}`);
    } else {
      headers.set('authorization', `Bearer ${secret}`);
    }
  }
  return secrets;
}

/** A credential fit for a header: a non-empty string with no control characters (CR/LF would split the header). */
function checkSecret(where: string, scheme: string, secret: unknown, fromFunction: boolean): asserts secret is string {
  const origin = fromFunction ? `the ${scheme} credential function returned` : `the ${scheme} credential is`;
  if (typeof secret !== 'string' || secret.trim() === '') {
    throw new TypeError(`${where}: ${origin} ${typeof secret === 'string' ? 'an empty string' : typeof secret}; give a non-empty token string.`);
  }
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what this looks for
  if (/[\x00-\x1f\x7f]/.test(secret)) throw new TypeError(`${where}: ${origin} a string with a line break or another control character; remove it (the token is not shown).`);
}

/** Every form a secret can take in someone else's message: as sent, trimmed, each line of it. */
function forms(secret: string): string[] {
  return [...new Set([secret, secret.trim(), ...secret.split(/\r?\n|\r/).map((l) => l.trim())])].filter((f) => f.length >= 4);
}
const mentions = (text: string, secret: string) => forms(secret).some((f) => text.includes(f));
const redactAll = (text: string, secrets: readonly string[]) =>
  secrets
    .flatMap(forms)
    .sort((a, b) => b.length - a.length)
    .reduce((t, f) => scrub(t, f), text);

// --- bodies ------------------------------------------------------------------------

const encoder = new TextEncoder();

function acceptOf(op: OperationSpec): string {
  const types = [
    ...new Set(
      Object.values(op.responses)
        .filter((r) => r !== null)
        .map((r) => r!.contentType),
    ),
  ];
  return types.length ? types.join(', ') : 'application/json';
}

/**
 * The body as fetch sends it, always of known length (the device refuses chunked bodies
 * with 411): bytes, or FormData, which fetch measures itself.
 */
function encodeBody(op: OperationSpec, body: unknown, headers: Headers): Uint8Array | Blob | FormData | undefined {
  const spec = op.body;
  if (!spec) throw new TypeError(`${op.id}: this operation takes no request body.`);
  const concrete = !/[*]/.test(spec.contentType);
  switch (spec.kind) {
    case 'json':
      headers.set('content-type', spec.contentType);
      return encoder.encode(JSON.stringify(body));
    case 'text':
      headers.set('content-type', spec.contentType);
      return encoder.encode(String(body));
    case 'form':
      headers.set('content-type', spec.contentType);
      return encoder.encode(formFields(op, body));
    case 'multipart':
      // fetch writes the boundary into Content-Type itself.
      return multipart(op, body);
    case 'binary': {
      const type = concrete ? spec.contentType : body instanceof Blob && body.type ? body.type : 'application/octet-stream';
      headers.set('content-type', type);
      if (body instanceof Blob || body instanceof Uint8Array) return body;
      if (body instanceof ArrayBuffer) return new Uint8Array(body);
      if (typeof body === 'string') return encoder.encode(body);
      throw new TypeError(`${op.id}: a ${spec.contentType} body must be a Blob, Uint8Array, ArrayBuffer or string, got ${kindOf(body)}.`);
    }
  }
}

function fields(op: OperationSpec, body: unknown): [string, unknown][] {
  if (body === null || typeof body !== 'object' || Array.isArray(body))
    throw new TypeError(`${op.id}: a ${op.body!.contentType} body must be an object of fields, got ${kindOf(body)}.`);
  return Object.entries(body as Record<string, unknown>).filter(([, v]) => v !== undefined);
}

/** application/x-www-form-urlencoded: each field in its encoding's style (form, exploded, by default). */
function formFields(op: OperationSpec, body: unknown): string {
  return fields(op, body)
    .map(([name, value]) => {
      const e = op.body!.encoding?.[name];
      const p: ParamSpec = {
        name,
        in: 'query',
        required: false,
        style: e?.style ?? 'form',
        explode: e?.explode ?? true,
        ...(e?.contentType && /json/.test(e.contentType) ? { contentType: e.contentType } : {}),
      };
      return serialise(p, value);
    })
    .filter(Boolean)
    .join('&')
    .replaceAll('%20', '+');
}

/** multipart/form-data: files as parts of their type, objects as JSON parts, the rest as text. */
function multipart(op: OperationSpec, body: unknown): FormData {
  const form = new FormData();
  for (const [name, value] of fields(op, body)) {
    const type = op.body!.encoding?.[name]?.contentType;
    for (const item of Array.isArray(value) ? value : [value]) {
      if (item instanceof Blob) form.append(name, item);
      else if (item instanceof Uint8Array) form.append(name, new Blob([item as Uint8Array<ArrayBuffer>], { type: type ?? 'application/octet-stream' }), name);
      else if (typeof item === 'object' && item !== null) form.append(name, new Blob([JSON.stringify(item)], { type: type ?? 'application/json' }));
      else form.append(name, String(item));
    }
  }
  return form;
}

/** The success entry that covers `status`, if it is one. */
function successOf(op: OperationSpec, status: number): { contentType: string; kind: BodyKind } | null | undefined {
  if (Object.hasOwn(op.responses, status)) return op.responses[status];
  const range = `${String(status)[0]}XX`;
  if (Object.hasOwn(op.responses, range)) return op.responses[range];
  // A spec that lists no success response says nothing: any 2xx is success, read by its type.
  if (status >= 200 && status < 300 && !Object.keys(op.responses).some((s) => s.startsWith('2'))) return ANY;
  return undefined;
}

/** The body of a success the spec does not describe: JSON when it says so, else text. */
const ANY = { contentType: '*/*', kind: 'text' as BodyKind };

/**
 * The whole body, read under the call's deadline and a size cap: a body that never ends or
 * inflates without end (the count is of decoded bytes) is cut off, not buffered.
 */
async function readBody(op: OperationSpec, response: Response, signal: AbortSignal, maxBytes: number): Promise<Uint8Array> {
  const length = Number(response.headers.get('content-length'));
  if (length > maxBytes) {
    await response.body?.cancel().catch(() => undefined);
    throw tooLarge(op, maxBytes);
  }
  if (!response.body) return new Uint8Array(0);
  const reader = response.body.getReader();
  const aborted = new Promise<never>((_, reject) => {
    const stop = () => reject(signal.reason ?? new Error('aborted'));
    if (signal.aborted) stop();
    else signal.addEventListener('abort', stop, { once: true });
  });
  aborted.catch(() => undefined);
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    for (;;) {
      const { done, value } = await Promise.race([reader.read(), aborted]);
      if (done) break;
      total += value.byteLength;
      if (total > maxBytes) throw tooLarge(op, maxBytes);
      chunks.push(value);
    }
  } catch (error) {
    await reader.cancel().catch(() => undefined);
    throw error;
  }
  const out = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.byteLength;
  }
  return out;
}

const tooLarge = (op: OperationSpec, maxBytes: number) =>
  new HemResponseError(
    op.id,
    'malformed_response',
    `the answer is over ${maxBytes} bytes (decoded), far more than any answer of this operation; it was cut off. The request reached the device. Raise maxResponseBytes only if the device really answers that much.`,
  );

async function decode(op: OperationSpec, response: Response, spec: { kind: BodyKind } | null, signal: AbortSignal, maxBytes: number): Promise<unknown> {
  if (spec === null || response.status === 204) {
    await response.body?.cancel().catch(() => undefined);
    return undefined;
  }
  const bytes = await readBody(op, response, signal, maxBytes);
  if (spec.kind === 'binary') return bytes;
  const text = new TextDecoder().decode(bytes);
  if (spec.kind !== 'json' && !(spec === ANY && /json/i.test(response.headers.get('content-type') ?? ''))) return text;
  if (text === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    throw new HemResponseError(op.id, 'malformed_response', `the ${response.status} body is not JSON (${text.length} bytes).`);
  }
}

function kindOf(v: unknown): string {
  return v === null ? 'null' : Array.isArray(v) ? 'an array' : `a ${typeof v}`;
}

/** Failures that happen before a request can reach the device: nothing was sent. */
const NOT_SENT =
  /^(ECONNREFUSED|ENOTFOUND|EAI_AGAIN|ENETUNREACH|EHOSTUNREACH|UND_ERR_CONNECT_TIMEOUT|ERR_TLS_CERT_ALTNAME_INVALID|DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN|UNABLE_TO_VERIFY_LEAF_SIGNATURE|UNABLE_TO_GET_ISSUER_CERT(_LOCALLY)?|CERT_\w+|ERR_SSL_\w+)$/;

/**
 * A thrown fetch error, as one of ours: the caller's abort stays the caller's. `answered`:
 * the device's answer had begun, so the request surely reached it.
 */
function failure(op: OperationSpec, error: unknown, userSignal: AbortSignal | undefined, timeout: AbortSignal, timeoutMs: number, secrets: string[], answered: boolean): unknown {
  if (error instanceof HemError) return error;
  if (userSignal?.aborted) return userSignal.reason;
  if (timeout.aborted) return new HemTimeoutError(op.id, timeoutMs);
  let detail = String(error);
  let code: string | undefined;
  try {
    const cause = error instanceof Error ? (error.cause instanceof Error ? error.cause : error) : undefined;
    code = (cause as { code?: unknown } | undefined)?.code as string | undefined;
    detail = cause ? `${cause.message}${typeof code === 'string' ? ` (${code})` : ''}` : detail;
  } catch {
    detail = 'an error that could not be read';
  }
  // fetch refuses the standard's "bad ports" (1, 9, 22, ...) before connecting.
  const refusedByFetch = detail === 'bad port';
  const reached = answered ? 'yes' : refusedByFetch || (typeof code === 'string' && NOT_SENT.test(code)) ? 'no' : 'maybe';
  return new HemNetworkError(op.id, redactAll(detail, secrets), reached);
}
