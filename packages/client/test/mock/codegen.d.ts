// The generator's loader, which the tests use to read the spec's examples; @hem/codegen is
// private and ships no declarations.
declare module '@hem/codegen' {
  export function loadSpec(path: string): Promise<{ document: Record<string, unknown>; files: string[] }>;
}
