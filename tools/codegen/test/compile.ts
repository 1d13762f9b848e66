// Type-checks generated files in memory, with the workspace's real node_modules for imports.
import { Project, ts } from 'ts-morph';

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
    },
    skipAddingFilesFromTsConfig: true,
  });
  for (const [path, text] of files) project.createSourceFile(`${dir}/${path}`, text, { overwrite: true });
  return project.getPreEmitDiagnostics().map((d) => {
    const file = d.getSourceFile()?.getBaseName() ?? '';
    return `${file}:${d.getLineNumber() ?? 0} ${ts.flattenDiagnosticMessageText(d.getMessageText() as any, '\n')}`;
  });
}
