// Shared helpers for emitters: documentation, literals, exported constants.
import { StructureKind, VariableDeclarationKind, type JSDocStructure, type OptionalKind, type StatementStructures } from 'ts-morph';

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

/** A JSDoc comment written inline (inside an array or object literal): one line or a block. */
export function inlineDoc(text: string): string {
  const lines = escapeDoc(text).split('\n');
  return lines.length === 1 ? `/** ${lines[0]} */` : `/**\n${lines.map((line) => (line ? ` * ${line}` : ' *')).join('\n')}\n */`;
}

/** `export const name = initializer;` with JSDoc. */
export function exportedConst(name: string, initializer: string, jsdoc: OptionalKind<JSDocStructure>[]): StatementStructures {
  return {
    kind: StructureKind.VariableStatement,
    isExported: true,
    declarationKind: VariableDeclarationKind.Const,
    docs: jsdoc,
    declarations: [{ name, initializer }],
  };
}

/** A JSDoc block as text at `indent`, from optional paragraphs and tags; '' when all are empty. */
export function docText(indent: string, texts: (string | undefined)[], tags: [string, string][] = []): string {
  const body = texts.filter((t): t is string => !!t && t.trim() !== '').map(escapeDoc).join('\n\n');
  const lines = [...(body ? body.split('\n') : []), ...tags.map(([tag, value]) => escapeDoc(`@${tag}${value ? ` ${value}` : ''}`))];
  if (lines.length === 0) return '';
  if (lines.length === 1 && !lines[0]!.includes('*/')) return `${indent}/** ${lines[0]} */\n`;
  return `${indent}/**\n${lines.map((line) => (line ? `${indent} * ${line}` : `${indent} *`)).join('\n')}\n${indent} */\n`;
}

/** JSDoc tags a schema node carries: deprecation and its default. */
export function schemaTags(node: { deprecated: boolean; default?: unknown }): [string, string][] {
  return [...(node.deprecated ? ([['deprecated', '']] as [string, string][]) : []), ...('default' in node && node.default !== undefined ? ([['default', literal(node.default)]] as [string, string][]) : [])];
}
