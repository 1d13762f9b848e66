// The only stage that reads files or calls a spec library: bundle the spec into one
// document whose $refs are all internal.
import { bundle, createConfig } from '@redocly/openapi-core';
import { CodegenError, type Diagnostic } from './diagnostics.js';

export interface LoadedSpec {
  /** The bundled document; component schemas keep their names, external files are inlined. */
  document: Record<string, any>;
  /** Every file the spec was read from, for watch and cache inputs. */
  files: string[];
}

/** Bundles `path`; a document that cannot be read or bundled is a CodegenError with every problem. */
export async function loadSpec(path: string): Promise<LoadedSpec> {
  const config = await createConfig({});
  let result;
  try {
    result = await bundle({ ref: path, config, dereference: false });
  } catch (error) {
    throw new CodegenError([{ severity: 'error', pointer: '#', message: `cannot read ${path}: ${(error as Error).message}` }]);
  }
  const broken: Diagnostic[] = result.problems
    .filter((p) => p.severity === 'error')
    .map((p) => ({ severity: 'error', pointer: p.location[0]?.pointer ?? '#', message: `${p.message} (while bundling ${path})` }));
  if (broken.length > 0) throw new CodegenError(broken);
  const document = result.bundle.parsed as Record<string, any>;
  if (document === null || typeof document !== 'object' || Array.isArray(document)) {
    throw new CodegenError([{ severity: 'error', pointer: '#', message: `${path} is not an OpenAPI document (no object at its root).` }]);
  }
  return { document, files: [...result.fileDependencies] };
}
