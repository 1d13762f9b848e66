// Shared helpers for emitters: documentation, literals, exported constants.
import type { JSDocStructure, OptionalKind, StatementStructures } from 'ts-morph';
import { tsMorph } from './ts-morph.js';

/** Escapes text for a JSDoc block: a literal `*\/` would end the comment. */
export function escapeDoc(text: string): string {
  return text.replaceAll('*/', '*\\/').trim();
}

/** JSDoc structures from optional texts; nothing when every text is empty. */
export function docs(...texts: (string | undefined)[]): OptionalKind<JSDocStructure>[] {
  const body = texts
    .filter((t): t is string => !!t && t.trim() !== '')
    .map(escapeDoc)
    .join('\n\n');
  return body ? [{ description: body }] : [];
}

/** A JS literal for plain data, deterministic and readable: JSON with a space after each `,` and inside `{ }`. */
export function literal(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(literal).join(', ')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value).filter(([, v]) => v !== undefined);
    return entries.length ? `{ ${entries.map(([k, v]) => `${JSON.stringify(k)}: ${literal(v)}`).join(', ')} }` : '{}';
  }
  return JSON.stringify(value) ?? 'undefined';
}

/** A JSDoc comment written inline (inside an array or object literal): one line or a block. */
export function inlineDoc(text: string): string {
  const lines = escapeDoc(text).split('\n');
  return lines.length === 1 ? `/** ${lines[0]} */` : `/**\n${lines.map((line) => (line ? ` * ${line}` : ' *')).join('\n')}\n */`;
}

/** `export const name = initializer;` with JSDoc. */
export function exportedConst(name: string, initializer: string, jsdoc: OptionalKind<JSDocStructure>[]): StatementStructures {
  return {
    kind: tsMorph().StructureKind.VariableStatement,
    isExported: true,
    declarationKind: tsMorph().VariableDeclarationKind.Const,
    docs: jsdoc,
    declarations: [{ name, initializer }],
  };
}

/** A JSDoc block as text at `indent`, from optional paragraphs and tags; '' when all are empty. */
export function docText(indent: string, texts: (string | undefined)[], tags: [string, string][] = []): string {
  const body = texts
    .filter((t): t is string => !!t && t.trim() !== '')
    .map(escapeDoc)
    .join('\n\n');
  const lines = [...(body ? body.split('\n') : []), ...tags.map(([tag, value]) => escapeDoc(`@${tag}${value ? ` ${value}` : ''}`))];
  if (lines.length === 0) return '';
  if (lines.length === 1 && !lines[0]!.includes('*/')) return `${indent}/** ${lines[0]} */\n`;
  return `${indent}/**\n${lines.map((line) => (line ? `${indent} * ${line}` : `${indent} *`)).join('\n')}\n${indent} */\n`;
}

/** JSDoc tags a schema node carries: deprecation and its default. */
export function schemaTags(node: { deprecated: boolean; default?: unknown }): [string, string][] {
  return [
    ...(node.deprecated ? ([['deprecated', '']] as [string, string][]) : []),
    ...('default' in node && node.default !== undefined ? ([['default', literal(node.default)]] as [string, string][]) : []),
  ];
}
