// The device model's public shapes: its options, the request and answer the front doors
// exchange with it, the audit log, and the device handle itself.
import type { Faults } from './faults.js';
import type { KeyRepository } from './repository.js';
import type { MintTokenOptions } from './tokens.js';

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
  readonly options: Readonly<Required<Pick<HemDeviceOptions, 'descrMaxBytes' | 'requireTls' | 'maxBodyBytes'>> & { origins: readonly string[] | '*' }>;
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
