// @ts-check
// The spec as the generator sees it: the bundled document and its IR (the same loader and
// model that write the *.gen.ts files), so the docs never read the spec a second way.
import { CodegenError, buildIR, formatDiagnostic, loadSpec } from '@hem/codegen';
import { DocsError } from './sections.mjs';

/** @typedef {import('@hem/codegen').IR} IR */

/**
 * The one loader (Redocly under the resolve policy): a refusal is a DocsError with its pointer.
 * @param {string} spec path of the spec
 * @returns {Promise<{ document: any, ir: IR }>}
 */
export async function loadIR(spec) {
  let loaded;
  try {
    loaded = await loadSpec(spec);
  } catch (error) {
    if (!(error instanceof CodegenError)) throw error;
    const errors = error.diagnostics.filter((d) => d.severity === 'error');
    throw new DocsError(errors[0]?.pointer ?? '#', `${spec} cannot be loaded:\n${errors.map(formatDiagnostic).join('\n')}`);
  }
  for (const w of loaded.warnings) console.warn(`docs: ${formatDiagnostic(w)}`);
  const { document } = loaded;
  const { ir, diagnostics } = buildIR(document);
  const errors = diagnostics.list.filter((d) => d.severity === 'error');
  if (errors.length) throw new DocsError(errors[0]?.pointer ?? '#', `the spec does not model cleanly:\n${errors.map(formatDiagnostic).join('\n')}`);
  return { document, ir };
}
