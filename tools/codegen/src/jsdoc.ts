// Shared helpers for emitted documentation and literals.
import type { JSDocStructure, OptionalKind } from 'ts-morph';

/** Escapes text for a JSDoc block: a literal `*\/` would end the comment. */
export function escapeDoc(text: string): string {
  return text.replaceAll('*/', '*\\/').trim();
}

/** JSDoc structures from optional texts; nothing when every text is empty. */
export function docs(...texts: (string | undefined)[]): OptionalKind<JSDocStructure>[] {
  const body = texts.filter((t): t is string => !!t && t.trim() !== '').map(escapeDoc).join('\n\n');
  return body ? [{ description: body }] : [];
}

/** A JS literal for plain data, deterministic and readable. */
export function literal(value: unknown): string {
  return JSON.stringify(value);
}
