// What the generator says about a document: refusals (errors) and safe losses (warnings),
// each with the JSON pointer of the place. A run collects them all and reports them at once.
import type { Pointer } from './pointer.js';

/** A generator target; undefined on a diagnostic means "every target". */
export type TargetName = 'types' | 'validator' | 'client';

export interface Diagnostic {
  severity: 'error' | 'warning';
  pointer: Pointer;
  message: string;
  /** The operation the place belongs to, when it belongs to one. */
  operation?: string;
  /** The targets that cannot express it; absent: the document itself is the problem. */
  targets?: TargetName[];
}

/** Collects diagnostics; the same pointer and message is kept once. */
export class Diagnostics {
  readonly list: Diagnostic[] = [];
  private readonly seen = new Set<string>();

  add(d: Diagnostic): void {
    const key = `${d.severity}\0${d.pointer}\0${d.message}\0${d.targets?.join(',') ?? ''}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    this.list.push(d);
  }
  error(pointer: Pointer, message: string, extra: Partial<Diagnostic> = {}): void {
    this.add({ severity: 'error', pointer, message, ...extra });
  }
  warn(pointer: Pointer, message: string, extra: Partial<Diagnostic> = {}): void {
    this.add({ severity: 'warning', pointer, message, ...extra });
  }
  get errors(): Diagnostic[] {
    return this.list.filter((d) => d.severity === 'error');
  }
}

/** True when a diagnostic stops `target` (document-wide errors stop every target). */
export const blocks = (d: Diagnostic, target: TargetName): boolean => d.severity === 'error' && (!d.targets || d.targets.includes(target));

/** One line for a person: `error  #/paths/...  (getKey; client) what is wrong and what to do`. */
export function formatDiagnostic(d: Diagnostic): string {
  const scope = [d.operation, d.targets?.join(', ')].filter(Boolean).join('; ');
  return `${d.severity === 'error' ? 'error  ' : 'warning'} ${d.pointer}${scope ? ` (${scope})` : ''}: ${d.message}`;
}

/** Thrown when a run has errors: nothing was written. Carries every diagnostic of the run. */
export class CodegenError extends Error {
  override name = 'CodegenError';
  readonly diagnostics: Diagnostic[];
  constructor(diagnostics: Diagnostic[]) {
    const errors = diagnostics.filter((d) => d.severity === 'error');
    super(`${errors.length} problem(s); nothing was written:\n${errors.map(formatDiagnostic).join('\n')}`);
    this.diagnostics = diagnostics;
  }
  /** The first error's pointer, for callers that show one place. */
  get pointer(): Pointer {
    return this.diagnostics.find((d) => d.severity === 'error')?.pointer ?? '#';
  }
}
