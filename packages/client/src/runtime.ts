// The hand-written HTTP runtime: one `call` that every generated wrapper goes through.
// Size-budgeted: plain fetch, no dependencies, no node: imports.
import { HemApiError, HemError, HemNetworkError, HemResponseError, HemTimeoutError, scrub } from './errors.js';

/** What the generator emits for each operation (see operations.gen.ts). */
export interface OperationSpec {
  readonly id: string;
  readonly method: string;
  readonly path: string;
  readonly contentType: string | null;
  readonly okStatus: number;
  readonly tls: 'required' | 'optional';
  readonly scope: { readonly claim: string; readonly match: 'prefix' | 'exact' } | null;
  readonly roles: { readonly allowed: readonly string[]; readonly denied: readonly string[] } | null;
  readonly statuses: Readonly<Record<number, { readonly code: string; readonly meaning: string }>>;
}

export interface CallOptions {
  /** Aborts the call; the promise rejects with the signal's reason. */
  signal?: AbortSignal;
  /** Overrides the client's timeout for this call. */
  timeoutMs?: number;
}

export type Call = <Res>(operation: OperationSpec, body: unknown, options?: CallOptions) => Promise<Res>;

/** A token, or a function that returns one (for tokens that expire and get refreshed). */
export type TokenSource = string | (() => string | Promise<string>);

/** Per-operation checks around the HTTP exchange (validation, the kid of an import). */
export interface Hooks {
  /** Throws to refuse the request before any I/O; returns what `after` needs. */
  before?(operation: OperationSpec, body: unknown): Promise<unknown> | unknown;
  /** Checks the parsed 200 body; throws a HemResponseError when it is wrong. */
  after?(operation: OperationSpec, body: unknown, context: unknown): Promise<void> | void;
  /** Extra detail for an error status (e.g. the expected kid of a refused import). */
  expectedKid?(context: unknown): Promise<string | undefined>;
}

export interface RuntimeConfig {
  baseUrl: string;
  token: TokenSource;
  fetch?: typeof fetch;
  timeoutMs?: number;
  /** Allow http:// base URLs for local testing; the real device answers them with 418. */
  allowInsecureHttp?: boolean;
}

export const DEFAULT_TIMEOUT_MS = 30_000;

/** setTimeout's limit; AbortSignal.timeout throws a RangeError beyond it. */
const MAX_TIMEOUT_MS = 2 ** 31 - 1;

function checkTimeout(timeoutMs: number | undefined, where: string): void {
  if (timeoutMs !== undefined && !(Number.isFinite(timeoutMs) && timeoutMs > 0 && timeoutMs <= MAX_TIMEOUT_MS)) {
    throw new TypeError(`${where}: timeoutMs must be a number of milliseconds between 1 and ${MAX_TIMEOUT_MS}, got ${String(timeoutMs)}.`);
  }
}

export function createCall(config: RuntimeConfig, hooks: Hooks): Call {
  const base = parseBaseUrl(config);
  checkTimeout(config.timeoutMs, 'createHemClient');
  const doFetch = config.fetch ?? globalThis.fetch.bind(globalThis);

  return async <Res>(op: OperationSpec, body: unknown, options: CallOptions = {}): Promise<Res> => {
    const context = await hooks.before?.(op, body);
    const token = typeof config.token === 'function' ? await config.token() : config.token;
    // Bytes of known length, so fetch sends Content-Length itself (it may not be set by
    // hand: browsers forbid it and Node's fetch rejects it). The device refuses chunked
    // bodies with 411.
    const payload = body === undefined ? undefined : new TextEncoder().encode(JSON.stringify(body));
    checkTimeout(options.timeoutMs, op.id);
    const timeoutMs = options.timeoutMs ?? config.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    const timeout = AbortSignal.timeout(timeoutMs);
    const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;

    let response: Response;
    try {
      response = await doFetch(new URL(op.path.replace(/^\//, ''), base), {
        method: op.method,
        headers: {
          authorization: `Bearer ${token}`,
          accept: 'application/json',
          ...(payload ? { 'content-type': op.contentType ?? 'application/json' } : {}),
        },
        ...(payload ? { body: payload } : {}),
        signal,
        redirect: 'error',
      });
    } catch (error) {
      throw failure(op, error, options.signal, timeout, timeoutMs, token);
    }

    if (response.status !== op.okStatus) {
      await response.body?.cancel().catch(() => undefined);
      const known = op.statuses[response.status];
      throw new HemApiError(
        op.id,
        response.status,
        known?.code ?? `http_${response.status}`,
        known?.meaning ?? `The spec lists no status ${response.status} for this operation.`,
        await hooks.expectedKid?.(context),
      );
    }
    let text: string;
    try {
      text = await response.text();
    } catch (error) {
      throw failure(op, error, options.signal, timeout, timeoutMs, token);
    }
    let parsed: unknown;
    try {
      parsed = text === '' ? undefined : JSON.parse(text);
    } catch {
      throw new HemResponseError(op.id, 'malformed_response', `the ${response.status} body is not JSON (${text.length} bytes).`);
    }
    await hooks.after?.(op, parsed, context);
    return parsed as Res;
  };
}

function parseBaseUrl(config: RuntimeConfig): URL {
  let url: URL;
  try {
    url = new URL(config.baseUrl);
  } catch {
    throw new TypeError(`createHemClient: baseUrl ${JSON.stringify(config.baseUrl)} is not a URL; give the device's address, e.g. https://my.ence.do`);
  }
  if (url.protocol === 'http:' && !config.allowInsecureHttp) {
    throw new TypeError(
      `createHemClient: baseUrl ${url.origin} is plain HTTP, and the device answers key management over HTTP with 418 (TLS required). ` +
        'Use https://, or set allowInsecureHttp: true for a local test server.',
    );
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new TypeError(`createHemClient: baseUrl must be https://, got ${url.protocol}`);
  if (!url.pathname.endsWith('/')) url.pathname += '/';
  return url;
}

/** A thrown fetch error, as one of ours: the caller's abort stays the caller's. */
function failure(op: OperationSpec, error: unknown, userSignal: AbortSignal | undefined, timeout: AbortSignal, timeoutMs: number, token: string): unknown {
  if (error instanceof HemError) return error;
  if (userSignal?.aborted) return userSignal.reason;
  if (timeout.aborted) return new HemTimeoutError(op.id, timeoutMs);
  const cause = error instanceof Error ? (error.cause instanceof Error ? error.cause : error) : undefined;
  const detail = scrub(cause ? `${cause.message}${(cause as { code?: string }).code ? ` (${(cause as { code?: string }).code})` : ''}` : String(error), token);
  return new HemNetworkError(op.id, detail);
}
