// @hem/client/core: the client without a bundled validator, for the smallest apps. Pass a
// `validate` function (for example from @hem/validator) to check requests before I/O.
import type { ImportKeyRequest } from '@hem/types';
import type { ValidationIssue } from '@hem/validator';
import { HemResponseError, HemValidationError } from './errors.js';
import { expectedKid } from './kid.js';
import { bindOperations, importKeyOperation } from './operations.gen.js';
import { createCall, type Hooks, type OperationSpec, type RuntimeConfig } from './runtime.js';

export * from './errors.js';
export { OPERATIONS, importKeyOperation } from './operations.gen.js';
export type { CallOptions, OperationSpec, TokenSource } from './runtime.js';
export { DEFAULT_TIMEOUT_MS } from './runtime.js';

/** Checks bodies against the spec; each returns the problems (empty when fine). */
export interface Validator {
  /** Runs before any I/O; a problem stops the request. */
  request(operation: OperationSpec, body: unknown): readonly ValidationIssue[];
  /** Runs on the parsed 200 body. */
  response?(operation: OperationSpec, body: unknown): readonly ValidationIssue[];
}

export interface HemClientOptions extends RuntimeConfig {
  /** Checks requests and responses; `false` (or absent here) checks only the import's kid. */
  validate?: Validator | false;
  /**
   * Computes the kid the device will answer for a base64 key. Default: SHA-1 through
   * WebCrypto. The main entry passes @hem/validator's synchronous one: Node runs WebCrypto
   * digests on its thread pool, which costs a round trip about a third more on loopback.
   */
  computeKid?: (pubkey: string) => string | Promise<string>;
}

export type HemClient = ReturnType<typeof bindOperations>;

/** A client bound to one device. Nothing is sent until an operation is called. */
export function createHemClient(options: HemClientOptions): HemClient {
  const validate = options.validate || undefined;
  const kidOf = options.computeKid ?? expectedKid;
  const hooks: Hooks = {
    async before(op, body) {
      const issues = validate?.request(op, body) ?? [];
      if (issues.length) throw new HemValidationError(op.id, [...issues]);
      // An import's kid is known in advance: it checks the answer and explains a 406. Not
      // awaited here, so an asynchronous digest (WebCrypto) overlaps the request. A pubkey
      // it cannot read (only possible unvalidated) leaves the kid unknown, not the call failed.
      if (op.id !== importKeyOperation.id) return undefined;
      const kid: Promise<string | undefined> = Promise.resolve()
        .then(() => kidOf((body as ImportKeyRequest).pubkey))
        .catch(() => undefined);
      return { kid };
    },
    async after(op, body, context) {
      const issues = validate?.response?.(op, body) ?? [];
      if (issues.length) throw new HemResponseError(op.id, 'malformed_response', `the 200 body is not as the spec says: ${issues.map((i) => i.message).join('; ')}`);
      if (op.id !== importKeyOperation.id) return;
      const kid = (body as { kid?: unknown } | undefined)?.kid;
      if (body === null || typeof body !== 'object' || Array.isArray(body) || typeof kid !== 'string') {
        throw new HemResponseError(op.id, 'malformed_response', 'the 200 body is not an object with a string "kid".');
      }
      const expected = await (context as { kid: Promise<string | undefined> }).kid;
      if (expected !== undefined && kid !== expected) {
        throw new HemResponseError(op.id, 'kid_mismatch', `the device answered kid ${JSON.stringify(kid.slice(0, 64))}, but this key's kid is ${expected}. The key stored may not be the key sent: check the device before using it.`, { expected, received: kid.slice(0, 64) });
      }
    },
    expectedKid: async (context) => (context as { kid?: Promise<string | undefined> } | undefined)?.kid,
  };
  return bindOperations(createCall(options, hooks));
}
