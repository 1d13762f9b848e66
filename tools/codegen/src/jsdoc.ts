// Shared helpers for emitters: documentation and exported declarations. Every piece of
// spec text goes through escape.ts here; these helpers only arrange it.
import type { JSDocStructure, JSDocTagStructure, OptionalKind } from 'ts-morph';
import { dataLiteral, docLines, docTagValue } from './escape.js';
import { tsMorph } from './ts-morph.js';

/** The paragraphs of a JSDoc block as escaped lines, empty texts left out. */
function paragraphs(texts: (string | undefined)[]): string[] {
  const kept = texts.filter((t): t is string => !!t && t.trim() !== '').map(docLines);
  return kept.flatMap((lines, i) => (i === 0 ? lines : ['', ...lines]));
}

/** JSDoc structures from optional texts and tags; nothing when all are empty. */
export function docs(...texts: (string | undefined)[]): OptionalKind<JSDocStructure>[] {
  return docsWithTags(texts);
}

/** JSDoc structures from optional paragraphs and [tag, value] pairs (values are spec text, escaped). */
export function docsWithTags(texts: (string | undefined)[], tags: [string, string][] = []): OptionalKind<JSDocStructure>[] {
  const body = paragraphs(texts).join('\n');
  const jsTags: OptionalKind<JSDocTagStructure>[] = tags.map(([tagName, value]) => ({ tagName, ...(value ? { text: docTagValue(value) } : {}) }));
  return body || jsTags.length ? [{ ...(body ? { description: body } : {}), ...(jsTags.length ? { tags: jsTags } : {}) }] : [];
}

/** The lines of a JSDoc block (without the comment's own markers). */
export function docBlockLines(texts: (string | undefined)[], tags: [string, string][] = []): string[] {
  return [...paragraphs(texts), ...tags.map(([tag, value]) => `@${tag}${value ? ` ${docTagValue(value)}` : ''}`)];
}

/**
 * `export const name = initializer;` with JSDoc, as final text: ts-morph prints the JSDoc, and
 * the initializer (laid out by CodeBlockWriter, ts-morph.ts) keeps its own indentation (a
 * VariableStatement structure would hang-indent every line after its first).
 */
export function constStatement(name: string, initializer: string, jsdoc: OptionalKind<JSDocStructure>[]): string {
  const { printStructure, StructureKind } = tsMorph();
  return [...jsdoc.map((d) => printStructure({ kind: StructureKind.JSDoc, ...d })), `export const ${name} = ${initializer};`].join('\n');
}

/** `export type name = type;` with JSDoc, as final text (see constStatement). */
export function typeStatement(name: string, type: string, jsdoc: OptionalKind<JSDocStructure>[]): string {
  const { printStructure, StructureKind } = tsMorph();
  return [...jsdoc.map((d) => printStructure({ kind: StructureKind.JSDoc, ...d })), `export type ${name} = ${type};`].join('\n');
}

/** A JSDoc block as text at `indent`, from optional paragraphs and tags; '' when all are empty. */
export function docText(indent: string, texts: (string | undefined)[], tags: [string, string][] = []): string {
  const lines = docBlockLines(texts, tags);
  if (lines.length === 0) return '';
  if (lines.length === 1) return `${indent}/** ${lines[0]} */\n`;
  return `${indent}/**\n${lines.map((line) => (line ? `${indent} * ${line}` : `${indent} *`)).join('\n')}\n${indent} */\n`;
}

/** JSDoc tags a schema node carries: deprecation and its default. */
export function schemaTags(node: { deprecated: boolean; default?: unknown }): [string, string][] {
  return [
    ...(node.deprecated ? ([['deprecated', '']] as [string, string][]) : []),
    ...('default' in node && node.default !== undefined ? ([['default', dataLiteral(node.default)]] as [string, string][]) : []),
  ];
}
