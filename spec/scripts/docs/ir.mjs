// @ts-check
// The spec as the docs read it. Operation facts (method, path, parameters, statuses and
// codes, security, scopes, roles, TLS, audit, read-back, effect) come from @hem/types's
// OPERATIONS, the tables the client and the mock enforce, so the page shows what the
// packages do. The generator's IR (the same loader and model that write the *.gen.ts files)
// is kept for what those tables do not carry: summaries, descriptions, examples and their
// JSON pointers, the client's method names, bearer formats and the key-type table.
//
// So the page documents one spec: the one @hem/types is generated from. A spec passed with
// --spec is loaded and refused like any other (the hostile tests rely on that); one that
// loads but disagrees with the tables (another spec, or @hem/types not regenerated and
// rebuilt) is refused by name rather than documented with another spec's facts.
// The loader's own entry: a spec it refuses is refused before the model and the emitters
// (the generator's index) load.
import { CodegenError, formatDiagnostic, loadSpec } from '@hem/codegen/load';
import { OPERATIONS } from '@hem/types';
import { DocsError } from './sections.mjs';

/** @typedef {import('@hem/codegen').IR} IR */
/** @typedef {import('@hem/codegen').OperationIR} OperationIR */
/** @typedef {import('@hem/types').OperationSpec} OperationSpec */
/** One operation as the page shows it: its facts from @hem/types, its words and examples from the IR. @typedef {{ table: OperationSpec, ir: OperationIR }} DocOperation */

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
  const { buildIR } = await import('@hem/codegen');
  const { ir, diagnostics } = buildIR(document);
  const errors = diagnostics.list.filter((d) => d.severity === 'error');
  if (errors.length) throw new DocsError(errors[0]?.pointer ?? '#', `the spec does not model cleanly:\n${errors.map(formatDiagnostic).join('\n')}`);
  return { document, ir };
}

const same = (/** @type {unknown} */ a, /** @type {unknown} */ b) => JSON.stringify(a) === JSON.stringify(b);

/**
 * Where the IR's operation and its table disagree on a fact the page shows; undefined when
 * they agree. The whole-file comparison is the drift check's job (`hem-codegen types --check`).
 * @param {OperationIR} op @param {OperationSpec} table
 */
function disagreement(op, table) {
  if (table.method !== op.method.toUpperCase() || table.path !== op.path) return `${op.id} is ${op.method.toUpperCase()} ${op.path} here, ${table.method} ${table.path} there`;
  const params = op.parameters.map((p) => [p.name, p.in, p.required]);
  if (
    !same(
      params,
      table.params.map((p) => [p.name, p.in, p.required]),
    )
  )
    return `${op.id} has other parameters`;
  if (
    !same(
      op.security.map((r) => r.schemes.map((s) => s.name)),
      table.security,
    )
  )
    return `${op.id} has other security requirements`;
  const errors = op.responses.filter((r) => /^[45]\d\d$/.test(r.status));
  if (
    !same(
      errors.map((r) => r.status),
      Object.keys(table.statuses),
    )
  )
    return `${op.id} lists other error statuses`;
  for (const r of errors) {
    const row = /** @type {Record<string, { code: string, meaning: string }>} */ (table.statuses)[r.status];
    if ((r.hem?.errorCode && row?.code !== r.hem.errorCode) || row?.meaning !== r.description.trim()) return `${op.id} ${r.status} has another code or description`;
  }
  const hem = op.hem;
  const facts = hem && {
    tls: hem.tls ?? 'optional',
    scopes: hem.scopes ?? [],
    roles: hem.roles ?? null,
    kidFrom: hem.kidFrom ?? null,
    readBack: hem.readBack ? { parameter: hem.readBack.parameter, compare: hem.readBack.compare, statuses: hem.readBack.statuses.map(Number) } : null,
    audit: hem.audit ?? [],
    effect: hem.effect ? { ...hem.effect, ...(hem.effect.refused ? { refused: Number(hem.effect.refused) } : {}) } : null,
  };
  const tabled = table.hem && {
    tls: table.hem.tls,
    scopes: table.hem.scopes,
    roles: table.hem.roles,
    kidFrom: table.hem.kidFrom,
    readBack: table.hem.readBack,
    audit: table.hem.audit,
    effect: table.hem.effect,
  };
  if (!same(facts, tabled)) return `${op.id} has other x-hem-* rules`;
  return undefined;
}

/**
 * Joins each operation of the IR with its table in @hem/types. A spec whose operations the
 * tables do not describe is refused: the page would show another spec's facts.
 * @param {IR} ir @param {string} spec @param {Readonly<Record<string, OperationSpec>>} [tables]
 * @returns {DocOperation[]}
 */
export function docOperations(ir, spec, tables = OPERATIONS) {
  const refuse = (/** @type {string} */ pointer, /** @type {string} */ why) =>
    new DocsError(
      pointer,
      `${spec} is not the spec @hem/types was generated from (${why}). The page shows the operation tables of @hem/types, so it documents that spec only: after changing spec/openapi.yaml run \`pnpm generate\` and \`pnpm build\`; another spec is not documented by this build.`,
    );
  const ops = ir.operations.map((op) => {
    const table = Object.hasOwn(tables, op.id) ? tables[op.id] : undefined;
    if (!table) throw refuse(op.pointer, `${op.id} is not in its OPERATIONS`);
    const why = disagreement(op, table);
    if (why) throw refuse(op.pointer, why);
    return { table, ir: op };
  });
  const extra = Object.keys(tables).find((id) => !ir.operations.some((op) => op.id === id));
  if (extra) throw refuse('#/paths', `its OPERATIONS has ${extra}, which this spec lacks`);
  return ops;
}

/**
 * The spec loaded, modelled and joined with the tables: everything the page is made of.
 * @param {string} spec path of the spec
 */
export async function loadDocs(spec) {
  const { document, ir } = await loadIR(spec);
  return { document, ir, operations: docOperations(ir, spec) };
}
