// The only way spec text reaches generated code: one function per context it can land in.
// A string literal, a JSDoc block, an identifier, a property key. Each is tested with hostile
// text (test/escape.test.ts); emitters never quote, comment or name spec text themselves.
import type { Diagnostics } from './diagnostics.js';
import type { Pointer } from './pointer.js';

// Characters JSON.stringify leaves as they are but that end or break code around a literal:
// U+2028/U+2029 end a line in older parsers and in every comment; `</` ends an inline
// <script>; `*/` ends a comment should the literal ever sit in one. `<` and `/` become
// escapes that mean the same character.
const LITERAL_HAZARDS = /[\u2028\u2029]|<\/|\*\//g;
const LITERAL_ESCAPES: Record<string, string> = { '\u2028': '\\u2028', '\u2029': '\\u2029', '</': '<\\/', '*/': '*\\/' };

/** A double-quoted string literal holding exactly `text`, safe anywhere an expression or type goes. */
export function stringLiteral(text: string): string {
  return JSON.stringify(String(text)).replace(LITERAL_HAZARDS, (m) => LITERAL_ESCAPES[m]!);
}

/** A JS literal for JSON data (the spec's enums, examples, defaults): strings through stringLiteral, keys through objectKey. */
export function dataLiteral(value: unknown): string {
  if (typeof value === 'string') return stringLiteral(value);
  if (Array.isArray(value)) return `[${value.map(dataLiteral).join(', ')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value).filter(([, v]) => v !== undefined);
    // Keys quoted as JSON has them; `__proto__` computed so it stays a data key.
    const key = (k: string) => (k === '__proto__' ? objectKey(k) : stringLiteral(k));
    return entries.length ? `{ ${entries.map(([k, v]) => `${key(k)}: ${dataLiteral(v)}`).join(', ')} }` : '{}';
  }
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : 'null';
  if (typeof value === 'boolean' || value === null) return String(value);
  return 'undefined';
}

/** Every line break JavaScript or a JSDoc reader knows, as `\n`. */
const BREAKS = /\r\n|[\r\n\u2028\u2029\u0085]/g;

/**
 * Spec prose as the lines of a JSDoc block: breaks normalised, `*\/` broken so it cannot end
 * the comment, and `@` at a line's start escaped (TSDoc's `\@`) so prose never becomes a tag.
 */
export function docLines(text: string): string[] {
  return text
    .replace(BREAKS, '\n')
    .replaceAll('*/', '*\\/')
    .trim()
    .split('\n')
    .map((line) => line.trimEnd().replace(/^(\s*)@/, '$1\\@'));
}

/** Spec text inside a JSDoc tag's value (`@default …`): one line, `*\/` broken. */
export function docTagValue(text: string): string {
  return text.replace(BREAKS, ' ').replaceAll('*/', '*\\/').trim();
}

// Words an identifier may not be (ECMAScript reserved words, strict-mode and TypeScript
// type keywords), and the globals generated code refers to: a declaration of that name would
// shadow the global and break code that uses it (a schema `Record` breaks every
// `Record<string, unknown>`).
const RESERVED = new Set(
  (
    'break case catch class const continue debugger default delete do else enum export extends false finally for function if import in ' +
    'instanceof new null return super switch this throw true try typeof var void while with implements interface let package private ' +
    'protected public static yield await arguments eval as any bigint boolean declare get infer is keyof module namespace never number ' +
    'object readonly require set string symbol type undefined unique unknown satisfies from of'
  ).split(' '),
);
export const GLOBALS = new Set(
  (
    'Record Partial Required Readonly Pick Omit NonNullable Exclude Extract Promise RegExp Number String Object Array Boolean Symbol ' +
    'Error TypeError RangeError Map Set WeakMap WeakSet Date JSON Math BigInt Function Infinity NaN globalThis Blob Uint8Array ArrayBuffer ' +
    'Response Request Headers URL URLSearchParams FormData ReadonlyArray PropertyKey z limits'
  ).split(' '),
);

/**
 * A valid TypeScript identifier for `name` (already cased by names.ts): characters that
 * cannot be in one become `_`, a leading digit gets `_`, and a reserved word or a global the
 * generated code uses gets a leading `_`, with a warning at `pointer` when `diags` is given.
 */
export function identifier(name: string, diags?: Diagnostics, pointer: Pointer = '#'): string {
  let id = name.replace(/[^\p{ID_Continue}$\u200c\u200d]/gu, '_');
  if (id === '' || !/^[\p{ID_Start}$_]/u.test(id)) id = `_${id}`;
  if (RESERVED.has(id) || GLOBALS.has(id)) {
    diags?.warn(pointer, `the name "${id}" is a reserved word or a global the generated code uses: it is emitted as "_${id}"; rename it in the spec to choose another.`);
    id = `_${id}`;
  }
  return id;
}

const PLAIN_KEY = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** A key in a type literal or interface: bare when a plain identifier, quoted otherwise (`"__proto__"` is a plain member in a type). */
export function typeKey(name: string): string {
  return PLAIN_KEY.test(name) && name !== '__proto__' ? name : stringLiteral(name);
}

/**
 * A key in an object literal (runtime data): bare when a plain identifier, quoted otherwise;
 * `__proto__` computed (`["__proto__"]`): as a bare or quoted key it would set the
 * prototype instead of making a property.
 */
export function objectKey(name: string): string {
  if (name === '__proto__') return `[${stringLiteral(name)}]`;
  return PLAIN_KEY.test(name) ? name : stringLiteral(name);
}

/** A line comment holding `text` (the header's source name): every break becomes a space. */
export function lineComment(text: string): string {
  return `// ${text.replace(BREAKS, ' ')}`;
}
