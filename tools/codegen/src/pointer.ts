// JSON pointers (RFC 6901) in their URI-fragment form, `#/components/schemas/Kid`: the only
// place that escapes or unescapes a reference token.

/** A JSON pointer into the bundled document, e.g. `#/components/schemas/Kid`. */
export type Pointer = string;

/** `~` → `~0`, `/` → `~1`. */
export const escapeToken = (token: string | number): string => String(token).replaceAll('~', '~0').replaceAll('/', '~1');

/** The reverse of escapeToken; `%xx` escapes (legal in a URI fragment) are decoded first. */
export function unescapeToken(token: string): string {
  let text = token;
  if (text.includes('%')) {
    try {
      text = decodeURIComponent(text);
    } catch {
      // not percent-encoded after all: keep it as written
    }
  }
  return text.replaceAll('~1', '/').replaceAll('~0', '~');
}

/** Appends reference tokens to a pointer. */
export function child(pointer: Pointer, ...tokens: (string | number)[]): Pointer {
  return tokens.reduce<string>((at, token) => `${at}/${escapeToken(token)}`, pointer);
}

/** The unescaped tokens of a local pointer (`#/a/b` → ['a', 'b']); undefined when it is not local. */
export function tokens(pointer: Pointer): string[] | undefined {
  if (pointer === '#' || pointer === '#/') return [];
  if (!pointer.startsWith('#/')) return undefined;
  return pointer.slice(2).split('/').map(unescapeToken);
}

/** The last token of a pointer, unescaped. */
export const lastToken = (pointer: Pointer): string => unescapeToken(pointer.slice(pointer.lastIndexOf('/') + 1));

/** Reads the value a local pointer names in `doc`; undefined when nothing is there. */
export function get(doc: unknown, pointer: Pointer): unknown {
  const path = tokens(pointer);
  if (!path) return undefined;
  let node: unknown = doc;
  for (const token of path) {
    if (node === null || typeof node !== 'object' || !Object.hasOwn(node, token)) return undefined;
    node = (node as Record<string, unknown>)[token];
  }
  return node;
}
