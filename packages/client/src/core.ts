// @hem/client/core: the client without a bundled validator, for the smallest apps. Pass a
// `validate` (for example from @hem/validator) to check requests before I/O. Nothing here
// names an operation: what each one needs is read from the generated data.
import type { ValidationIssue } from '@hem/validator';
import { HemResponseError, HemValidationError } from './errors.js';
import { computeKidAsync } from '@hem/validator/device';
import { OPERATIONS, SECURITY_SCHEMES, type OperationSpec } from '@hem/types';
import { bindOperations } from './operations.gen.js';
import { createOnce } from './once.js';
import { createCall, insecure, type CallInput, type Hooks, type RuntimeConfig } from './runtime.js';

export * from './errors.js';
// The operation tables live in @hem/types; re-exported so existing imports keep working.
export { OPERATIONS, SECURITY_SCHEMES } from '@hem/types';
export * from './operations.gen.js';
export type { BodySpec, CallInput, CallOptions, HemRules, OnceResult, OperationSpec, ParamSpec, SecuritySchemeSpec, TokenRequest, TokenSource } from './runtime.js';
export { DEFAULT_TIMEOUT_MS, scopesFor } from './runtime.js';

/** Checks what is sent and received against the spec; each returns the problems (empty when fine). */
export interface Validator {
  /** Runs before any I/O on the parameters and the body; a problem stops the request. */
  request(operation: OperationSpec, input: CallInput): readonly ValidationIssue[] | Promise<readonly ValidationIssue[]>;
  /** Runs on the parsed success body. */
  response?(operation: OperationSpec, status: number, body: unknown): readonly ValidationIssue[] | Promise<readonly ValidationIssue[]>;
}

export interface HemClientOptions extends RuntimeConfig {
  /** Checks requests and responses; `false` (or absent here) checks only what the spec's kid rule says. */
  validate?: Validator | false;
  /**
   * Computes the kid the device will answer for a base64 key. Default: SHA-1 through
   * WebCrypto (@hem/validator's computeKidAsync); pass @hem/validator's synchronous
   * computeKid to skip Node's thread-pool round trip for each digest.
   */
  computeKid?: (pubkey: string) => string | Promise<string>;
}

export type HemClient = ReturnType<typeof bindOperations>;

/** A client bound to one device. Nothing is sent until an operation is called. */
export function createHemClient(options: HemClientOptions): HemClient {
  const validate = options.validate || undefined;
  const kidOf = options.computeKid ?? computeKidAsync;
  if (!options.allowInsecureHttp && /^http:/i.test(String(options.baseUrl)) && Object.values<OperationSpec>(OPERATIONS).some((op) => op.hem?.tls === 'required')) {
    throw insecure('createHemClient: baseUrl', new URL(options.baseUrl));
  }
  const hooks: Hooks = {
    async before(op, input) {
      const issues = (await validate?.request(op, input)) ?? [];
      if (issues.length) throw new HemValidationError(op.id, [...issues]);
      // The spec's kid rule (x-hem-kid-from): the answer's kid is the SHA-1 prefix of that
      // body property. Known in advance, it checks the answer and explains a 406. Not awaited
      // here, so an asynchronous digest (WebCrypto) overlaps the request. A key it cannot
      // read (only possible unvalidated) leaves the kid unknown, not the call failed.
      const from = op.hem?.kidFrom;
      if (!from) return undefined;
      const kid: Promise<string | undefined> = Promise.resolve()
        .then(() => kidOf((input.body as Record<string, string>)[from]!))
        .catch(() => undefined);
      return { kid };
    },
    async after(op, body, context, status) {
      const issues = (await validate?.response?.(op, status, body)) ?? [];
      if (issues.length) throw new HemResponseError(op.id, 'malformed_response', `the ${status} body is not as the spec says: ${issues.map((i) => i.message).join('; ')}`);
      if (!op.hem?.kidFrom) return;
      const kid = (body as { kid?: unknown } | undefined)?.kid;
      if (body === null || typeof body !== 'object' || Array.isArray(body) || typeof kid !== 'string') {
        throw new HemResponseError(op.id, 'malformed_response', `the ${status} body is not an object with a string "kid".`);
      }
      const expected = await (context as { kid: Promise<string | undefined> }).kid;
      if (expected !== undefined && kid !== expected) {
        // Only a well-formed kid is quoted: a server may echo anything, even the token.
        const wellFormed = /^[0-9a-f]{32}$/.test(kid);
        const answered = wellFormed ? `kid ${kid}` : `a malformed kid (${kid.length} characters)`;
        throw new HemResponseError(
          op.id,
          'kid_mismatch',
          `the device answered ${answered}, but this key's kid is ${expected}. The key stored may not be the key sent: check the device before using it.`,
          { expected, ...(wellFormed ? { received: kid } : {}) },
        );
      }
    },
    expectedKid: async (context) => (context as { kid?: Promise<string | undefined> } | undefined)?.kid,
  };
  const call = createCall(options, hooks, SECURITY_SCHEMES);
  return bindOperations({ call, once: createOnce(call, kidOf) });
}
