// Error classes of the client. None of them ever holds the bearer token: they are built
// from the operation, the status and the spec's words, and foreign messages are scrubbed.
import type { ValidationIssue } from '@hem/validator';
import { brand, hasBrand } from './brand.js';

const inspect = Symbol.for('nodejs.util.inspect.custom');

/** The base of every error the client throws. */
export abstract class HemError extends Error {
  static {
    brand(this, 'HemError');
  }
  /** True for errors of this class from any copy of @hem/client (CJS or ESM build). */
  static [Symbol.hasInstance](value: unknown): boolean {
    return hasBrand(this, value);
  }
  abstract readonly code: string;
  /** The operationId of the call that failed. */
  readonly operation: string;
  constructor(operation: string, message: string, options?: ErrorOptions) {
    super(message, options);
    this.operation = operation;
  }
  /** A plain, loggable form (no stack, no cause object). */
  toJSON(): Record<string, unknown> {
    const out: Record<string, unknown> = { name: this.name, message: this.message };
    for (const [key, value] of Object.entries(this)) if (key !== 'cause') out[key] = value;
    return out;
  }
  [inspect](): string {
    return `${this.stack ?? `${this.name}: ${this.message}`}\n${JSON.stringify(this.toJSON(), null, 2)}`;
  }
}

/** The device answered with an error status. */
export class HemApiError<S extends number = number> extends HemError {
  static {
    brand(this, 'HemApiError');
  }
  override readonly name = 'HemApiError';
  readonly status: S;
  /** Stable code of the status, from the spec (e.g. `key_rejected` for 406). */
  readonly code: string;
  /** What the status means on this operation, from the spec. */
  readonly meaning: string;
  /** For an import: the kid the key would have, so whether it is stored can be checked. */
  readonly expectedKid?: string;
  /**
   * @param mayBeStored the spec lists this status as one after which the key may be stored
   *   anyway (x-hem-read-back: a duplicate, or a failure after the write).
   */
  constructor(operation: string, status: S, code: string, meaning: string, expectedKid?: string, mayBeStored = false) {
    const hint = expectedKid && mayBeStored ? ` The key may already be stored under kid ${expectedKid}: read it back before importing again (importKeyOnce does this).` : '';
    super(operation, `${operation} failed with ${status} (${code}): ${meaning}${hint}`);
    this.status = status;
    this.code = code;
    this.meaning = meaning;
    if (expectedKid) this.expectedKid = expectedKid;
  }
}

/** The request was refused before any I/O: it would not be accepted by the device. */
export class HemValidationError extends HemError {
  static {
    brand(this, 'HemValidationError');
  }
  override readonly name = 'HemValidationError';
  readonly code = 'invalid_request';
  readonly issues: ValidationIssue[];
  constructor(operation: string, issues: ValidationIssue[]) {
    super(operation, `${operation}: the request was not sent, it has ${issues.length} problem(s):\n${issues.map((i) => `- ${i.message}`).join('\n')}`);
    this.issues = issues;
  }
}

/** The device did not answer within the timeout. */
export class HemTimeoutError extends HemError {
  static {
    brand(this, 'HemTimeoutError');
  }
  override readonly name = 'HemTimeoutError';
  readonly code = 'timeout';
  readonly timeoutMs: number;
  constructor(operation: string, timeoutMs: number) {
    super(operation, `${operation}: no answer within ${timeoutMs} ms. The import may still have happened: check for the key's kid before trying again.`);
    this.timeoutMs = timeoutMs;
  }
}

/**
 * The exchange failed on the network: before the request left (DNS, refused connection, TLS),
 * or after (a reset, an answer cut short), when the device may have acted on it.
 */
export class HemNetworkError extends HemError {
  static {
    brand(this, 'HemNetworkError');
  }
  override readonly name = 'HemNetworkError';
  readonly code = 'network';
  /** Whether the request reached the device: `no` (nothing was sent), `maybe`, or `yes` (it answered). */
  readonly reachedDevice: 'no' | 'maybe' | 'yes';
  constructor(operation: string, detail: string, reachedDevice: 'no' | 'maybe' | 'yes' = 'no', options?: ErrorOptions) {
    const what =
      reachedDevice === 'no'
        ? `could not reach the device: ${detail}. Check the URL, the network and the device's certificate.`
        : reachedDevice === 'yes'
          ? `the device's answer broke off: ${detail}. The request reached the device and may have taken effect: check before sending it again.`
          : `the connection failed: ${detail}. The request may have reached the device and taken effect: check before sending it again.`;
    super(operation, `${operation}: ${what}`, options);
    this.reachedDevice = reachedDevice;
  }
}

/** The device answered 200 but not as the spec says (malformed body, or a kid that is not the key's). */
export class HemResponseError extends HemError {
  static {
    brand(this, 'HemResponseError');
  }
  override readonly name = 'HemResponseError';
  readonly code: 'malformed_response' | 'kid_mismatch';
  readonly expectedKid?: string;
  readonly receivedKid?: string;
  constructor(operation: string, code: 'malformed_response' | 'kid_mismatch', detail: string, kids: { expected?: string; received?: string } = {}) {
    super(operation, `${operation}: ${detail}`);
    this.code = code;
    if (kids.expected) this.expectedKid = kids.expected;
    if (kids.received) this.receivedKid = kids.received;
  }
}

/**
 * A retry-safe call (such as importKeyOnce) could not confirm the outcome: the first answer
 * may have hidden a success, and the read-back said otherwise. `cause` is the first failure.
 */
export class HemReadBackError extends HemError {
  static {
    brand(this, 'HemReadBackError');
  }
  override readonly name = 'HemReadBackError';
  /**
   * `not_stored`: the item is not on the device (safe to send again); `key_mismatch`: another
   * item is stored under its kid (a broken device); `check_failed`: the read failed, the outcome is unknown.
   */
  readonly code: 'not_stored' | 'key_mismatch' | 'check_failed';
  readonly kid: string;
  constructor(operation: string, code: HemReadBackError['code'], kid: string, detail: string, cause: unknown) {
    super(operation, `${operation}: ${detail}`, { cause });
    this.code = code;
    this.kid = kid;
  }
}

/** Narrows an unknown error to a HemApiError (from any copy of this package), optionally of one status. */
export function isHemApiError<S extends number>(error: unknown, status?: S): error is HemApiError<S> {
  return error instanceof HemApiError && (status === undefined || error.status === status);
}

/** Replaces every occurrence of `secret` in `text`; used on messages the client did not write. */
export function scrub(text: string, secret: string | undefined): string {
  return secret && secret.length >= 4 ? text.split(secret).join('[redacted]') : text;
}
