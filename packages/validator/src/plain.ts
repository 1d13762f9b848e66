// A snapshot of what a caller passed, as plain data, taken once: own enumerable data
// properties only, no getter run, no toJSON, no prototype consulted. What is checked is then
// exactly what is sent (the serialisation of this snapshot), and hostile objects (throwing
// getters, Proxy traps, revoked Proxies, cycles, absurd depth) end as a problem to report,
// never as an exception.

export type Snapshot = { ok: true; value: unknown } | { ok: false; path: (string | number)[]; message: string };

/** How deep and how large a value may be: far beyond any request, far below any harm. */
const MAX_DEPTH = 64;
const MAX_NODES = 100_000;

class NotPlain extends Error {
  constructor(
    readonly path: (string | number)[],
    readonly why: string,
  ) {
    super(why);
  }
}

/** Bytes and files pass as they are (copied where they can change after the check). */
function binary(value: object): unknown {
  if (value instanceof Uint8Array) return new Uint8Array(value);
  if (value instanceof ArrayBuffer) return new Uint8Array(value.slice(0));
  if (typeof Blob !== 'undefined' && value instanceof Blob) return value; // immutable
  return undefined;
}

export function snapshot(input: unknown): Snapshot {
  let nodes = 0;
  // The keys from the root to the value being copied, and the objects on that path (a cycle
  // returns to one of them): one stack each, copied only when a problem is reported.
  const path: (string | number)[] = [];
  const ancestors: object[] = [];
  const fail = (why: string, key?: string | number): never => {
    throw new NotPlain(key === undefined ? path.slice() : [...path, key], why);
  };
  const copy = (value: unknown): unknown => {
    if (++nodes > MAX_NODES) fail(`holds more than ${MAX_NODES} values; send a request, not a data set`);
    if (value === null || typeof value !== 'object') {
      if (typeof value === 'function' || typeof value === 'symbol' || typeof value === 'bigint') fail(`is a ${typeof value}, which JSON cannot carry: pass plain data`);
      return value;
    }
    if (path.length > MAX_DEPTH) fail(`is nested more than ${MAX_DEPTH} levels deep: pass plain data`);
    const bytes = binary(value);
    if (bytes !== undefined) return bytes;
    if (ancestors.includes(value)) fail('refers back to itself: pass plain data without cycles');
    ancestors.push(value);
    let out: unknown[] | Record<string, unknown>;
    if (Array.isArray(value)) {
      const items: unknown[] = (out = []);
      for (let i = 0; i < value.length; i++) {
        const d = Object.getOwnPropertyDescriptor(value, i);
        if (d && !('value' in d)) fail('is a getter: pass plain data', i);
        path.push(i);
        items.push(copy(d?.value));
        path.pop();
      }
    } else {
      const proto = Object.getPrototypeOf(value);
      if (proto !== Object.prototype && proto !== null) {
        const name = (proto?.constructor?.name as string | undefined) ?? 'an object with a custom prototype';
        fail(`is ${/^[A-Za-z_$][\w$]*$/.test(name) ? `a ${name}` : name}, not a plain object: pass plain data`);
      }
      const record: Record<string, unknown> = (out = {});
      for (const key of Object.keys(value)) {
        const d = Object.getOwnPropertyDescriptor(value, key);
        if (!d) continue;
        if (!('value' in d)) fail('is a getter: pass plain data', key);
        if (d.value === undefined) continue; // JSON drops it: absent to the device
        path.push(key);
        const item = copy(d.value);
        path.pop();
        // A data property named __proto__ is an own key here, never the prototype.
        if (key === '__proto__') Object.defineProperty(record, key, { value: item, enumerable: true, writable: true, configurable: true });
        else record[key] = item;
      }
    }
    ancestors.pop();
    return out;
  };
  try {
    return { ok: true, value: copy(input) };
  } catch (error) {
    if (error instanceof NotPlain) return { ok: false, path: error.path, message: error.why };
    // A Proxy trap or a revoked Proxy: reading the value threw (nothing of the thrown value is read).
    return { ok: false, path: [], message: 'could not be read (reading it threw): pass plain data' };
  }
}
