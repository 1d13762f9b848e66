// What every part of the model shares: the document, its OpenAPI version, the diagnostics
// of the run, and $ref resolution inside the bundled document.
import type { Diagnostics } from '../diagnostics.js';
import { get, type Pointer } from '../pointer.js';

export type Json = Record<string, unknown>;

export interface ModelContext {
  doc: Json;
  version: '3.0' | '3.1';
  diags: Diagnostics;
  /** The operation being modelled, named in diagnostics. */
  operation?: string;
  /** Component schemas that use $dynamicRef (computed once per document). */
  generic?: Set<string>;
}

export const isObject = (v: unknown): v is Json => v !== null && typeof v === 'object' && !Array.isArray(v);
/** `v` when it is an object, else an empty one: for reading optional sections. */
export const objectOr = (v: unknown): Json => (isObject(v) ? v : {});

/**
 * Follows local `$ref`s until a node without one; returns it with its pointer. A ref that
 * leaves the document or points at nothing is an error (undefined is returned).
 */
export function resolve(ctx: ModelContext, node: unknown, pointer: Pointer): [Json, Pointer] | undefined {
  let at = pointer;
  let current = node;
  for (let hops = 0; isObject(current) && typeof current.$ref === 'string'; hops++) {
    const ref: string = current.$ref;
    if (!ref.startsWith('#')) {
      ctx.diags.error(at, `external $ref "${ref}" is left after bundling: bundle the spec first (hem-codegen loads files through the bundler).`, opOf(ctx));
      return undefined;
    }
    const target = get(ctx.doc, ref);
    if (target === undefined) {
      ctx.diags.error(at, `$ref "${ref}" points at nothing: fix the reference.`, opOf(ctx));
      return undefined;
    }
    if (hops > 64) {
      ctx.diags.error(at, `$ref chain from "${ref}" does not end.`, opOf(ctx));
      return undefined;
    }
    at = ref;
    current = target;
  }
  if (!isObject(current)) {
    ctx.diags.error(at, `expected an object here, found ${JSON.stringify(current)?.slice(0, 40) ?? 'nothing'}.`, opOf(ctx));
    return undefined;
  }
  return [current, at];
}

/** The `operation` field of a diagnostic, when one is being modelled. */
export const opOf = (ctx: ModelContext): { operation?: string } => (ctx.operation ? { operation: ctx.operation } : {});
