// ts-morph, loaded with require() on first use: it is CommonJS over a 9 MB TypeScript, which
// Node loads several hundred ms faster this way than through the ESM loader (and a run that
// prints no structure never loads it).
import { createRequire } from 'node:module';
import { objectKey } from './escape.js';

type TsMorph = typeof import('ts-morph');
let loaded: TsMorph | undefined;

export const tsMorph = (): TsMorph => (loaded ??= createRequire(import.meta.url)('ts-morph') as TsMorph);

/**
 * A bracketed block of items, one a line, written by ts-morph's CodeBlockWriter: the items
 * (themselves multi-line code, blocks included) are indented one level inside `open` and
 * `close`. Emitters lay code out only through this and ts-morph's structures.
 */
export function block(open: string, items: readonly string[], close: string, { separator = ',', trailing = false } = {}): string {
  if (items.length === 0) return `${open}${close}`;
  const writer = new (tsMorph().CodeBlockWriter)({ indentNumberOfSpaces: 2 });
  writer.write(open);
  writer.indent(() => {
    items.forEach((item, i) => {
      writer.write(item);
      if (i < items.length - 1 || trailing) writer.write(separator);
      writer.newLine();
    });
  });
  return writer.write(close).toString();
}

/**
 * A one-line object literal from [key, code] pairs, keys through escape.ts's objectKey
 * (`__proto__` stays a data key); `{}` when empty. Values are code the caller built.
 */
export function inlineObject(entries: readonly (readonly [string, string])[]): string {
  return entries.length ? `{ ${entries.map(([k, v]) => `${objectKey(k)}: ${v}`).join(', ')} }` : '{}';
}

/** A one-line array literal of code items. */
export const inlineArray = (items: readonly string[]): string => `[${items.join(', ')}]`;
