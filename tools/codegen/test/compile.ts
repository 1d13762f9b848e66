// Type-checks generated files in memory, with the workspace's real node_modules for imports.
import { fileURLToPath } from 'node:url';
import { Project, ts } from 'ts-morph';

// The validator runtime that generated zod calls into takes its types from @hem/types.
const TYPES = fileURLToPath(new URL('../../../packages/types/src/index.ts', import.meta.url));

export function diagnostics(files: Map<string, string>, dir: string): string[] {
  const project = new Project({
    compilerOptions: {
      strict: true,
      noEmit: true,
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.NodeNext,
      moduleResolution: ts.ModuleResolutionKind.NodeNext,
      skipLibCheck: true,
      types: [],
      paths: { '@hem/types': [TYPES] },
    },
    skipAddingFilesFromTsConfig: true,
  });
  for (const [path, text] of files) project.createSourceFile(`${dir}/${path}`, text, { overwrite: true });
  return project.getPreEmitDiagnostics().map((d) => {
    const file = d.getSourceFile()?.getBaseName() ?? '';
    return `${file}:${d.getLineNumber() ?? 0} ${ts.flattenDiagnosticMessageText(d.getMessageText() as any, '\n')}`;
  });
}
