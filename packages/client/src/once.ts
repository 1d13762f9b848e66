// Retry-safe calls: an operation whose spec says how to read back what it stores
// (x-hem-kid-from, x-hem-read-back). When its answer may hide a success (a 406 that may be a
// duplicate, a 500, a timeout, a lost connection), the read decides, and the request is never
// sent twice. Nothing here names an operation: the spec's data says what to read and compare.
import { decodeBase64 } from '@hem/validator/device';
import { HemApiError, HemNetworkError, HemReadBackError, HemTimeoutError } from './errors.js';
import { type Call, type Once, type OperationSpec, takeInput } from './runtime.js';

/** Failures after which the item may be stored (the spec lists the statuses): the read must decide. */
function mayHideSuccess(error: unknown, statuses: readonly number[]): boolean {
  return error instanceof HemTimeoutError || error instanceof HemNetworkError || (error instanceof HemApiError && statuses.includes(error.status));
}

/** Equal as the device sees it: base64 values by their bytes (either alphabet, padded or not), others as given. */
function same(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'string' || typeof b !== 'string') return false;
  const x = decodeBase64(a);
  const y = decodeBase64(b);
  return x !== undefined && y !== undefined && x.length === y.length && x.every((v, i) => v === y[i]);
}

export function createOnce(call: Call, kidOf: (value: string) => string | Promise<string>): Once {
  return async (op: OperationSpec, read: OperationSpec, input, options = {}) => {
    const rules = op.hem;
    if (!rules?.kidFrom || !rules.readBack) throw new TypeError(`${op.id}: the spec gives no way to read back what it stores (x-hem-kid-from, x-hem-read-back).`);
    // One plain copy: what is sent is what the kid and the comparison are made from.
    const taken = takeInput(op, input);
    const body = taken.body as Record<string, unknown>;
    let first: unknown;
    try {
      const answer = await call<{ kid: string }>(op, taken, options);
      return { kid: answer.kid, outcome: 'imported' };
    } catch (error) {
      if (!mayHideSuccess(error, rules.readBack.statuses)) throw error;
      first = error;
    }
    // The request passed validation (it was sent), so the key reads as base64.
    const kid = await kidOf(body[rules.kidFrom] as string);
    let stored: Record<string, unknown>;
    try {
      stored = await call<Record<string, unknown>>(read, { params: { [rules.readBack.parameter]: kid } }, options.signal ? { signal: options.signal } : {});
    } catch (error) {
      if (error instanceof HemApiError && error.status === 406) {
        throw new HemReadBackError(
          op.id,
          'not_stored',
          kid,
          `${describe(first)}, and the device has no key with kid ${kid}: nothing was stored. The request was not sent again; it is safe to send it once more.`,
          first,
        );
      }
      throw new HemReadBackError(
        op.id,
        'check_failed',
        kid,
        `${describe(first)}, and reading kid ${kid} back failed too (${describe(error)}). Whether the key is stored is unknown: check it with ${read.id} before sending the request again.`,
        first,
      );
    }
    const differ = rules.readBack.compare.filter((field) => !same(body[field], stored[field]));
    if (differ.length) {
      throw new HemReadBackError(
        op.id,
        'key_mismatch',
        kid,
        `${describe(first)}, and the device stores a different key under kid ${kid} (${differ.join(', ')} differ${differ.length === 1 ? 's' : ''}). A kid is the SHA-1 of the key, so a healthy device cannot do this: do not use kid ${kid}, and check the device.`,
        first,
      );
    }
    return { kid, outcome: 'already-present' };
  };
}

function describe(error: unknown): string {
  if (error instanceof HemApiError) return `the device answered ${error.status} (${error.code})`;
  if (error instanceof HemTimeoutError) return `no answer came within ${error.timeoutMs} ms`;
  if (error instanceof HemNetworkError) return 'the connection failed';
  return error instanceof Error ? error.message : String(error);
}
