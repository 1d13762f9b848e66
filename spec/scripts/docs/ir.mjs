// @ts-check
// The spec as the generator sees it: the bundled document and its IR (the same loader and
// model that write the *.gen.ts files), so the docs never read the spec a second way.
import { buildIR, formatDiagnostic, loadSpec } from '@hem/codegen';

/** @typedef {import('@hem/codegen').IR} IR */

/**
 * @param {string} spec path of the spec
 * @returns {Promise<{ document: any, ir: IR }>}
 */
export async function loadIR(spec) {
  const { document } = await loadSpec(spec);
  const { ir, diagnostics } = buildIR(document);
  const errors = diagnostics.list.filter((d) => d.severity === 'error');
  if (errors.length) throw new Error(`the spec does not model cleanly:\n${errors.map(formatDiagnostic).join('\n')}`);
  return { document, ir };
}
