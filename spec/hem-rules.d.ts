// Types of hem-rules.js for its TypeScript caller (tools/codegen).
export interface HemProblem {
  /** Reference tokens below the checked object. */
  path: string[];
  message: string;
}
export type HemObjectKind = 'operation' | 'response' | 'schema';
export declare const HEM_OBJECT_KINDS: readonly HemObjectKind[];
export declare function hemChecker(schema: object): { check(kind: HemObjectKind, node: unknown): HemProblem[] };
export declare function keyTableProblems(
  values: readonly unknown[],
  formats: Record<string, { family: string; curve: string; oid: string }>,
  families: Record<string, unknown> | undefined,
): HemProblem[];
