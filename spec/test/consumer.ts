// How the spec tests compile code a user writes against @hem/client (the README example, the
// docs samples): a strict NodeNext project with Node's types, as a consumer would set it up.
import type ts from 'typescript';

export function consumerOptions(typescript: typeof ts): ts.CompilerOptions {
  return {
    strict: true,
    exactOptionalPropertyTypes: true,
    noUncheckedIndexedAccess: true,
    target: typescript.ScriptTarget.ES2022,
    module: typescript.ModuleKind.NodeNext,
    moduleResolution: typescript.ModuleResolutionKind.NodeNext,
    types: ['node'],
    skipLibCheck: true,
  };
}
