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

/** Where the copy is: the keys from the root, the objects on that path (a cycle returns to one of them), the values seen. */
interface Walk {
  nodes: number;
  path: (string | number)[];
  ancestors: object[];
}

export function snapshot(input: unknown): Snapshot {
  // Module-level functions over one small state, and primitives copied without a call of
  // their own: this runs on every request.
  const walk: Walk = { nodes: 0, path: [], ancestors: [] };
  try {
    return { ok: true, value: copy(input, walk, undefined) };
  } catch (error) {
    if (error instanceof NotPlain) return { ok: false, path: error.path, message: error.why };
    // A Proxy trap or a revoked Proxy: reading the value threw (nothing of the thrown value is read).
    return { ok: false, path: [], message: 'could not be read (reading it threw): pass plain data' };
  }
}

/** A problem at the current path, or at its child `key`; the path is copied only here. */
function fail(walk: Walk, why: string, key?: string | number): never {
  throw new NotPlain(key === undefined ? walk.path.slice() : [...walk.path, key], why);
}

/** The copy of `value`, found at `key` below the current path (undefined: the root). */
function copy(value: unknown, walk: Walk, key: string | number | undefined): unknown {
  if (++walk.nodes > MAX_NODES) fail(walk, `holds more than ${MAX_NODES} values; send a request, not a data set`, key);
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'function' || typeof value === 'symbol' || typeof value === 'bigint') fail(walk, `is a ${typeof value}, which JSON cannot carry: pass plain data`, key);
    return value;
  }
  if (key === undefined) return copyObject(value, walk);
  walk.path.push(key);
  const out = copyObject(value, walk);
  walk.path.pop();
  return out;
}

function copyObject(value: object, walk: Walk): unknown {
  if (walk.path.length > MAX_DEPTH) fail(walk, `is nested more than ${MAX_DEPTH} levels deep: pass plain data`);
  const bytes = binary(value);
  if (bytes !== undefined) return bytes;
  if (walk.ancestors.includes(value)) fail(walk, 'refers back to itself: pass plain data without cycles');
  walk.ancestors.push(value);
  let out: unknown[] | Record<string, unknown>;
  if (Array.isArray(value)) {
    const items: unknown[] = [];
    out = items;
    for (let i = 0; i < value.length; i++) {
      const d = Object.getOwnPropertyDescriptor(value, i);
      if (d && !('value' in d)) fail(walk, 'is a getter: pass plain data', i);
      items.push(copy(d?.value, walk, i));
    }
  } else {
    const proto = Object.getPrototypeOf(value);
    if (proto !== Object.prototype && proto !== null) {
      const name = (proto?.constructor?.name as string | undefined) ?? 'an object with a custom prototype';
      fail(walk, `is ${/^[A-Za-z_$][\w$]*$/.test(name) ? `a ${name}` : name}, not a plain object: pass plain data`);
    }
    const record: Record<string, unknown> = {};
    out = record;
    const keys = Object.keys(value);
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i]!;
      const d = Object.getOwnPropertyDescriptor(value, key);
      if (!d) continue;
      if (!('value' in d)) fail(walk, 'is a getter: pass plain data', key);
      if (d.value === undefined) continue; // JSON drops it: absent to the device
      const item = copy(d.value, walk, key);
      // A data property named __proto__ is an own key here, never the prototype.
      if (key === '__proto__') Object.defineProperty(record, key, { value: item, enumerable: true, writable: true, configurable: true });
      else record[key] = item;
    }
  }
  walk.ancestors.pop();
  return out;
}
