// @hem/client: the typed client with @hem/validator checking every request before any I/O
// (structure with the zod/mini schemas; public keys with the deep checks, loaded the first
// time a request carries a key), plus key conversion. See ./core for the validator-free build.
import type { ParseOptions } from '@hem/validator/mini';
import { createHemClient as createCore, type HemClient, type HemClientOptions as CoreOptions, type Validator } from './core.js';

export * from './core.js';
export { HemKeyFormatError, MAX_KEY_INPUT, toHemPublicKey, toHemPublicKeyBytes } from './convert.js';
export type { HemKeyErrorCode, HemKeyHint, HemKeyInput, HemPublicKey, JwkLike, KeyObjectLike } from './convert.js';

let checks: Promise<typeof import('./validate.js')> | undefined;
const loadChecks = () => (checks ??= import('./validate.js'));

/**
 * @hem/validator on every operation's parameters, body and success bodies. The checks load
 * with the first call (zod/mini and the schemas), the deep key checks (on the curve, not
 * low-order, ...) with the first request that carries a public key: an app's first bundle
 * holds neither. Deep checks are on unless `deep: false`.
 */
export function hemValidator(options: ParseOptions = {}): Validator {
  const limit = options.descrMaxBytes;
  // A bad option throws here, at creation, not on the first call.
  if (limit !== undefined && !(Number.isInteger(limit) && limit >= 0)) {
    throw new TypeError(`hemValidator: descrMaxBytes must be a whole number of bytes (64 on firmware 1.2.2, 128 on newer), got ${String(limit)}.`);
  }
  return {
    request: async (operation, input) => {
      const { operationEntry, parseRequest } = await loadChecks();
      const result = parseRequest(operation.id, input, options);
      if (!result.ok) return result.issues;
      const entry = operationEntry(operation.id);
      if (options.deep === false || entry.keys.length === 0) return [];
      const { deepCheck, deepIssues } = await import('@hem/validator/deep');
      return deepIssues(entry, result.value.body, deepCheck);
    },
    response: async (operation, status, body) => {
      const result = (await loadChecks()).parseResponse(operation.id, status, body);
      return result.ok ? [] : result.issues;
    },
  };
}

export interface HemClientOptions extends Omit<CoreOptions, 'validate'> {
  /** `true` (default): @hem/validator with deep checks; `false`: none; or your own. */
  validate?: boolean | Validator;
  /** Largest decoded `descr` the device takes: 64 bytes on firmware 1.2.2 (default), 128 on newer. For the built-in validator. */
  descrMaxBytes?: number;
}

/** A client bound to one device; requests are validated before anything is sent. */
export function createHemClient(options: HemClientOptions): HemClient {
  const { descrMaxBytes, ...rest } = options;
  const validate =
    options.validate === false
      ? false
      : options.validate === true || options.validate === undefined
        ? hemValidator(descrMaxBytes === undefined ? {} : { descrMaxBytes })
        : options.validate;
  return createCore({ ...rest, validate });
}
