// JSON helpers: pointers (RFC 6901), local $ref resolution, structural equality.
import { isDeepStrictEqual } from 'node:util';

export type Obj = Record<string, unknown>;

export function isObject(value: unknown): value is Obj {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Appends reference tokens to a JSON pointer, escaping `~` and `/`. */
export function child(pointer: string, ...tokens: (string | number)[]): string {
  return tokens.reduce<string>((p, t) => `${p}/${String(t).replaceAll('~', '~0').replaceAll('/', '~1')}`, pointer);
}

/** The value a local pointer (`#/a/b`) names in `doc`, or undefined. */
export function at(doc: unknown, pointer: string): unknown {
  if (!pointer.startsWith('#')) return undefined;
  let node = doc;
  for (const raw of pointer.slice(1).split('/').slice(1)) {
    const token = decodeToken(raw).replaceAll('~1', '/').replaceAll('~0', '~');
    if (Array.isArray(node)) node = node[Number(token)];
    else if (isObject(node)) node = node[token];
    else return undefined;
  }
  return node;
}

/** `%xx` escapes decoded; a malformed one (a URIError) kept as written, so it names nothing. */
function decodeToken(raw: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}

export const equal = (a: unknown, b: unknown): boolean => isDeepStrictEqual(a, b);

/** Short text for a value in a message. */
export function show(value: unknown): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

export function refOf(value: unknown): string | undefined {
  return isObject(value) && typeof value.$ref === 'string' ? value.$ref : undefined;
}
