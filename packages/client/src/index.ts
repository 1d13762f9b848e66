// @hem/client: the typed client with @hem/validator checking every request (deep key
// checks on) before any I/O, plus key conversion. See ./core for the validator-free build.
import { computeKid, parseRequest, parseResponse, type ParseOptions } from '@hem/validator';
import { createHemClient as createCore, type HemClient, type HemClientOptions as CoreOptions, type Validator } from './core.js';

export * from './core.js';
export { HemKeyFormatError, toHemPublicKey, toHemPublicKeyBytes } from './convert.js';
export type { HemKeyErrorCode, HemKeyHint, HemKeyInput, HemPublicKey, JwkLike, KeyObjectLike } from './convert.js';

/** @hem/validator on every operation's parameters, body (deep key checks on) and success bodies. */
export function hemValidator(options: ParseOptions = {}): Validator {
  parseRequest('importKey', {}, options); // a bad option throws here, at creation, not on the first call
  return {
    request: (operation, input) => {
      const result = parseRequest(operation.id, input, options);
      return result.ok ? [] : result.issues;
    },
    response: (operation, status, body) => {
      const result = parseResponse(operation.id, status, body);
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
    options.validate === false ? false : options.validate === true || options.validate === undefined ? hemValidator(descrMaxBytes === undefined ? {} : { descrMaxBytes }) : options.validate;
  return createCore({ computeKid, ...rest, validate });
}
