// The part of @hem/codegen's loader spec-diff uses (the package is private and ships no
// declarations). One loader and one resolve policy for every tool: tools/codegen/src/load.ts.
declare module '@hem/codegen/load' {
  export interface ResolvePolicy {
    allowDirs?: readonly string[];
    maxFileBytes?: number;
    maxDocumentBytes?: number;
    maxNodes?: number;
    maxDepth?: number;
  }
  export interface Diagnostic {
    severity: 'error' | 'warning';
    pointer: string;
    message: string;
  }
  export function loadSpec(path: string, options?: ResolvePolicy): Promise<{ document: Record<string, unknown>; files: string[]; warnings: Diagnostic[] }>;
  export class CodegenError extends Error {
    readonly diagnostics: Diagnostic[];
  }
  export function formatDiagnostic(diagnostic: Diagnostic): string;
  export class PolicyError extends Error {}
  export const POLICY_FLAGS: {
    'allow-dir': { type: 'string'; multiple: true };
    'max-file-bytes': { type: 'string' };
    'max-document-bytes': { type: 'string' };
    'max-nodes': { type: 'string' };
    'max-depth': { type: 'string' };
  };
  export const POLICY_USAGE: string;
  export function policyFromFlags(values: Record<string, unknown>, cwd: string): ResolvePolicy;
}
