// The part of @hem/codegen's public API the docs use (from its index, and the loader from its
// ./load entry), typed from the generator's own IR and diagnostics modules: the package is
// private and ships no declarations, and its model sources are checked under its own
// compiler options, not this package's.
import type { Diagnostic } from '../../../tools/codegen/src/diagnostics.js';
import type { IR } from '../../../tools/codegen/src/ir.js';

export type { Diagnostic, IR };
export type * from '../../../tools/codegen/src/ir.js';
export function loadSpec(spec: string): Promise<{ document: Record<string, unknown>; files: string[]; warnings: Diagnostic[] }>;
export class CodegenError extends Error {
  readonly diagnostics: Diagnostic[];
}
export function buildIR(document: Record<string, unknown>): { ir: IR; diagnostics: { list: Diagnostic[] } };
export function formatDiagnostic(diagnostic: Diagnostic): string;
export function escapeToken(token: string | number): string;
export function atPointer(doc: unknown, pointer: string): unknown;
