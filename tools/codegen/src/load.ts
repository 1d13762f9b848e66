// The only stage that reads files or calls a spec library: bundle the spec into one
// document whose $refs are all internal.
import { bundle, createConfig } from '@redocly/openapi-core';
import { CodegenError } from './errors.js';

export interface LoadedSpec {
  /** The bundled document; component schemas keep their names, external files are inlined. */
  document: Record<string, any>;
  /** Every file the spec was read from, for watch and cache inputs. */
  files: string[];
}

export async function loadSpec(path: string): Promise<LoadedSpec> {
  const config = await createConfig({});
  const result = await bundle({ ref: path, config, dereference: false });
  const broken = result.problems.filter((p) => p.severity === 'error');
  if (broken.length > 0) {
    const first = broken[0]!;
    const where = first.location[0]?.pointer ?? '#';
    throw new CodegenError(where, `${first.message} (${broken.length} problem(s) bundling ${path})`);
  }
  const document = result.bundle.parsed as Record<string, any>;
  if (!/^3\.[01]\./.test(String(document.openapi ?? ''))) {
    throw new CodegenError('#/openapi', `OpenAPI ${document.openapi ?? '(missing)'} is not supported: use 3.0 or 3.1.`);
  }
  return { document, files: [...result.fileDependencies] };
}
